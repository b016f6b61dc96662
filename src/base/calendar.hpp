#pragma once
// Proleptic Gregorian calendar arithmetic, the one copy of the program: SPICE time and text
// kernels (@dates), ER file names, simulate's days and the plots' time axes. "Formal" seconds
// count every day as 86 400 s (no leap seconds, D§4.6).

#include <charconv>
#include <cstdint>
#include <limits>
#include <string_view>

namespace lpm {

inline constexpr double seconds_per_day = 86400.0;
inline constexpr std::int64_t days_from_1970_to_2000 = 10957;

// Days from 1970-01-01 to the given date (negative before it): Howard Hinnant's civil-from-days
// algorithm on 400-year eras (public domain; valid for any year representable in int).
constexpr std::int64_t days_since_1970(int year, int month, int day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;  // 719468: 0000-03-01 -> 1970-01-01
}

constexpr std::int64_t days_since_2000(int year, int month, int day) {
  return days_since_1970(year, month, day) - days_from_1970_to_2000;
}

struct CalendarDate {
  int year = 2000;
  int month = 1;
  int day = 1;
};

// Inverse of days_since_1970.
constexpr CalendarDate date_from_days_since_1970(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t day_of_era = z - era * 146097;
  const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

// Inverse of days_since_2000.
constexpr CalendarDate date_from_days_since_2000(std::int64_t days) {
  return date_from_days_since_1970(days + days_from_1970_to_2000);
}

constexpr bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// Month 1-12.
constexpr int days_in_month(int year, int month) {
  constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

constexpr bool is_valid_date(int year, int month, int day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// Formal seconds past J2000 (2000-01-01T12:00:00) of midnight starting the given day.
constexpr double formal_seconds_at_midnight(std::int64_t days_since_2000) {
  return static_cast<double>(days_since_2000 * 86400 - 43200);
}

// UTC text of the caches ("YYYY-MM-DDThh:mm:ss[.fff]", 'T' or ' ', D§2 field 0) → formal seconds
// since 1970-01-01T00:00:00 (leap seconds ignored); NaN when the text is not of that form.
inline double parse_utc_seconds(std::string_view text) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  auto read_int = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) return false;
    auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return ec == std::errc{} && end == text.data() + pos + len;
  };
  int year, month, day, hour, minute, second;
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':')
    return nan;
  if (!read_int(0, 4, year) || !read_int(5, 2, month) || !read_int(8, 2, day) || !read_int(11, 2, hour) ||
      !read_int(14, 2, minute) || !read_int(17, 2, second))
    return nan;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return nan;
  double fraction = 0.0;
  if (text.size() > 20 && text[19] == '.') {
    double scale = 0.1;
    for (std::size_t i = 20; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10)
      fraction += (text[i] - '0') * scale;
  }
  return static_cast<double>(days_since_1970(year, month, day)) * 86400.0 + hour * 3600.0 + minute * 60.0 + second +
         fraction;
}

}  // namespace lpm
