#include "simulate/instrument_layout.hpp"

#include <cmath>
#include <map>
#include <vector>

#include "io/instrument_tables.hpp"
#include "simulate/rounding.hpp"

namespace lpm::simulate {

std::array<double, er_channels> simulated_theta_layout_deg() {
  const std::array<double, 8> rings{78.75, 56.25, 33.75, 11.25, -11.25, -33.75, -56.25, -78.75};
  std::array<int, 8> left{};
  for (std::size_t r = 0; r < rings.size(); ++r) left[r] = io::bins_in_ring_for_theta(rings[r]);
  std::array<double, er_channels> layout{};
  std::size_t k = 0;
  while (k < layout.size()) {
    for (std::size_t r = 0; r < rings.size(); ++r) {
      if (left[r] == 0) continue;
      --left[r];
      layout[k++] = rings[r];
    }
  }
  return layout;
}

std::array<double, er_channels> cell_azimuths_deg(const std::array<double, er_channels>& theta_deg,
                                                  double spin_phase_deg) {
  std::map<double, int> next_slot;  // ring elevation -> cells of that ring seen so far
  std::array<double, er_channels> phi{};
  for (std::size_t k = 0; k < phi.size(); ++k) {
    int n = io::bins_in_ring_for_theta(theta_deg[k]);
    int slot = next_slot[theta_deg[k]]++;
    double ring_offset = theta_deg[k] > 0 ? 0.5 : 0.25;  // fraction of a sector
    double value = 360.0 * (slot + ring_offset) / n + spin_phase_deg;
    value = std::fmod(value, 360.0);
    if (value < 0) value += 360.0;
    value = round_decimals(value, 2);
    phi[k] = value >= 360.0 ? 0.0 : value;
  }
  return phi;
}

}  // namespace lpm::simulate
