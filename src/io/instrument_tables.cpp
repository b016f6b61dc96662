#include "io/instrument_tables.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "base/er_counts.hpp"
#include "io/input_limits.hpp"
#include "io/regular_file.hpp"
#include "io/text_file.hpp"
#include "io/text_scan.hpp"

namespace lpm::io {
namespace {

struct Ring {
  double abs_theta_deg;
  double solid_angle_sr;
  int cells;  // cells at +theta (and again at -theta)
};
// D§2.3/D§2.4, P§1.2: |theta| -> solid angle and cells per ring.
constexpr std::array<Ring, 4> rings = {{{78.75, er_solid_angle_78_75_sr, 4},
                                        {56.25, er_solid_angle_56_25_sr, 8},
                                        {33.75, er_solid_angle_33_75_sr, 16},
                                        {11.25, er_solid_angle_11_25_sr, 16}}};
constexpr double theta_tolerance_deg = 1e-6;

const Ring* ring_for(double theta_deg) {
  for (const Ring& ring : rings)
    if (std::abs(std::abs(theta_deg) - ring.abs_theta_deg) <= theta_tolerance_deg) return &ring;
  return nullptr;
}

const Ring& require_ring(double theta_deg) {
  const Ring* ring = ring_for(theta_deg);
  if (!ring)
    throw std::invalid_argument(
        fmt::format("theta {} deg is not a ring elevation (expected ±78.75, ±56.25, ±33.75 or ±11.25)", theta_deg));
  return *ring;
}

std::string format_lines(const std::array<double, er_channels>& values, const char* format_spec) {
  std::string text;
  for (double value : values) {
    text += fmt::format(fmt::runtime(format_spec), value);
    text += '\n';
  }
  return text;
}

}  // namespace

double solid_angle_for_theta(double theta_deg) { return require_ring(theta_deg).solid_angle_sr; }

int bins_in_ring_for_theta(double theta_deg) { return require_ring(theta_deg).cells; }

InstrumentTables make_instrument_tables(const std::array<double, er_channels>& theta_deg) {
  InstrumentTables tables;
  std::array<int, 2 * rings.size()> counts{};  // [ring index][sign]
  for (int k = 0; k < er_channels; ++k) {
    const Ring& ring = require_ring(theta_deg[k]);
    std::size_t ring_index = static_cast<std::size_t>(&ring - rings.data());
    double sign = theta_deg[k] < 0 ? -1.0 : 1.0;
    ++counts[2 * ring_index + (sign < 0 ? 1 : 0)];
    tables.theta_deg[k] = sign * ring.abs_theta_deg;  // canonical value
    tables.solid_angle_sr[k] = ring.solid_angle_sr;
    tables.bins_in_ring[k] = ring.cells;
  }
  for (std::size_t r = 0; r < rings.size(); ++r)
    for (int negative = 0; negative < 2; ++negative) {
      int count = counts[2 * r + static_cast<std::size_t>(negative)];
      if (count != rings[r].cells)
        throw std::invalid_argument(fmt::format("theta {}{} occurs {} times, expected {}", negative ? "-" : "",
                                                rings[r].abs_theta_deg, count, rings[r].cells));
    }
  return tables;
}

std::array<double, er_channels> mock_theta_layout_deg() {
  std::array<double, er_channels> theta{};
  std::size_t k = 0;
  for (auto it = rings.rbegin(); it != rings.rend(); ++it)  // smallest |theta| first
    for (double sign : {1.0, -1.0})
      for (int i = 0; i < it->cells; ++i) theta[k++] = sign * it->abs_theta_deg;
  return theta;
}

InstrumentTables read_theta_table(const std::filesystem::path& path) {
  const std::string text = read_regular_file(path, max_instrument_table_bytes, "theta table");
  std::array<double, er_channels> theta{};
  std::size_t count = 0;
  for_each_line(text, [&](std::size_t line_number, std::string_view line) {
    FieldScanner scan(line);
    double value = 0.0;
    for (ScanResult result; (result = scan.next_double(value)) != ScanResult::end_of_line;) {
      if (result == ScanResult::bad_text)
        throw std::runtime_error(
            fmt::format("{}:{}: unparsable number '{}'", path.string(), line_number, scan.last_token()));
      if (!ring_for(value))
        throw std::runtime_error(
            fmt::format("{}:{}: theta {} is not a ring elevation (expected ±78.75, ±56.25, ±33.75 or ±11.25)",
                        path.string(), line_number, value));
      if (count < theta.size()) theta[count] = value;
      ++count;
    }
  });
  if (count != theta.size())
    throw std::runtime_error(fmt::format("{}: holds {} theta values, expected {}", path.string(), count, er_channels));
  try {
    return make_instrument_tables(theta);
  } catch (const std::invalid_argument& error) {
    throw std::runtime_error(fmt::format("{}: {}", path.string(), error.what()));
  }
}

void write_theta_table(const std::filesystem::path& path, const std::array<double, er_channels>& theta_deg) {
  write_file_atomically(path, format_lines(theta_deg, "{:.2f}"));
}

void write_solid_angles_table(const std::filesystem::path& path, const InstrumentTables& tables) {
  write_file_atomically(path, format_lines(tables.solid_angle_sr, "{:.6f}"));
}

double row_count(const ErRow& row, const InstrumentTables& tables) {
  double count = 0.0;
  for (int k = 0; k < er_channels; ++k) count += er_cell_count(row.flux[k], row.energy_ev, tables.bins_in_ring[k]);
  return count;
}

}  // namespace lpm::io
