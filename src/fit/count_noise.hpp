#pragma once
// Noise of one ER count (P§2.2 item 4): Poisson, the gain and geometric-factor calibration
// uncertainties (relative, so growing with N) and the background counts. The κ fit weighs its
// data by it. (The loss-cone posterior uses the counts' Poisson likelihood itself,
// losscone_search_problem.hpp: its data are ratios of cells of one spectrum, in which both
// calibration factors, common to every cell, cancel.)

#include "base/constants.hpp"

namespace lpm::fit {

// σ_N² = N + N_bg + (ε_gain N)² + (ε_G N)².
inline double count_variance(double counts) {
  const double n = counts;
  return (n + er_background_counts) + (er_gain_uncertainty * n) * (er_gain_uncertainty * n) +
         (er_geometric_factor_uncertainty * n) * (er_geometric_factor_uncertainty * n);
}

}  // namespace lpm::fit
