#include "pipeline/usc_continuity.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

#include "pipeline/environment.hpp"

namespace lpm::pipeline {

namespace {

// Start time [Unix s] of a spectrum (its first row's time field); NaN when unreadable.
double start_time_s(const SpectrumResult& r) {
  const std::string& text = r.rows[0].time;
  char* end = nullptr;
  const double t = std::strtod(text.c_str(), &end);
  return end != text.c_str() && std::isfinite(t) ? t : std::numeric_limits<double>::quiet_NaN();
}

// Illumination the U_sc fit used: that of the first row whose spacecraft position is known.
std::optional<bool> spacecraft_in_sun(const SpectrumResult& r) {
  for (const RowResult& row : r.rows)
    if (std::isfinite(row.spacecraft_lat_deg)) return row.spacecraft_in_sun;
  return std::nullopt;
}

bool decided(const SpectrumResult& r) { return r.u_spacecraft_candidates == 1 && std::isfinite(r.u_spacecraft_v); }

}  // namespace

void choose_by_neighbours(std::vector<SpectrumResult>& results) {
  const std::size_t n = results.size();
  std::vector<double> time(n);
  for (std::size_t i = 0; i < n; ++i) time[i] = start_time_s(results[i]);
  for (std::size_t i = 0; i < n; ++i) {
    SpectrumResult& r = results[i];
    if (r.u_spacecraft_alternatives.size() < 2 || !std::isfinite(time[i])) continue;
    const std::optional<bool> sunlit = spacecraft_in_sun(r);
    // Nearest decided spectrum on either side (equal gaps: the earlier one).
    const SpectrumResult* neighbour = nullptr;
    double gap = usc_neighbour_max_gap_s;
    auto consider = [&](std::size_t j) {
      const double d = std::abs(time[j] - time[i]);
      if (!(d <= gap) || !decided(results[j]) || spacecraft_in_sun(results[j]) != sunlit) return false;
      if (!neighbour || d < gap) {
        neighbour = &results[j];
        gap = d;
      }
      return true;
    };
    for (std::size_t j = i; j-- > 0 && std::abs(time[j] - time[i]) <= usc_neighbour_max_gap_s;)
      if (consider(j)) break;
    for (std::size_t j = i + 1; j < n && std::abs(time[j] - time[i]) <= gap; ++j)
      if (consider(j)) break;
    if (!neighbour) continue;
    const UscAlternative* nearest = nullptr;
    for (const UscAlternative& a : r.u_spacecraft_alternatives)
      if (!nearest || std::abs(a.u_spacecraft_v - neighbour->u_spacecraft_v) <
                          std::abs(nearest->u_spacecraft_v - neighbour->u_spacecraft_v))
        nearest = &a;
    r.u_spacecraft_v = nearest->u_spacecraft_v;
    r.electron_temperature_ev = nearest->electron_temperature_ev;
    r.electron_density_m3 = nearest->electron_density_m3;
    r.kappa = nearest->kappa;
    for (RowResult& row : r.rows)
      row.environment_class =
          static_cast<std::int8_t>(classify_environment(r.electron_temperature_ev, row.projection_in_sun));
  }
}

}  // namespace lpm::pipeline
