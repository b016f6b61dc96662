#pragma once
// Forward model of the reflected-electron loss cone (P§4.3; Halekas et al. 2008 ¶37,
// extended with the spacecraft potential U_sc). All angles in degrees, energies in eV,
// potentials in V. These are the reference's equations, bin by bin; the fitter's fast search
// (fit/losscone_search.hpp) is checked against them.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "base/constants.hpp"
#include "base/portable_math.hpp"

namespace lpm::physics {

// One spectrum ("chunk", P§4.1): 15 energy rows × 88 angular channels.
using ChunkEnergies = std::array<double, er_rows_per_spectrum>;
using ChunkValues = std::array<std::array<double, er_channels>, er_rows_per_spectrum>;
using ChunkMask = std::array<std::array<bool, er_channels>, er_rows_per_spectrum>;

struct LossConeParams {
  double u_surface_v = 0.0;  // U_M, lunar surface potential
  double bs_over_bm = 1.0;   // r, the field ratio named "Bs/Bm" by the reference (x = r(1+U_M/E_c))
  double beam_amp = 0.0;     // A, amplitude of the upgoing secondary-electron beam
};

// E_c = max(E − U_sc, 1e-12): energy corrected to outside the spacecraft sheath.
double corrected_energy_ev(double energy_ev, double u_spacecraft_v);

// x = r (1 + U_M / E_c), the sin² of the loss-cone half-angle before clipping.
double cone_sin2(double energy_ev, double u_spacecraft_v, const LossConeParams& p);

// α_c = asin(sqrt(clip(x, 0, 1))) [deg]: x ≤ 0 → 0° (nothing lost, every bin reflected),
// x ≥ 1 → 90° (the whole reflected hemisphere is in the cone).
double cone_half_angle_deg(double energy_ev, double u_spacecraft_v, const LossConeParams& p);

// Energy factor of the beam: [ΔU > 0] exp(−½((E − E_b)/w)²), ΔU = U_sc − U_M,
// E_b = max(ΔU, w). Zero when U_M ≥ U_sc (no upward acceleration).
double beam_energy_factor(double energy_ev, double u_spacecraft_v, double u_surface_v);
// Its two steps, for callers that drop small factors before taking the exponential:
// z = (E − E_b)/w (+∞ when U_M ≥ U_sc), and the factor from z. Inline: the loss-cone search
// calls them for every row of every evaluation.
inline double beam_energy_z(double energy_ev, double u_spacecraft_v, double u_surface_v) {
  const double delta_u = u_spacecraft_v - u_surface_v;
  if (!(delta_u > 0.0)) return std::numeric_limits<double>::infinity();
  const double w = losscone_beam_width_ev;
  const double centre = std::max(delta_u, w);
  return (energy_ev - centre) / w;
}
inline double beam_energy_factor_of_z(double z) {
  // exp(−½z²) underflows to exactly 0 beyond |z| ≈ 38.6; skip libm's slow underflow path.
  if (std::abs(z) > 40.0) return 0.0;
  return math::exp(-0.5 * z * z);
}

// Pitch factor of the beam: exp(−½((α − 180)/σ_α)²).
double beam_pitch_factor(double pitch_deg);

// model = base + beam, base = 1 if α ≤ 180 − α_c else b (= 0.05). NaN pitch gives NaN.
double losscone_model_value(double energy_ev, double u_spacecraft_v, double pitch_deg, const LossConeParams& p);

// Model validity (P§4.3 step 6): E ≥ U_sc; false for NaN U_sc.
bool losscone_model_valid(double energy_ev, double u_spacecraft_v);

// The whole 15×88 chunk at once, with its validity mask.
struct LossConeModel {
  ChunkValues value{};
  std::array<bool, er_rows_per_spectrum> row_valid{};
};
LossConeModel losscone_model(const ChunkEnergies& energy_ev, const ChunkValues& pitch_deg, double u_spacecraft_v,
                             const LossConeParams& p);

}  // namespace lpm::physics
