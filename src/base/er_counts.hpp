#pragma once
// Pseudo-counts of one ER cell (P§1.4, D§2.5), the one place the archive's flux is turned back
// into counts: rint(max(F, 0) · G · E · T_acc / N(θ)). N(θ) = the cells of θ's ring, which share
// the accumulation time. Negative and NaN (fill) flux count as 0.

#include <cmath>

#include "base/constants.hpp"

namespace lpm {

// Counts per unit flux of one cell, G · E · T_acc / N(θ) [counts per (cm⁻² s⁻¹ sr⁻¹ eV⁻¹)].
inline double er_cell_exposure(double energy_ev, int bins_in_ring) {
  return er_geometric_factor_cm2_sr * energy_ev * er_accumulation_time_s / bins_in_ring;
}

inline double er_cell_count(double flux, double energy_ev, int bins_in_ring) {
  if (!(flux > 0.0)) return 0.0;
  return std::rint(flux * er_cell_exposure(energy_ev, bins_in_ring));
}

}  // namespace lpm
