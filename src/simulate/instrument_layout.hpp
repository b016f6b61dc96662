#pragma once
// Cell layout of the simulated ER: the order of the 88 cells in theta.tab and the SCD azimuth
// of every cell for an energy row (the dist_phi_k columns).

#include <array>

#include "base/constants.hpp"

namespace lpm::simulate {

// theta.tab order of the simulation: the eight rings (+78.75 … −78.75) taken round-robin, one
// cell at a time, until each ring has its 4, 8 or 16 cells. Deliberately not sorted by |θ|
// (the reader must take the order from the file, D§2.3).
std::array<double, er_channels> simulated_theta_layout_deg();

// SCD azimuth [deg, 0–360) of every cell for a row whose spin phase relative to the Sun
// direction is spin_phase_deg: cell j of a ring of N cells looks at 360·j/N + half a sector
// (rings alternate by a quarter sector so neighbouring rings are interleaved) + spin phase.
// Rounded to 0.01° as written in the table.
std::array<double, er_channels> cell_azimuths_deg(const std::array<double, er_channels>& theta_deg,
                                                  double spin_phase_deg);

}  // namespace lpm::simulate
