// Dates and the run calendar (sim/calendar.hpp): serial numbers, parsing,
// weekdays, and the month / year structure of a run.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/error.hpp"
#include "ruralsim/sim/scheduler.hpp"

using ruralsim::sim::Calendar;
using ruralsim::sim::Date;

namespace {
bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
}  // namespace

TEST_CASE("Date: serial numbers round-trip over 1899-2101, leap days included", "[calendar]") {
    // Anchors that fix the epoch and the Gregorian leap rules.
    CHECK(Date{1970, 1, 1}.serial() == 0);
    CHECK(Date{1969, 12, 31}.serial() == -1);
    CHECK(Date{2000, 3, 1}.serial() == 11017);  // 10957 (2000-01-01) + 31 + 29
    CHECK(Date{2021, 1, 1}.serial() == 18628);

    const std::int64_t lo = Date{1899, 12, 1}.serial(), hi = Date{2101, 3, 1}.serial();
    Date prev = Date::from_serial(lo - 1);
    int leap_days = 0;
    for (std::int64_t s = lo; s <= hi; ++s) {
        const Date d = Date::from_serial(s);
        REQUIRE(Date::valid(d.year, d.month, d.day));
        REQUIRE(d.serial() == s);
        REQUIRE(Date::parse(d.iso()) == d);
        // Each serial is the calendar successor of the previous one.
        if (prev.day < Date::days_in_month(prev.year, prev.month)) {
            REQUIRE(d == Date{prev.year, prev.month, prev.day + 1});
        } else if (prev.month < 12) {
            REQUIRE(d == Date{prev.year, prev.month + 1, 1});
        } else {
            REQUIRE(d == Date{prev.year + 1, 1, 1});
        }
        if (d.month == 2 && d.day == 29) {
            ++leap_days;
            REQUIRE(leap(d.year));
        }
        prev = d;
    }
    // 1900 and 2100 are not leap years, 2000 is: 1904..2096 every 4 years = 49 leap days.
    CHECK(leap_days == 49);

    CHECK(Date::from_serial(Date{2020, 2, 28}.serial() + 1) == Date{2020, 2, 29});
    CHECK(Date::from_serial(Date{2020, 2, 29}.serial() + 1) == Date{2020, 3, 1});
    CHECK(Date::from_serial(Date{2100, 2, 28}.serial() + 1) == Date{2100, 3, 1});
    CHECK(Date::from_serial(Date{2000, 2, 28}.serial() + 1) == Date{2000, 2, 29});
    CHECK(Date::valid(2020, 2, 29));
    CHECK(Date::valid(2000, 2, 29));
    CHECK_FALSE(Date::valid(2100, 2, 29));
    CHECK_FALSE(Date::valid(2021, 2, 29));
    CHECK(Date::days_in_month(2100, 2) == 28);
    CHECK(Date::days_in_month(2024, 2) == 29);
    CHECK(Date::days_in_month(2021, 4) == 30);
    CHECK(Date::days_in_month(2021, 13) == 0);
}

TEST_CASE("Date: comparison follows the calendar", "[calendar]") {
    CHECK(Date{2021, 12, 31} < Date{2022, 1, 1});
    CHECK(Date{2021, 2, 1} > Date{2021, 1, 31});
    CHECK(Date{2021, 2, 1} == Date{2021, 2, 1});
    CHECK(Date{2021, 2, 1} != Date{2021, 2, 2});
}

TEST_CASE("Date: parse accepts only real YYYY-MM-DD dates", "[calendar]") {
    CHECK(Date::parse("2020-02-29") == Date{2020, 2, 29});
    CHECK(Date::parse("2100-02-28") == Date{2100, 2, 28});
    CHECK(Date::parse("0001-01-01") == Date{1, 1, 1});
    CHECK(Date::parse("2021-12-31").iso() == "2021-12-31");
    CHECK(Date{2021, 3, 1}.iso() == "2021-03-01");

    for (const char* bad : {"2021-02-30", "2021-1-01", "abcd", "", "2021-02-29", "2100-02-29", "2021-13-01",
                            "2021-00-01", "2021-01-00", "2021-04-31", "2021/01/01", "20210101", " 2021-01-01",
                            "2021-01-01 ", "2021-01-1x", "0000-01-01", "+202-01-01", "2021-+1-01"}) {
        INFO("input: '" << bad << "'");
        CHECK_THROWS_AS(Date::parse(bad), ruralsim::Error);
    }
    // The message repeats the input and the expected format.
    CHECK_THROWS_WITH(Date::parse("2021-02-30"),
                      Catch::Matchers::Contains("2021-02-30") && Catch::Matchers::Contains("YYYY-MM-DD"));
}

