#include "plot/utc_time.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "base/calendar.hpp"

namespace lpm::plot {
namespace {

bool read_int(std::string_view text, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > text.size()) return false;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
  return ec == std::errc{} && end == text.data() + pos + len;
}

}  // namespace

double parse_utc_seconds(std::string_view text) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  int year, month, day, hour, minute, second;
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
      text[13] != ':' || text[16] != ':')
    return nan;
  if (!read_int(text, 0, 4, year) || !read_int(text, 5, 2, month) || !read_int(text, 8, 2, day) ||
      !read_int(text, 11, 2, hour) || !read_int(text, 14, 2, minute) || !read_int(text, 17, 2, second))
    return nan;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return nan;
  double fraction = 0.0;
  if (text.size() > 20 && text[19] == '.') {
    double scale = 0.1;
    for (std::size_t i = 20; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10)
      fraction += (text[i] - '0') * scale;
  }
  return static_cast<double>(days_since_1970(year, month, day)) * 86400.0 + hour * 3600.0 + minute * 60.0 +
         second + fraction;
}

std::string format_date(double seconds) {
  const CalendarDate date = date_from_days_since_1970(static_cast<std::int64_t>(std::floor(seconds / 86400.0)));
  return fmt::format("{:04d}-{:02d}-{:02d}", date.year, date.month, date.day);
}

std::string format_date_minutes(double seconds) {
  double day_start = std::floor(seconds / 86400.0) * 86400.0;
  auto minutes = static_cast<long>(std::floor((seconds - day_start) / 60.0));
  return fmt::format("{} {:02d}:{:02d}", format_date(seconds), minutes / 60, minutes % 60);
}

}  // namespace lpm::plot
