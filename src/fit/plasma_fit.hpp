#pragma once
// Joint fit of the ambient electron plasma (n, κ, θ) and the spacecraft potential U_sc to one
// ER spectrum: the default `--kappa-method joint`. (`reference` keeps kappa_fitter +
// spacecraft_potential, the Python reference's P§2–3 procedure.)
//
// Model of energy step i (measured energy E_i, incident hemisphere α < 90°):
//   μ_i = n · c_i · ⟨ j₁(E' − U_sc) · E'/(E' − U_sc) ⟩_i      expected counts,
// j₁ the κ directional flux of unit density (P§2.1), E'/(E' − U) Liouville's factor
// (physics/spacecraft_sheath.hpp), ⟨⟩ the analyser's energy window (physics/energy_response.hpp),
// c_i = G E_i T_acc Σ 1/N_ring over the incident channels with finite flux (a cell's count is
// j G E T_acc/N_ring, P§1.4), N_i the incident counts. (No hemisphere-omnidirectional flux
// ×2 as P§2.2: its ratio to the counts depends on which cells fall in the hemisphere.)
// Statistic: the Poisson deviance D = 2 Σ [μ − N + N ln(N/μ)] (Cash 1979, ApJ 228:939); steps
// with zero counts count (they bound the flux). n is profiled in closed form: ∂D/∂n = 0 ⇒
// n = Σ N / Σ μ₁. (κ, log10 θ) are found on the κ box (unit_box_minimiser.hpp).
// U_sc is the fixed point U = h(U) ≡ U_float(n̂(U), κ̂(U), θ̂(U)) of the charging balance of
// the fitted ambient plasma (fit/spacecraft_potential.hpp floating_potential).
// Its 68 % interval: delta method, cov(ln n, κ, log10 θ) = 2 H⁻¹ · max(1, D/dof) from the
// deviance's Hessian H, σ_U = sqrt(∇U_floatᵀ cov ∇U_float) / |1 − h'(U)| (the fixed point
// amplifies what moves U_float by 1/(1 − h')). It is statistical: the 10 % absolute
// geometric-factor uncertainty (≤ 0.5 V by day) is not in it.
// A positive spacecraft's own photo/secondary electrons fill the steps whose window reaches
// below U_sc + photoelectron_mask_margin_v: those steps are left out.

#include <vector>

#include "fit/kappa_fitter.hpp"
#include "fit/spacecraft_potential.hpp"
#include "physics/spacecraft_sheath.hpp"

namespace lpm::fit {

struct PlasmaStep {
  double energy_ev = 0.0;
  double counts = 0.0;    // N_i, incident hemisphere
  double exposure = 0.0;  // c_i [counts per (cm⁻² s⁻¹ sr⁻¹ eV⁻¹)]; 0: no incident channel
};

struct PlasmaData {
  int steps = 0;  // steps with a finite, positive energy, packed first
  std::array<PlasmaStep, kappa_steps> step{};
};

PlasmaData prepare_plasma_data(const KappaInput& input);

// Expected counts at unit density (n = 1 m⁻³) for each step; `used` marks steps in D.
struct UnitModel {
  std::array<double, kappa_steps> counts_per_density{};
  std::array<bool, kappa_steps> used{};
  double data_counts = 0.0;   // Σ N over used steps
  double model_counts = 0.0;  // Σ μ₁ over used steps
  int used_steps = 0;
};
// u_spacecraft_v shifts the model (E − U, Liouville); mask_u_v decides the photoelectron mask.
UnitModel unit_model(const PlasmaData& data, double kappa, double log10_theta, double u_spacecraft_v, double mask_u_v);

// D at density n for a unit model; and the profiled pair (n̂, D(n̂)).
double poisson_deviance(const PlasmaData& data, const UnitModel& model, double density_m3);
struct ProfiledDeviance {
  double density_m3 = 0.0;
  double deviance = 0.0;
};
ProfiledDeviance profiled_deviance(const PlasmaData& data, double kappa, double log10_theta, double u_spacecraft_v,
                                   double mask_u_v);
ProfiledDeviance profiled_deviance(const PlasmaData& data, const UnitModel& model);

// One self-consistent answer: U_sc and the ambient plasma in charging balance at it.
struct PlasmaCandidate {
  double u_sc_v = 0.0, u_sc_lower_v = 0.0, u_sc_upper_v = 0.0;  // its own 68 % interval
  UscStatus status = UscStatus::ok;                             // saturated_*: at a day limit
  physics::KappaParams ambient;
  double measured_deviance = 0.0;  // of the spectrum fit with this candidate's photoelectron mask
  int steps = 0;                   // steps in that fit
};

struct PlasmaFit {
  KappaFit ambient;     // n, κ, θ, T of the reported candidate; chi2 = deviance of the spectrum fit
  double u_sc_v = 0.0;  // reported candidate; NaN when failed
  // 68 % interval: the hull of every candidate's interval (the data cannot choose among them).
  double u_sc_lower_v = 0.0, u_sc_upper_v = 0.0;
  UscStatus u_sc_status = UscStatus::failed;
  std::vector<PlasmaCandidate> candidates;  // ascending U_sc
  bool spacecraft_in_sun = false;
};

// The ambient plasma whose spectrum seen through a sheath of U_sc is `measured`
// (physics/spacecraft_sheath.hpp): the spectrum alone cannot tell U_sc, the charging balance does.
using physics::ambient_from_measured;

PlasmaFit fit_plasma(const KappaInput& input, bool spacecraft_in_sun);

// The candidate reported among several the data cannot tell apart (`among`: indices into
// fit.candidates, ascending U_sc), when nothing else chooses (no loss cone, no neighbour:
// docs/method.md §1.4; the interval still spans every candidate). Each candidate is its own
// plasma, so this is a prior about the plasma, not physics of the spacecraft: shaded, the
// highest (the hotter, thinner plasma, the truth in most ambiguous sheath and lobe spectra of the
// recovery weeks); sunlit, the lowest interior one.
// Candidates at a day limit only when no other is left. Returns an index into fit.candidates.
std::size_t preferred_candidate(const PlasmaFit& fit, const std::vector<std::size_t>& among);

// The candidate's ambient plasma as a fit result (n, κ, θ, T, its spectrum fit's deviance and steps).
KappaFit candidate_ambient(const PlasmaCandidate& c);

// Makes `c` the reported candidate (n, κ, T, U_sc and U_sc's interval its own).
void select_candidate(PlasmaFit& fit, const PlasmaCandidate& c);

}  // namespace lpm::fit
