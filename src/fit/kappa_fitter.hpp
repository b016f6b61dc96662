#pragma once
// κ-distribution fit of one ER spectrum (P§2): density from a flux moment, then (κ, log10 θ)
// by weighted least squares in log flux, through the instrument's log-energy response.
//
// Difference from the reference (P§7.2, SPEC §4): an energy step is MASKED — left out of
// both χ² and the density moment — when its incident-hemisphere flux J_data is not finite
// and positive or its incident-hemisphere count is zero. The reference weights such steps
// ~5e5 and drives the fit with them. NaN flux cells are skipped in every sum. The model
// itself is still evaluated on all steps with a positive energy (the response mixes
// neighbouring steps whether or not they were measured well).
// Counts are computed here from the flux (P§1.4: C = rint(max(F,0) G E T_acc/N_ring)) over
// the incident channels actually fitted, not over all 88 as the reference does.

#include <array>

#include "base/constants.hpp"
#include "fit/fit_status.hpp"
#include "physics/kappa.hpp"

namespace lpm::fit {

inline constexpr int kappa_steps = er_rows_per_spectrum;  // 15
inline constexpr int kappa_channels = er_channels;        // 88

struct KappaInput {  // one spectrum, 15 energy rows
  std::array<double, kappa_steps> energy_ev{};
  std::array<std::array<double, kappa_channels>, kappa_steps> flux{};  // cm⁻² s⁻¹ sr⁻¹ eV⁻¹, NaN = missing
  std::array<std::array<double, kappa_channels>, kappa_steps> pitch_deg{};  // with b̂ = −B/|B| (P§1.6), NaN allowed
  std::array<double, kappa_channels> solid_angle_sr{};
  std::array<int, kappa_channels> channels_in_ring{};  // N_bins(θ_j) = 4, 8 or 16: integration time T_acc/N
};

struct KappaFitOptions {
  // true: reproduce the reference's P§2.2 data reduction exactly (no masking, counts over
  // all 88 channels, zero-count weight ~5e5). Only for parity tests.
  bool reference_weighting = false;
  bool use_weights = true;
  bool use_convolution = true;
};

struct KappaFit {
  double density_m3 = 0.0;
  double kappa = 0.0;
  double theta_m_s = 0.0;
  double temperature_ev = 0.0;
  double chi2 = 0.0;  // Σ ((ln(M+ε) − ln(J+ε)) w)², not reduced (P§2.5)
  int valid_steps = 0;
  bool at_bound = false;  // κ or θ on the edge of the box
  FitStatus status = FitStatus::kappa_fit_failed;

  physics::KappaParams params() const { return {density_m3, kappa, theta_m_s}; }
};

// The spectrum reduced to what the objective needs (P§2.2–2.4).
struct PreparedSpectrum {
  int model_steps = 0;  // steps with a finite, positive energy, packed first
  std::array<double, kappa_steps> energy_ev{};
  std::array<double, kappa_steps> flux_cm2{};  // J_data (×2 hemisphere factor)
  std::array<double, kappa_steps> counts{};
  std::array<double, kappa_steps> weight{};  // 0 for masked steps
  std::array<bool, kappa_steps> fitted{};    // step enters χ²
  int fitted_steps = 0;
  bool any_incident_channel = false;
  double density_m3 = 0.0;                                                // moment estimate (P§2.3)
  std::array<double, std::size_t{kappa_steps} * kappa_steps> response{};  // W (identity if convolution off)
  // Cached per-step terms of the objective.
  std::array<double, kappa_steps> speed2_m2_s2{};
  std::array<double, kappa_steps> log_data{};
};

// energy_shift_v: the day branch's de-bias E' = max(E − U, 1e-6) (P§3.2); counts keep the
// measured energies (they are what the instrument recorded).
PreparedSpectrum prepare_kappa_spectrum(const KappaInput& input, const KappaFitOptions& options,
                                        double energy_shift_v = 0.0);

double kappa_chi2(const PreparedSpectrum& s, double kappa, double log10_theta);

// Deterministic fit in κ ∈ [2.5, 6], log10 θ ∈ [6, 8]: a grid over the box, then
// Nelder–Mead polish (clamped to the box) from the best grid minima.
KappaFit fit_kappa(const PreparedSpectrum& s);
KappaFit fit_kappa(const KappaInput& input, const KappaFitOptions& options = {});

}  // namespace lpm::fit
