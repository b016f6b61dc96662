#pragma once
// Simulated ER spectra for the κ-fit and U_sc tests, built from the forward model (P§2.1)
// on the channel layout of the reference's test fixtures (P§6.1).

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include "base/constants.hpp"
#include "fit/kappa_fitter.hpp"
#include "physics/charging.hpp"
#include "physics/kappa.hpp"

namespace lpm::test {

struct ChannelLayout {
  std::array<double, er_channels> theta_deg{}, phi_deg{}, solid_angle_sr{};
  std::array<int, er_channels> ring_size{};
};

// 88 channels sorted by |θ| (+ before − for equal |θ|), φ = 360 n/N_ring within each ring.
inline ChannelLayout reference_test_layout() {
  struct Ring {
    double theta;
    int size;
    double solid_angle;
  };
  const std::array<Ring, 8> rings = {{{11.25, 16, er_solid_angle_11_25_sr},
                                      {-11.25, 16, er_solid_angle_11_25_sr},
                                      {33.75, 16, er_solid_angle_33_75_sr},
                                      {-33.75, 16, er_solid_angle_33_75_sr},
                                      {56.25, 8, er_solid_angle_56_25_sr},
                                      {-56.25, 8, er_solid_angle_56_25_sr},
                                      {78.75, 4, er_solid_angle_78_75_sr},
                                      {-78.75, 4, er_solid_angle_78_75_sr}}};
  ChannelLayout layout;
  int ch = 0;
  for (const Ring& ring : rings)
    for (int n = 0; n < ring.size; ++n, ++ch) {
      layout.theta_deg[ch] = ring.theta;
      layout.phi_deg[ch] = 360.0 * n / ring.size;
      layout.solid_angle_sr[ch] = ring.solid_angle;
      layout.ring_size[ch] = ring.size;
    }
  return layout;
}

// Pitch angles of the look directions with b̂ = −B/|B| (P§1.6, no polarity).
inline std::array<double, er_channels> pitch_angles_deg(const ChannelLayout& layout, const std::array<double, 3>& b) {
  const double norm = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
  std::array<double, er_channels> pitch{};
  const double deg = pi / 180.0;
  for (int ch = 0; ch < er_channels; ++ch) {
    const double th = layout.theta_deg[ch] * deg, ph = layout.phi_deg[ch] * deg;
    const double d[3] = {std::cos(ph) * std::cos(th), std::sin(ph) * std::cos(th), std::sin(th)};
    const double dot = -(b[0] * d[0] + b[1] * d[1] + b[2] * d[2]) / norm;
    pitch[ch] = std::acos(std::clamp(dot, -1.0, 1.0)) / deg;
  }
  return pitch;
}

// numpy.random.seed(42); numpy.random.rand(3): the field of prepare_synthetic_er (P§6.1).
inline constexpr std::array<double, 3> reference_test_field = {0.3745401188473625, 0.9507143064099162,
                                                               0.7319939418114051};

// Isotropic κ spectrum J(E)/(4π) in every channel. With a seeded generator, each channel's
// expected count F G E T_acc/N_ring is drawn from a Poisson law and turned back into flux.
inline fit::KappaInput simulated_kappa_input(const physics::KappaParams& p,
                                             const std::array<double, 3>& b = reference_test_field,
                                             std::mt19937_64* poisson_rng = nullptr, double e_min_ev = 20.0,
                                             double e_max_ev = 2e4) {
  const ChannelLayout layout = reference_test_layout();
  const auto pitch = pitch_angles_deg(layout, b);
  const std::vector<double> energies = physics::log_spaced_grid(e_min_ev, e_max_ev, er_rows_per_spectrum);
  fit::KappaInput input;
  input.solid_angle_sr = layout.solid_angle_sr;
  input.channels_in_ring = layout.ring_size;
  for (int row = 0; row < er_rows_per_spectrum; ++row) {
    const double e = energies[row];
    input.energy_ev[row] = e;
    input.pitch_deg[row] = pitch;
    const double flux = physics::directional_flux_cm2(p, e);
    for (int ch = 0; ch < er_channels; ++ch) {
      input.flux[row][ch] = flux;
      if (poisson_rng) {
        const double per_count = er_geometric_factor_cm2_sr * e * er_accumulation_time_s / layout.ring_size[ch];
        std::poisson_distribution<long long> draw(flux * per_count);
        input.flux[row][ch] = static_cast<double>(draw(*poisson_rng)) / per_count;
      }
    }
  }
  return input;
}

}  // namespace lpm::test
