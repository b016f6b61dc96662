#include "fit/losscone_objective.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/portable_math.hpp"

namespace lpm::fit {

using physics::ChunkEnergies;
using physics::ChunkMask;
using physics::ChunkValues;

ChunkMask halekas_mask(const ChunkValues& norm, const ChunkValues& pitch_deg, const ChunkEnergies& energy_ev,
                       double u_spacecraft_v) {
  ChunkMask mask{};
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    if (!physics::losscone_model_valid(energy_ev[i], u_spacecraft_v)) continue;
    for (int j = 0; j < er_channels; ++j)
      mask[i][j] = std::isfinite(norm[i][j]) && norm[i][j] > 0.0 && std::isfinite(pitch_deg[i][j]);
  }
  return mask;
}

ChunkMask lillis_mask(const ChunkValues& flux, const ChunkValues& pitch_deg, const ChunkEnergies& energy_ev,
                      double u_spacecraft_v) {
  ChunkMask mask{};
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    if (!physics::losscone_model_valid(energy_ev[i], u_spacecraft_v)) continue;
    double incident_max = -std::numeric_limits<double>::infinity();
    for (int j = 0; j < er_channels; ++j)
      if (pitch_deg[i][j] < 90.0 && std::isfinite(flux[i][j])) incident_max = std::max(incident_max, flux[i][j]);
    if (!(incident_max > 0.0)) continue;  // no positive incident flux: row unusable
    for (int j = 0; j < er_channels; ++j) {
      const double f = flux[i][j];
      if (!std::isfinite(f) || !(f > 0.0) || !std::isfinite(pitch_deg[i][j])) continue;
      const double ratio = f / incident_max;
      mask[i][j] = ratio > losscone_lillis_relative_flux_min && ratio < losscone_lillis_relative_flux_max;
    }
  }
  return mask;
}

int count_bins(const ChunkMask& mask) {
  int n = 0;
  for (const auto& row : mask) n += static_cast<int>(std::count(row.begin(), row.end(), true));
  return n;
}

double halekas_term(double data, double model) {
  const double d = math::log(data + losscone_log_eps) - math::log(model + losscone_log_eps);
  return d * d;
}

double lillis_term(double data, double model) {
  const double d = data - model;
  return d * d;
}

double losscone_chi2(LossConeMethod method, const ChunkValues& norm, const ChunkValues& model, const ChunkMask& mask) {
  // halekas_term bin by bin, with ln(m + ε) of the two beam-free levels taken once (most bins
  // hold one of them).
  const double log_one = math::log(1.0 + losscone_log_eps), log_bg = math::log(losscone_background + losscone_log_eps);
  auto log_model = [&](double m) {
    return m == 1.0 ? log_one : (m == losscone_background ? log_bg : math::log(m + losscone_log_eps));
  };
  double sum = 0.0;
  int n = 0;
  for (int i = 0; i < er_rows_per_spectrum; ++i)
    for (int j = 0; j < er_channels; ++j) {
      if (!mask[i][j]) continue;
      if (method == LossConeMethod::halekas) {
        const double d = math::log(norm[i][j] + losscone_log_eps) - log_model(model[i][j]);
        sum += d * d;
      } else {
        sum += lillis_term(norm[i][j], model[i][j]);
      }
      ++n;
    }
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  return method == LossConeMethod::halekas ? sum : sum / losscone_degrees_of_freedom(n);
}

int losscone_degrees_of_freedom(int n_bins) { return std::max(n_bins - 3, 1); }

double losscone_chi2(LossConeMethod method, const LossConeData& data, const physics::LossConeParams& p) {
  const auto model = physics::losscone_model(data.energy_ev, data.pitch_deg, data.u_spacecraft_v, p);
  return losscone_chi2(method, data.norm, model.value, data.mask);
}

}  // namespace lpm::fit
