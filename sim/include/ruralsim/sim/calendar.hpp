#pragma once
/// \file
/// Real-date calendar for daily steps. Dates are proleptic Gregorian; a day
/// index counts days from the run's first day. Month and year indices count
/// calendar months and years from the first day's month and year.
///
/// Example:
/// \code
///   sim::Calendar cal(sim::Date::parse("2021-01-01"), sim::Date::parse("2025-12-31"));
///   cal.days();              // 1826
///   cal.date(59).iso();      // "2021-03-01"
///   cal.is_month_end(30);    // true (2021-01-31)
/// \endcode

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ruralsim::sim {

/// A calendar date.
struct Date {
    int year = 1970;
    int month = 1;  ///< 1..12
    int day = 1;    ///< 1..31

    /// Days since 1970-01-01 (negative before).
    std::int64_t serial() const noexcept;
    static Date from_serial(std::int64_t serial) noexcept;
    /// Parses `YYYY-MM-DD`; throws ruralsim::Error on anything else.
    static Date parse(std::string_view iso);
    /// True when `YYYY-MM-DD` names a real date.
    static bool valid(int year, int month, int day) noexcept;
    std::string iso() const;
    int day_of_year() const noexcept;  ///< 1..366
    int weekday() const noexcept;      ///< 0 = Monday .. 6 = Sunday
    static int days_in_month(int year, int month) noexcept;

    friend bool operator==(const Date&, const Date&) = default;
    friend auto operator<=>(const Date& a, const Date& b) { return a.serial() <=> b.serial(); }
};

/// The days of one run, with month and year boundaries.
class Calendar {
public:
    Calendar(Date first, Date last);

    int days() const noexcept { return days_; }
    int months() const noexcept { return static_cast<int>(month_first_day_.size()); }
    int years() const noexcept { return last_.year - first_.year + 1; }
    Date first() const noexcept { return first_; }
    Date last() const noexcept { return last_; }

    Date date(int day) const noexcept { return Date::from_serial(first_serial_ + day); }
    int month_index(int day) const noexcept;  ///< 0-based month of day `day`
    int year_index(int day) const noexcept { return date(day).year - first_.year; }
    int year_of(int year_index) const noexcept { return first_.year + year_index; }
    /// First day of month `m` (0-based), as a date.
    Date month_start(int m) const noexcept;
    bool is_month_end(int day) const noexcept;
    bool is_year_end(int day) const noexcept;
    bool is_month_start(int day) const noexcept { return date(day).day == 1 || day == 0; }
    /// Day index of a date, or -1 when it lies outside the run.
    int index_of(Date d) const noexcept;

private:
    Date first_, last_;
    std::int64_t first_serial_;
    int days_;
    std::vector<int> month_first_day_;  // day index where each month starts
    std::vector<int> day_month_;        // month index of each day
};

}  // namespace ruralsim::sim
