#pragma once
// Noise of one ER count (P§2.2 item 4): Poisson, the gain and geometric-factor calibration
// uncertainties (relative, so growing with N) and the background counts. The κ fit and the
// loss-cone posterior weigh their data by it.

#include "base/constants.hpp"

namespace lpm::fit {

// σ_N² = N + (ε_gain N)² + (ε_G N)² + N_bg.
inline double count_variance(double counts) {
  const double n = counts;
  return n + (er_gain_uncertainty * n) * (er_gain_uncertainty * n) +
         (er_geometric_factor_uncertainty * n) * (er_geometric_factor_uncertainty * n) + er_background_counts;
}

}  // namespace lpm::fit
