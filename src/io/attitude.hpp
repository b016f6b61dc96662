#pragma once
// The LP spin-axis attitude table attitude.tab (D§2.6) and its interpolation in time.
// Times are ET seconds supplied by the caller, so io does not depend on the spice stage.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lpm::io {

struct AttitudeRecord {
  std::string utc;       // START_TIME "yyyy-mm-ddThh:mm" as written
  double rpm = 0.0;      // spin rate, rpm
  double ra_deg = 0.0;   // spin-axis ecliptic longitude (ECLIPJ2000), deg
  double dec_deg = 0.0;  // spin-axis ecliptic latitude (ECLIPJ2000), deg
  std::size_t line = 0;  // 1-based line in the file (0 if not read from a file)
};

// Reads attitude.tab: comma-separated "yyyy-mm-ddThh:mm, rpm, ra, dec" records (42-byte
// fixed-width with CRLF in the archive; LF, extra spaces and blank lines are tolerated; a
// seconds part "hh:mm:ss" is accepted too). Throws std::runtime_error naming file and line for
// a malformed record, and when the file holds no record or cannot be read.
std::vector<AttitudeRecord> read_attitude_table(const std::filesystem::path& path);

// Writes the archive format: "yyyy-mm-ddThh:mm,F7.3,F7.2,F7.2" + CRLF (42 bytes a record),
// atomically. Throws std::invalid_argument if a UTC is not 16 characters or a value does not
// fit its field width.
void write_attitude_table(const std::filesystem::path& path, const std::vector<AttitudeRecord>& records);

struct AttitudeSeries {
  std::vector<double> et;  // strictly increasing
  std::vector<double> ra_deg, dec_deg;
};

// Converts each record's UTC with `utc_to_et`. Throws std::runtime_error naming the record's
// line when a conversion fails, gives a non-finite ET, or times are not strictly increasing.
AttitudeSeries make_attitude_series(const std::vector<AttitudeRecord>& records,
                                    const std::function<double(std::string_view)>& utc_to_et);

struct SpinAxis {
  double ra_deg, dec_deg;  // NaN when there is no attitude for the requested time
};

// Spin axis at `et` exactly as the reference (D§2.6): NaN outside [t_first, t_last] or for a
// non-finite et; with one record only an exact time match is valid; otherwise right = first
// index with t_i > et clipped to [1, n-1], left = right-1, RA along the shortest arc (result
// in [0, 360)), Dec linear. et = t_last gives the last record.
SpinAxis interpolate_attitude(const AttitudeSeries& series, double et);

}  // namespace lpm::io
