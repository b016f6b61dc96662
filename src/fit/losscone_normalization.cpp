#include "fit/losscone_normalization.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lpm::fit {

physics::ChunkValues normalise_ratio(const physics::ChunkValues& flux, const physics::ChunkValues& pitch_deg) {
  physics::ChunkValues norm;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    double sum = 0.0;
    int count = 0;
    for (int j = 0; j < er_channels; ++j) {
      const double f = flux[i][j];
      if (pitch_deg[i][j] < 90.0 && std::isfinite(f) && f > 0.0) {  // NaN pitch: not incident
        sum += f;
        ++count;
      }
    }
    if (count == 0) {
      norm[i].fill(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    const double n_i = std::max(sum / count, losscone_min_incident_norm);
    for (int j = 0; j < er_channels; ++j) norm[i][j] = flux[i][j] / n_i;
  }
  return norm;
}

}  // namespace lpm::fit
