#include "io/attitude.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "io/input_limits.hpp"
#include "io/regular_file.hpp"
#include "io/text_file.hpp"
#include "io/text_scan.hpp"

namespace lpm::io {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_field_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_field_space(text.back())) text.remove_suffix(1);
  return text;
}

// "yyyy-mm-ddThh:mm" (the archive's START_TIME), optionally followed by ":ss".
bool is_start_time(std::string_view text) {
  static constexpr std::string_view pattern = "dddd-dd-ddTdd:dd:dd";
  if (text.size() != 16 && text.size() != 19) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool digit = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    if (pattern[i] == 'd' ? !digit : text[i] != pattern[i]) return false;
  }
  return true;
}

// Python/numpy float modulo: the result takes the sign of the divisor.
double floor_mod(double x, double m) {
  double r = std::fmod(x, m);
  if (r != 0.0) {
    if ((m < 0) != (r < 0)) r += m;
  } else {
    r = std::copysign(0.0, m);
  }
  return r;
}

std::string record_name(const AttitudeRecord& record, std::size_t index) {
  return record.line ? fmt::format("attitude line {} ({})", record.line, record.utc)
                     : fmt::format("attitude record {} ({})", index + 1, record.utc);
}

}  // namespace

std::vector<AttitudeRecord> read_attitude_table(const std::filesystem::path& path) {
  const std::string text = read_regular_file(path, max_attitude_table_bytes, "attitude table");
  std::vector<AttitudeRecord> records;
  for_each_line(text, [&](std::size_t line_number, std::string_view line) {
    if (is_blank(line)) return;

    auto fail = [&](const std::string& what) {
      return std::runtime_error(fmt::format("{}:{}: {}", path.string(), line_number, what));
    };
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
      std::size_t comma = line.find(',', start);
      fields.push_back(trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (fields.size() != 4)
      throw fail(fmt::format("expected 4 comma-separated fields (UTC, rpm, ra, dec), found {}", fields.size()));
    if (!is_start_time(fields[0])) throw fail(fmt::format("START_TIME '{}' is not yyyy-mm-ddThh:mm", fields[0]));

    AttitudeRecord record;
    record.utc = std::string(fields[0]);
    record.line = line_number;
    static constexpr const char* names[] = {"SPIN_RATE", "RIGHT_ASCENSION", "DECLINATION"};
    double* values[] = {&record.rpm, &record.ra_deg, &record.dec_deg};
    for (int i = 0; i < 3; ++i) {
      FieldScanner scan(fields[i + 1]);
      if (scan.next_double(*values[i]) != ScanResult::ok || !scan.at_end())
        throw fail(fmt::format("unparsable number '{}' for {}", fields[i + 1], names[i]));
    }
    records.push_back(std::move(record));
  });
  if (records.empty()) throw std::runtime_error(fmt::format("{}: holds no attitude records", path.string()));
  return records;
}

void write_attitude_table(const std::filesystem::path& path, const std::vector<AttitudeRecord>& records) {
  std::string text;
  text.reserve(records.size() * 42);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const AttitudeRecord& record = records[i];
    if (record.utc.size() != 16 || !is_start_time(record.utc))
      throw std::invalid_argument(
          fmt::format("attitude writer: record {}: UTC '{}' is not yyyy-mm-ddThh:mm", i + 1, record.utc));
    std::string line =
        fmt::format("{},{:7.3f},{:7.2f},{:7.2f}\r\n", record.utc, record.rpm, record.ra_deg, record.dec_deg);
    bool finite = std::isfinite(record.rpm) && std::isfinite(record.ra_deg) && std::isfinite(record.dec_deg);
    if (!finite || line.size() != 42)
      throw std::invalid_argument(
          fmt::format("attitude writer: record {} ({}): rpm {}, ra {}, dec {} do not fit F7.3, F7.2, F7.2", i + 1,
                      record.utc, record.rpm, record.ra_deg, record.dec_deg));
    text += line;
  }
  write_file_atomically(path, text);
}

AttitudeSeries make_attitude_series(const std::vector<AttitudeRecord>& records,
                                    const std::function<double(std::string_view)>& utc_to_et) {
  AttitudeSeries series;
  series.et.reserve(records.size());
  series.ra_deg.reserve(records.size());
  series.dec_deg.reserve(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const AttitudeRecord& record = records[i];
    double et = 0.0;
    try {
      et = utc_to_et(record.utc);
    } catch (const std::exception& error) {
      throw std::runtime_error(fmt::format("{}: cannot convert the time: {}", record_name(record, i), error.what()));
    }
    if (!std::isfinite(et))
      throw std::runtime_error(fmt::format("{}: time converts to a non-finite ET", record_name(record, i)));
    if (!series.et.empty() && !(et > series.et.back()))
      throw std::runtime_error(fmt::format("{}: time is not after the previous record (times must strictly increase)",
                                           record_name(record, i)));
    series.et.push_back(et);
    series.ra_deg.push_back(record.ra_deg);
    series.dec_deg.push_back(record.dec_deg);
  }
  return series;
}

SpinAxis interpolate_attitude(const AttitudeSeries& series, double et) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double>& t = series.et;
  const std::size_t n = t.size();
  if (n == 0 || !std::isfinite(et) || et < t.front() || et > t.back()) return {nan, nan};
  if (n == 1) return {series.ra_deg[0], series.dec_deg[0]};  // et == t[0] here

  std::size_t right = static_cast<std::size_t>(std::upper_bound(t.begin(), t.end(), et) - t.begin());
  right = std::clamp<std::size_t>(right, 1, n - 1);
  std::size_t left = right - 1;
  double f = (et - t[left]) / (t[right] - t[left]);
  double ra_step = floor_mod(series.ra_deg[right] - series.ra_deg[left] + 180.0, 360.0) - 180.0;  // shortest arc
  double ra = floor_mod(series.ra_deg[left] + f * ra_step, 360.0);
  double dec = series.dec_deg[left] + f * (series.dec_deg[right] - series.dec_deg[left]);
  return {ra, dec};
}

}  // namespace lpm::io
