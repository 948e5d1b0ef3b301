#include "ruralsim/sim/calendar.hpp"

#include <charconv>

#include "ruralsim/sim/error.hpp"

namespace ruralsim::sim {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
std::int64_t Date::serial() const noexcept {
    const int y = year - (month <= 2);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date Date::from_serial(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int Date::days_in_month(int year, int month) noexcept {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool Date::valid(int y, int m, int d) noexcept {
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

Date Date::parse(std::string_view s) {
    auto bad = [&] { return Error("invalid date '" + std::string(s) + "': expected YYYY-MM-DD"); };
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') throw bad();
    auto num = [&](std::size_t at, std::size_t len) {
        int v = 0;
        auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + len, v);
        if (ec != std::errc() || p != s.data() + at + len) throw bad();
        return v;
    };
    Date d{num(0, 4), num(5, 2), num(8, 2)};
    if (!valid(d.year, d.month, d.day)) throw bad();
    return d;
}

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

int Date::day_of_year() const noexcept { return static_cast<int>(serial() - Date{year, 1, 1}.serial()) + 1; }

int Date::weekday() const noexcept {
    // 1970-01-01 was a Thursday (3 when Monday = 0).
    const std::int64_t s = serial();
    return static_cast<int>(((s % 7) + 7 + 3) % 7);
}

Calendar::Calendar(Date first, Date last)
    : first_(first), last_(last), first_serial_(first.serial()),
      days_(static_cast<int>(last.serial() - first.serial() + 1)) {
    if (days_ <= 0) throw Error("calendar: end " + last.iso() + " is before start " + first.iso());
    day_month_.resize(static_cast<std::size_t>(days_));
    int m = -1;
    for (int d = 0; d < days_; ++d) {
        if (d == 0 || date(d).day == 1) {
            month_first_day_.push_back(d);
            ++m;
        }
        day_month_[static_cast<std::size_t>(d)] = m;
    }
}

int Calendar::month_index(int day) const noexcept { return day_month_[static_cast<std::size_t>(day)]; }

Date Calendar::month_start(int m) const noexcept {
    Date d = date(month_first_day_[static_cast<std::size_t>(m)]);
    d.day = 1;
    return d;
}

bool Calendar::is_month_end(int day) const noexcept { return day == days_ - 1 || date(day + 1).day == 1; }

bool Calendar::is_year_end(int day) const noexcept {
    const Date d = date(day);
    return day == days_ - 1 || (d.month == 12 && d.day == 31);
}

int Calendar::index_of(Date d) const noexcept {
    const std::int64_t i = d.serial() - first_serial_;
    return (i < 0 || i >= days_) ? -1 : static_cast<int>(i);
}

}  // namespace ruralsim::sim
