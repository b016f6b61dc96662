#include "simulate/attitude_model.hpp"

#include <cmath>
#include <cstdio>

#include "base/calendar.hpp"
#include "base/constants.hpp"
#include "base/portable_trig.hpp"
#include "simulate/rounding.hpp"

namespace lpm::simulate {
std::vector<io::AttitudeRecord> simulated_attitude(std::int64_t first_day, std::int64_t last_day) {
  std::vector<io::AttitudeRecord> records;
  const int per_day = 24 / attitude_record_spacing_hours;
  for (std::int64_t day = first_day; day <= last_day; ++day) {
    CalendarDate date = date_from_days_since_2000(day);
    for (int k = 0; k < per_day && !(day == last_day && k > 0); ++k) {
      int hour = k * attitude_record_spacing_hours;
      double d = static_cast<double>(day) + hour / 24.0;  // days since 2000-01-01
      io::AttitudeRecord r;
      char utc[32];
      std::snprintf(utc, sizeof utc, "%04d-%02d-%02dT%02d:00", date.year, date.month, date.day, hour);
      r.utc = utc;
      r.rpm = round_decimals(11.95 + 0.08 * math::sin(2 * pi * d / 37.0), 3);
      double lon = std::fmod(250.0 + 40.0 * math::sin(2 * pi * d / 151.0) + 360.0, 360.0);
      r.ra_deg = round_decimals(lon, 2);
      r.dec_deg = round_decimals(87.0 + 1.5 * math::sin(2 * pi * d / 97.0), 2);
      records.push_back(r);
    }
  }
  return records;
}

}  // namespace lpm::simulate
