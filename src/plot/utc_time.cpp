#include "plot/utc_time.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "base/calendar.hpp"

namespace lpm::plot {

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
