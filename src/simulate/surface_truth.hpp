#pragma once
// Known truth of the simulated mission at a field-line footpoint: lunar surface potential,
// and at the spacecraft: its floating potential (P§3, with the fit's own balance) and the
// flux the ER reports at each energy step (ambient electrons through the spacecraft sheath
// plus, when sunlit, the spacecraft's own photoelectrons).

#include <array>

#include "fit/spacecraft_potential.hpp"
#include "physics/kappa.hpp"
#include "simulate/plasma_environment.hpp"

namespace lpm::simulate {

inline constexpr double sunlit_potential_min_v = 5.0;    // at the terminator edge of the dayside
inline constexpr double sunlit_potential_max_v = 15.0;   // at the subsolar point
inline constexpr double terminator_potential_v = -20.0;  // at solar zenith angle 90°
inline constexpr double solar_wind_night_floor_v = -300.0;
inline constexpr double tail_night_floor_v = -1800.0;  // inside the fit bound −2000 V (P§4.5)

// U_surface as a smooth function of cos(solar zenith angle) at the footpoint:
//   cos ≥ cos 80°: +5 … +15 V, rising with cos;
//   0 … cos 80°:   smooth step from −20 V (terminator) up to the dayside value;
//   night:         smooth step from −20 V down to −night_factor·T_e, reached 17° past the
//                  terminator, limited to [−300, −20] V in the solar wind and magnetosheath
//                  and to [−1800, −20] V in the lobes and plasma sheet. T_e and night_factor
//                  are those of the undisturbed region (not of the wake).
double surface_potential_v(double cos_solar_zenith, const PlasmaState& plasma);

// How strongly the surface at a footpoint charges at night relative to the region's
// night_factor: 1 + 0.2·m(x̂), m a fixed smooth pattern in [−1, 1] over the surface (x̂ the unit
// footpoint vector, IAU_MOON) with wavelengths ≈ 300–410 km. The secondary-electron and
// photoemission yields that set the nightside equilibrium depend on the regolith (composition,
// grain size, roughness), and LP's nightside potentials scatter beyond what T_e explains
// (Halekas et al. 2008, JGR 113 A09102); the ±20 % and the pattern are our parametrisation. It
// also keeps the truth from being one value over a whole field interval, which no real surface
// holds and which would make every spectrum of an interval sample the same (U, Bs/Bm) cell.
double surface_charging_variation(const std::array<double, 3>& footpoint_unit);

// Spacecraft floating potential in the ambient plasma: fit::floating_potential (the one owner
// shared with the joint fit). Sunlit: J_ph(U) against the whole one-sided κ current on
// [0, 150] V, the value at the limit when saturated (status saturated_low/high); shaded: the
// root of physics::shaded_current_balance_a_m2, either sign. NaN only if that fails.
fit::JuInversion spacecraft_charging(const physics::KappaParams& ambient, bool spacecraft_in_sun);
double spacecraft_potential_v(const physics::KappaParams& ambient, bool spacecraft_in_sun);

// --- Spacecraft photoelectrons ---------------------------------------------------------
// A sunlit surface emits photoelectrons with an energy spectrum whose characteristic energy
// is a few eV (Whipple 1981, Rep. Prog. Phys. 44:1197; Geotail: mean energy 2.1 ± 0.5 eV,
// Nakagawa et al. 2000, Earth Planets Space 52:283). We take the two components of the
// project's J–U curve J_ph(U) = A e^{−U/B} + C e^{−U/D} (Halekas et al. 2008, P§3.2) as
// emitted Maxwellian fluxes (one-sided current A at T = B = 5 eV, C at T = D = 60 eV). On a
// body much smaller than the Debye length those with energy below U return to the spacecraft
// and fill the detector's low steps isotropically:
//   j_ph(E) = Σ_c (J_c/e)·1e-4/(π T_c²) · E · e^{−E/T_c}  [cm⁻² s⁻¹ sr⁻¹ eV⁻¹]  for 0 < E < U_sc,
// and 0 for E ≥ U_sc (those escape, moving away from the detector); their returning current is
// Σ J_c [1 − (1 + U/T_c) e^{−U/T_c}]. 0 unless U > 0; the caller adds it only when sunlit.
double photoelectron_flux_cm2(double u_spacecraft_v, double energy_ev);

// What the ER reports at step energy E (before the loss cone shapes the ambient part):
//   ambient:  physics::measured_flux_cm2 — the Liouville-mapped κ flux
//             j(E − U)·E/(E − U) (0 for E ≤ U) averaged over the analyser's energy window;
//   photo:    photoelectron_flux_cm2 averaged over the same window (sunlit spacecraft only).
// With the 3-node window (energies E·e^{±0.364}, E) a step holds photoelectrons only when
// E·e^{−0.364} < U_sc, i.e. E < 1.439·U_sc: contamination_limit_ev.
struct StepFlux {
  double ambient_cm2 = 0.0;
  double photo_cm2 = 0.0;
};
StepFlux step_flux_cm2(const physics::KappaParams& ambient, double u_spacecraft_v, bool spacecraft_in_sun,
                       double step_energy_ev);
// Highest step energy that can hold photoelectrons: U_sc / (lowest window node factor).
double photoelectron_contamination_limit_ev(double u_spacecraft_v);

}  // namespace lpm::simulate