TEST_CASE("Date: weekday and day of year of known dates", "[calendar]") {
    CHECK(Date{2021, 1, 1}.weekday() == 4);    // Friday
    CHECK(Date{1970, 1, 1}.weekday() == 3);    // Thursday
    CHECK(Date{2000, 1, 1}.weekday() == 5);    // Saturday
    CHECK(Date{2024, 2, 29}.weekday() == 3);   // Thursday
    CHECK(Date{2021, 1, 4}.weekday() == 0);    // Monday
    CHECK(Date{1969, 12, 28}.weekday() == 6);  // Sunday, before the epoch
    CHECK(Date{1900, 1, 1}.weekday() == 0);    // Monday
    // Weekdays advance by one each day, across month, year and epoch boundaries.
    for (std::int64_t s = -800; s < 800; ++s)
        REQUIRE(Date::from_serial(s + 1).weekday() == (Date::from_serial(s).weekday() + 1) % 7);

    CHECK(Date{2021, 1, 1}.day_of_year() == 1);
    CHECK(Date{2021, 3, 1}.day_of_year() == 60);
    CHECK(Date{2020, 3, 1}.day_of_year() == 61);
    CHECK(Date{2020, 12, 31}.day_of_year() == 366);
    CHECK(Date{2021, 12, 31}.day_of_year() == 365);
}

TEST_CASE("Calendar: 2021-2025 has 1826 days, 60 months and 5 years", "[calendar]") {
    const Calendar cal(Date::parse("2021-01-01"), Date::parse("2025-12-31"));
    REQUIRE(cal.days() == 1826);
    REQUIRE(cal.months() == 60);
    REQUIRE(cal.years() == 5);
    CHECK(cal.first() == Date{2021, 1, 1});
    CHECK(cal.last() == Date{2025, 12, 31});
    CHECK(cal.date(0) == Date{2021, 1, 1});
    CHECK(cal.date(59).iso() == "2021-03-01");
    CHECK(cal.date(1825) == Date{2025, 12, 31});

    // month_index, is_month_end, is_year_end against the dates themselves.
    int month_ends = 0, year_ends = 0;
    for (int d = 0; d < cal.days(); ++d) {
        const Date date = cal.date(d);
        REQUIRE(cal.month_index(d) == 12 * (date.year - 2021) + date.month - 1);
        REQUIRE(cal.year_index(d) == date.year - 2021);
        REQUIRE(cal.index_of(date) == d);
        const bool month_end = date.day == Date::days_in_month(date.year, date.month);
        REQUIRE(cal.is_month_end(d) == month_end);
        REQUIRE(cal.is_month_start(d) == (date.day == 1));
        REQUIRE(cal.is_year_end(d) == (date.month == 12 && date.day == 31));
        month_ends += cal.is_month_end(d);
        year_ends += cal.is_year_end(d);
    }
    CHECK(month_ends == 60);
    CHECK(year_ends == 5);
    CHECK(cal.month_index(30) == 0);
    CHECK(cal.month_index(31) == 1);
    CHECK(cal.month_index(1825) == 59);
    CHECK(cal.is_month_end(30));  // 2021-01-31
    CHECK(cal.is_month_end(58));  // 2021-02-28
    CHECK(cal.is_year_end(364));  // 2021-12-31
    CHECK(cal.is_year_end(1825));
    CHECK(cal.month_start(13) == Date{2022, 2, 1});
    CHECK(cal.month_start(59) == Date{2025, 12, 1});
    CHECK(cal.year_of(0) == 2021);
    CHECK(cal.year_of(4) == 2025);
    CHECK(cal.index_of(Date{2024, 2, 29}) + 1 == cal.index_of(Date{2024, 3, 1}));

    // Outside the run.
    CHECK(cal.index_of(Date{2020, 12, 31}) == -1);
    CHECK(cal.index_of(Date{2026, 1, 1}) == -1);
    CHECK(cal.index_of(Date{1970, 1, 1}) == -1);
    CHECK(cal.index_of(Date{2100, 6, 1}) == -1);
}

