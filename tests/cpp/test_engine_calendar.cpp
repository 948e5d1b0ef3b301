#include <catch2/catch.hpp>

#include "ruralsim/sim/calendar.hpp"
#include "ruralsim/sim/error.hpp"

using ruralsim::sim::Calendar;
using ruralsim::sim::Date;

TEST_CASE("dates round-trip through serial numbers", "[engine][calendar]") {
    for (std::int64_t s = Date{1999, 12, 1}.serial(); s < Date{2101, 3, 1}.serial(); ++s) {
        const Date d = Date::from_serial(s);
        REQUIRE(Date::valid(d.year, d.month, d.day));
        REQUIRE(d.serial() == s);
    }
    CHECK(Date{1970, 1, 1}.serial() == 0);
    CHECK(Date::from_serial(Date{2020, 2, 28}.serial() + 1) == Date{2020, 2, 29});
    CHECK(Date::from_serial(Date{2100, 2, 28}.serial() + 1) == Date{2100, 3, 1});
    CHECK(Date::from_serial(Date{2000, 2, 28}.serial() + 1) == Date{2000, 2, 29});
}

TEST_CASE("dates parse strictly", "[engine][calendar]") {
    CHECK(Date::parse("2021-02-28") == Date{2021, 2, 28});
    CHECK(Date::parse("2024-02-29").iso() == "2024-02-29");
    for (const char* bad : {"2021-02-30", "2021-1-01", "abcd", "", "2021-13-01", "2021-00-10", "2021-01-01x", "20210101"})
        CHECK_THROWS_AS(Date::parse(bad), ruralsim::Error);
}

TEST_CASE("weekdays and days of the year", "[engine][calendar]") {
    CHECK(Date{2021, 1, 1}.weekday() == 4);   // Friday
    CHECK(Date{2022, 11, 11}.weekday() == 4); // Friday
    CHECK(Date{2025, 12, 29}.weekday() == 0); // Monday
    CHECK(Date{2024, 12, 31}.day_of_year() == 366);
    CHECK(Date{2025, 12, 31}.day_of_year() == 365);
}

TEST_CASE("a five-year calendar", "[engine][calendar]") {
    Calendar cal(Date{2021, 1, 1}, Date{2025, 12, 31});
    CHECK(cal.days() == 1826);
    CHECK(cal.months() == 60);
    CHECK(cal.years() == 5);
    CHECK(cal.date(59).iso() == "2021-03-01");
    CHECK(cal.month_index(59) == 2);
    CHECK(cal.is_month_end(30));
    CHECK_FALSE(cal.is_month_end(29));
    CHECK(cal.is_year_end(364));
    CHECK(cal.year_index(365) == 1);
    CHECK(cal.index_of(Date{2020, 12, 31}) == -1);
    CHECK(cal.index_of(Date{2026, 1, 1}) == -1);
    CHECK(cal.index_of(Date{2025, 12, 31}) == 1825);
    CHECK(cal.month_start(59).iso() == "2025-12-01");
    CHECK_THROWS_AS(Calendar(Date{2022, 1, 1}, Date{2021, 1, 1}), ruralsim::Error);
}

TEST_CASE("a calendar starting mid-month", "[engine][calendar]") {
    Calendar cal(Date{2021, 3, 15}, Date{2021, 5, 2});
    CHECK(cal.months() == 3);
    CHECK(cal.month_start(0).iso() == "2021-03-01");
    CHECK(cal.is_month_start(0));
    CHECK(cal.is_month_end(16));  // 2021-03-31
    CHECK(cal.is_month_end(cal.days() - 1));
}
