#pragma once
// Electrons crossing the spacecraft's sheath (potential U_sc relative to the ambient plasma).
//
// Liouville's theorem keeps the phase-space density f constant along an orbit, and the
// directional flux is j = f v²/m_e ∝ f E, so j/E is conserved: an ambient electron of energy
// E − U_sc arrives with energy E (energies in eV, U in V, electron charge −e), and
//   j_measured(E) = j_ambient(E − U_sc) · E / (E − U_sc)      for E > U_sc,
// while no ambient electron arrives below U_sc (a sunlit, positive spacecraft: those steps
// hold its own photoelectrons). The reference's de-biasing relabels energies only (P§3.2
// step 4); the factor E/(E − U_sc) is what it leaves out.

#include "physics/kappa.hpp"

namespace lpm::physics {

// Directional flux at the detector [cm⁻² s⁻¹ sr⁻¹ eV⁻¹] of the ambient κ plasma; 0 for E ≤ U_sc.
double flux_at_spacecraft_cm2(const KappaParams& ambient, double u_spacecraft_v, double measured_energy_ev);

// What the ER reports at step E: flux_at_spacecraft_cm2 averaged over the analyser's energy
// window (response_averaged with FWHM/E = 0.5, P§1.3).
double measured_flux_cm2(const KappaParams& ambient, double u_spacecraft_v, double step_energy_ev);

// True when the step at measured energy E holds no electrons of the spacecraft's own: a positive
// spacecraft keeps its photo- and secondary electrons below U_sc, and the analyser window
// reaches down to 0.69 E (energy_response.hpp), so the window's lowest node must lie above
// U_sc + photoelectron_mask_margin_v. Always true for U_sc ≤ 0.
bool step_free_of_spacecraft_electrons(double step_energy_ev, double u_spacecraft_v);

// The ambient plasma whose spectrum seen through a sheath of U_sc is the κ spectrum `measured`:
// Liouville maps a κ spectrum onto a κ spectrum with the same κ and
//   T_ambient = T_measured + U/(κ − 3/2),  n_ambient = n_measured (T_measured/T_ambient)^{κ−1/2}
// (f(E − U) ∝ (1 + (E − U)/(κE_θ))^{−κ−1} = const · (1 + E/(κE_θ − U))^{−κ−1}). So the spectrum
// alone cannot tell U_sc: the charging balance does. NaN θ when T_ambient ≤ 0.
KappaParams ambient_from_measured(const KappaParams& measured, double u_spacecraft_v);

}  // namespace lpm::physics
