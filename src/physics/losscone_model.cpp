#include "physics/losscone_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "base/angles.hpp"
#include "base/portable_math.hpp"
#include "base/portable_trig.hpp"

namespace lpm::physics {

double corrected_energy_ev(double energy_ev, double u_spacecraft_v) {
  return std::max(energy_ev - u_spacecraft_v, losscone_min_corrected_energy_ev);
}

double cone_sin2(double energy_ev, double u_spacecraft_v, const LossConeParams& p) {
  return p.bs_over_bm * (1.0 + p.u_surface_v / corrected_energy_ev(energy_ev, u_spacecraft_v));
}

double cone_half_angle_deg(double energy_ev, double u_spacecraft_v, const LossConeParams& p) {
  const double x = std::clamp(cone_sin2(energy_ev, u_spacecraft_v, p), 0.0, 1.0);
  return degrees_from_radians(math::asin(std::sqrt(x)));
}

double beam_energy_factor(double energy_ev, double u_spacecraft_v, double u_surface_v) {
  return beam_energy_factor_of_z(beam_energy_z(energy_ev, u_spacecraft_v, u_surface_v));
}

double beam_pitch_factor(double pitch_deg) {
  const double z = (pitch_deg - 180.0) / losscone_beam_pitch_sigma_deg;
  return math::exp(-0.5 * z * z);
}

namespace {
// The model of one bin from its row's cone half-angle and beam energy factor (one per row).
double model_value_in_row(double pitch_deg, double alpha_c, double energy_factor, const LossConeParams& p) {
  if (std::isnan(pitch_deg)) return pitch_deg;
  const double base = pitch_deg <= 180.0 - alpha_c ? 1.0 : losscone_background;
  if (p.beam_amp == 0.0) return base;
  return base + p.beam_amp * energy_factor * beam_pitch_factor(pitch_deg);
}
}  // namespace

double losscone_model_value(double energy_ev, double u_spacecraft_v, double pitch_deg, const LossConeParams& p) {
  if (std::isnan(pitch_deg)) return pitch_deg;
  return model_value_in_row(pitch_deg, cone_half_angle_deg(energy_ev, u_spacecraft_v, p),
                            p.beam_amp == 0.0 ? 0.0 : beam_energy_factor(energy_ev, u_spacecraft_v, p.u_surface_v), p);
}

bool losscone_model_valid(double energy_ev, double u_spacecraft_v) {
  return energy_ev >= u_spacecraft_v;  // false for NaN
}

LossConeModel losscone_model(const ChunkEnergies& energy_ev, const ChunkValues& pitch_deg, double u_spacecraft_v,
                             const LossConeParams& p) {
  LossConeModel m;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    m.row_valid[i] = losscone_model_valid(energy_ev[i], u_spacecraft_v);
    const double alpha_c = cone_half_angle_deg(energy_ev[i], u_spacecraft_v, p);
    const double energy_factor =
        p.beam_amp == 0.0 ? 0.0 : beam_energy_factor(energy_ev[i], u_spacecraft_v, p.u_surface_v);
    for (int j = 0; j < er_channels; ++j)
      m.value[i][j] = model_value_in_row(pitch_deg[i][j], alpha_c, energy_factor, p);
  }
  return m;
}

}  // namespace lpm::physics