TEST_CASE("Calendar: a run starting and ending mid-month", "[calendar]") {
    // 2021-01-15 .. 2021-03-10: 17 + 28 + 10 days in three (partial) months.
    const Calendar cal(Date{2021, 1, 15}, Date{2021, 3, 10});
    REQUIRE(cal.days() == 55);
    REQUIRE(cal.months() == 3);
    CHECK(cal.years() == 1);
    CHECK(cal.month_index(0) == 0);
    CHECK(cal.month_index(16) == 0);  // 2021-01-31
    CHECK(cal.month_index(17) == 1);  // 2021-02-01
    CHECK(cal.month_index(44) == 1);  // 2021-02-28
    CHECK(cal.month_index(45) == 2);  // 2021-03-01
    CHECK(cal.month_index(54) == 2);
    CHECK(cal.is_month_start(0));  // the first day starts the first (partial) month
    CHECK_FALSE(cal.is_month_start(1));
    CHECK(cal.is_month_start(17));
    CHECK(cal.is_month_end(16));
    CHECK_FALSE(cal.is_month_end(15));
    CHECK(cal.is_month_end(54));  // the last day of the run closes its month
    CHECK(cal.is_year_end(54));   // ... and its year
    CHECK_FALSE(cal.is_year_end(53));
    CHECK(cal.month_start(0) == Date{2021, 1, 1});  // a month is named by its first calendar day
    CHECK(cal.month_start(1) == Date{2021, 2, 1});
    CHECK(cal.index_of(Date{2021, 1, 14}) == -1);
    CHECK(cal.index_of(Date{2021, 1, 15}) == 0);
    CHECK(cal.index_of(Date{2021, 3, 10}) == 54);
    CHECK(cal.index_of(Date{2021, 3, 11}) == -1);
}

TEST_CASE("Calendar: years across a year boundary, one-day runs, reversed runs", "[calendar]") {
    const Calendar cal(Date{2021, 12, 15}, Date{2022, 1, 10});
    CHECK(cal.days() == 27);
    CHECK(cal.months() == 2);
    CHECK(cal.years() == 2);
    CHECK(cal.is_year_end(16));  // 2021-12-31
    CHECK(cal.year_index(16) == 0);
    CHECK(cal.year_index(17) == 1);
    CHECK(cal.year_of(1) == 2022);

    const Calendar one(Date{2024, 2, 29}, Date{2024, 2, 29});
    CHECK(one.days() == 1);
    CHECK(one.months() == 1);
    CHECK(one.years() == 1);
    CHECK(one.is_month_start(0));
    CHECK(one.is_month_end(0));
    CHECK(one.is_year_end(0));

    CHECK_THROWS_AS(Calendar(Date{2022, 1, 1}, Date{2021, 12, 31}), ruralsim::Error);
}

TEST_CASE("Calendar: Step::at describes the day", "[calendar]") {
    const Calendar cal(Date{2021, 1, 1}, Date{2021, 12, 31});
    const auto s0 = ruralsim::sim::Step::at(cal, 0);
    CHECK(s0.day == 0);
    CHECK(s0.date == Date{2021, 1, 1});
    CHECK(s0.month_start);
    CHECK_FALSE(s0.month_end);
    CHECK_FALSE(s0.week_start);                        // a Friday
    const auto mon = ruralsim::sim::Step::at(cal, 3);  // 2021-01-04
    CHECK(mon.week_start);
    const auto end = ruralsim::sim::Step::at(cal, 364);
    CHECK(end.month == 11);
    CHECK(end.year == 0);
    CHECK(end.month_end);
    CHECK(end.year_end);
    int mondays = 0;
    for (int d = 0; d < cal.days(); ++d) mondays += ruralsim::sim::Step::at(cal, d).week_start;
    CHECK(mondays == 52);
}
