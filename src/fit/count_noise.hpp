#pragma once
// Noise of one ER count (P§2.2 item 4): Poisson, the gain and geometric-factor calibration
// uncertainties (relative, so growing with N) and the background counts. The κ fit weighs its
// data by it; the loss-cone posterior, whose data are ratios, by ratio_count_variance.

#include "base/constants.hpp"

namespace lpm::fit {

// A count in a ratio to other cells' counts of the same spectrum (the loss cone's
// normalised flux): both calibration terms are factors of the detector as a whole (one
// geometric factor, one MCP gain for every anode at a time), the same in every cell of a
// spectrum, so they cancel in the ratio; the counting noise (Poisson) and the background remain.
inline double ratio_count_variance(double counts) { return counts + er_background_counts; }

// σ_N² = N + (ε_gain N)² + (ε_G N)² + N_bg: the counting part and both calibration terms.
inline double count_variance(double counts) {
  const double n = counts;
  return ratio_count_variance(n) + (er_gain_uncertainty * n) * (er_gain_uncertainty * n) +
         (er_geometric_factor_uncertainty * n) * (er_geometric_factor_uncertainty * n);
}

}  // namespace lpm::fit
