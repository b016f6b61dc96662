#pragma once
// UTC strings of the caches ("YYYY-MM-DDThh:mm:ss[.fff]", D§2 field 0) ↔ seconds since
// 1970-01-01T00:00:00 (leap seconds ignored: only used to place points on a time axis).

#include <string>
#include <string_view>

#include "base/calendar.hpp"

namespace lpm::plot {

// NaN when the text is not of that form (base/calendar.hpp).
using ::lpm::parse_utc_seconds;

// "YYYY-MM-DD" and "YYYY-MM-DD hh:mm" of a time in seconds since 1970.
std::string format_date(double seconds);
std::string format_date_minutes(double seconds);

}  // namespace lpm::plot
