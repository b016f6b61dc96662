#pragma once
// Spacecraft charging currents (P§3): photoelectron J–U curve (day), collected κ electron
// current, Sternglass secondary emission and OML-like ion current (night).

#include <span>
#include <vector>

#include "physics/kappa.hpp"

namespace lpm::physics {

// n points from a to b equally spaced in ln (numpy.geomspace), a, b > 0, n ≥ 2.
std::vector<double> log_spaced_grid(double a, double b, int n);

// n-point Gauss–Legendre rule on [−1, 1]: ∫ f dx ≈ Σ weight_i f(node_i), exact for polynomials
// of degree ≤ 2n − 1; nodes ascending.
struct QuadratureRule {
  std::vector<double> node, weight;
};
QuadratureRule gauss_legendre_rule(int n);

// ∫ y dx by the trapezoid rule on the points given.
double trapezoid(std::span<const double> x, std::span<const double> y);
// ∫ y dx by composite Simpson on irregular points; an odd interval count ends with the
// Cartwright (2017) one-interval correction (as scipy.integrate.simpson ≥ 1.11).
double simpson(std::span<const double> x, std::span<const double> y);

// Photoelectron current density leaving the sunlit spacecraft at potential U ≥ 0:
// J(U) = A e^{−U/B} + C e^{−U/D}  [A m⁻²] (Halekas et al. 2008, P§3.2).
double photoemission_current_density_a_m2(double potential_v);

// Ambient electron current onto a plane, e·1e4·¼·∫_{E_min}^{E_max} J(E) dE  [A m⁻²],
// Simpson on a log-spaced grid of n points (P§3.2).
double electron_current_density_a_m2(const KappaParams& p, double e_min_ev, double e_max_ev, int points);

// Sternglass secondary yield δ(E) = 7.4 δ_m (E/E_m) exp(−2 sqrt(E/E_m)); 0 for E ≤ 0.
double sternglass_yield(double impact_energy_ev, double peak_energy_ev, double peak_yield);

struct ShadedCurrents {
  double electron_a_m2 = 0.0;   // J_e, collected ambient electrons
  double secondary_a_m2 = 0.0;  // J_see, secondaries leaving
  double ion_a_m2 = 0.0;        // J_i, collected protons
};

// Currents at a trial potential U ≤ 0 for the fit (n, κ, θ_uc) made on the uncorrected
// spectrum (P§3.3): ambient T_c = T_uc + U/(κ−3/2); if T_c ≤ 0 the result is (0, 0, 1e12)
// so that the balance is positive. Otherwise, for the mapped plasma: electrons with E ≥ |U|
// arrive with impact energy E − |U| (trapezoid over the grid points with E ≥ |U|), Sternglass
// secondaries all leave, Maxwellian protons with T_i = T_e are attracted (OML, J_i0 √(1 − U/T_i)).
ShadedCurrents shaded_currents(const KappaParams& uncorrected, double potential_v,
                               std::span<const double> energy_grid_ev);

// The currents of the ambient plasma at U of either sign (the balance below, term by term):
//   U ≤ 0: as shaded_currents (P§3.3), with impact energies ε from 0.01 eV to 20 keV
//          (shaded_grid_min_energy_ev, night_grid_max_energy_ev): electrons of ambient energy
//          ε + |U| arrive with ε, Sternglass secondaries all leave, OML protons attracted;
//   U > 0: every electron of ambient energy ε (same limits) arrives with ε + U, secondaries
//          (a few eV, Whipple 1981 Rep. Prog. Phys. 44:1197) escape with the Boltzmann factor
//          exp(−U/T_see), protons are repelled (J_i0 exp(−U/T_i)). Hot plasma, whose secondary
//          yield exceeds one, floats here a few volts positive instead of having no root.
// J_e is the κ plane flux's integral in closed form: with x = 1 + E/(κE_θ) the flux
// ∝ E x^{−κ−1} (Pierrard & Lazar 2010, Solar Phys. 267:153) has the antiderivative
// ∝ −(1 + κ(x − 1)) x^{−κ}/(κ(κ − 1)). J_see, ∫ δ(ε) Φ dε with the Sternglass yield (Sternglass
// 1954, Westinghouse Res. Lab. Sci. Pap. 1772; P§3.3), has none: Gauss–Legendre in ln ε,
// shaded_quadrature_points nodes (the integrand is analytic in ln ε for |Im ln ε| < π, so the
// rule converges geometrically; relative error ≤ 5e-8 against a dense Simpson reference,
// tests/physics/charging_test.cpp; docs/method.md "Shaded balance"). Both integrals start at the
// barrier itself: the reference's fixed grid in ambient energy drops the partial interval
// above |U|, which moves the root by several volts (the balance is a small difference of
// large currents).
ShadedCurrents shaded_balance_currents(const KappaParams& ambient, double potential_v);

// F(U) = J_i + J_see − J_e [A m⁻²] of shaded_balance_currents.
double shaded_current_balance_a_m2(const KappaParams& ambient, double potential_v);

// An upper bound of shaded_current_balance_a_m2 at U > 0 that needs no quadrature: no impact
// energy yields more than the Sternglass peak δ(E_m), so the Gauss–Legendre sum of J_see is at
// most 2 δ(E_m) e^{−U/T_see} J_e (2: a margin far above that sum's error against J_e's closed
// form, ≤ 1e-6 of it), and F ≤ J_i + J_see − J_e. Where it is negative, so is F (from 2.5 V up
// unless J_i ≳ 0.14 J_e; from 5 V up in every plasma tested): a scan then needs F's value only
// where a bracket ends there. +∞ for U ≤ 0.
double shaded_balance_upper_bound_a_m2(const KappaParams& ambient, double potential_v);

// The shaded balance at U of the ambient plasma that a κ spectrum measured at the spacecraft
// implies there (ambient_from_measured, physics/spacecraft_sheath.hpp):
// shaded_current_balance_a_m2(ambient_from_measured(measured, U), U), and
// night_unphysical_ion_current_a_m2 where no ambient plasma gives the spectrum (T_ambient ≤ 0).
// The joint fit evaluates it at a hundred U per shaded spectrum, so it works in the measured
// plasma's frame, where Liouville (f kept along each orbit) makes the ambient plasma's plane flux
// per unit energy that of the measured one, Φ_m, at the energy the electron arrives with, times
// ambient over arrival energy:
//   U ≤ 0: Φ_ambient(ε + |U|) = Φ_m(ε) (ε + |U|)/ε at impact energy ε, so both electron
//          integrals of shaded_balance_currents (its closed form, its Gauss–Legendre nodes) are
//          A + |U| B with A, B integrals of the measured plasma set once: F costs the ion current;
//   U > 0: Φ_ambient(ε) = Φ_m(ε + U) ε/(ε + U): J_e in closed form over the shifted range, and
//          the secondaries' flux and yield at a node in one exponential (three in the direct sum).
// The same sums rearranged; they differ from the direct evaluation by at most (κ + 1) · 1.82e-8
// of the currents (tests/physics/charging_test.cpp): the direct path's ambient κE_θ comes from a
// temperature (CODATA m_e) through θ (m_e/e to seven digits, electron_mass_ev_s2_m2), and the
// two masses differ by 1.82e-8, so it carries 1.82e-8 · U that the Liouville map leaves out.
// Far below the quadrature's own error (≤ 1e-6 of each current against the definitions).
class ImpliedShadedBalance {
 public:
  explicit ImpliedShadedBalance(const KappaParams& measured);
  double operator()(double potential_v) const;
  // shaded_balance_upper_bound_a_m2 of the implied plasma (F itself where there is none).
  double upper_bound(double potential_v) const;

 private:
  KappaParams measured_;
  double flux_scale_ = 0.0, kappa_e_theta_ = 0.0;  // the measured plasma's plane flux scale · E (1 + E/κE_θ)^{−κ−1}
  double electrons_above_zero(double gain_v) const;  // J_e/e at U = gain_v > 0
  // F(U ≤ 0) = J_i(U) + e (net_at_zero + |U| net_per_volt): secondaries leaving less electrons
  // collected [m⁻² s⁻¹] at 0 V and per volt of |U|.
  double net_at_zero_ = 0.0, net_per_volt_ = 0.0;
};

// Sunlit: a positive spacecraft collects every ambient electron that reaches it, so J_e is the
// whole one-sided current (one_sided_current_density_a_m2), not a truncated integral.
double sunlit_collected_electron_current_a_m2(const KappaParams& ambient);

// F(U) = J_i + J_see − J_e  [A m⁻²]; its root is the night floating potential.
double night_current_balance_a_m2(const KappaParams& uncorrected, double potential_v,
                                  std::span<const double> energy_grid_ev);

}  // namespace lpm::physics
