#pragma once
// Every physical and instrument constant of the program, with its unit in the name.
// Sources: docs/method.md (P§ anchors) and docs/data-geometry.md (D§ anchors), which cite
// Halekas et al. 2008 (doi:10.1029/2008JA013194) and the PDS ER product description.

namespace lpm {

// --- Moon --------------------------------------------------------------------------
inline constexpr double lunar_radius_km = 1737.4;  // spherical Moon of the reference (D§5.2)

// --- Lunar Prospector Electron Reflectometer (D§2, P§1.3) ---------------------------
inline constexpr int er_channels = 88;                 // angular cells per energy row
inline constexpr int er_rows_per_spectrum = 15;        // energy steps per sweep
inline constexpr double er_accumulation_time_s = 2.5;  // per energy row
inline constexpr double er_geometric_factor_cm2_sr = 0.02;
inline constexpr double er_energy_window_relative = 0.5;  // FWHM / E
inline constexpr double er_gain_uncertainty = 0.05;
inline constexpr double er_geometric_factor_uncertainty = 0.10;
// Solid angle of one cell by |theta| (PDS data-3deleflux-desc.txt, "Parameters").
inline constexpr double er_solid_angle_78_75_sr = 0.119570;
inline constexpr double er_solid_angle_56_25_sr = 0.170253;
inline constexpr double er_solid_angle_33_75_sr = 0.127401;
inline constexpr double er_solid_angle_11_25_sr = 0.150279;

// Fill values written by the instrument team and the PDS PPI node (D§2.2).
inline constexpr double er_flux_fill = 9.999e-99;
inline constexpr double er_flux_error_fill = -9.99e-99;
inline constexpr double er_phi_fill_deg = 999.99;
inline constexpr double er_phi_invalid_deg = 998.99;

// Whole-spectrum drop rule on the field magnitude (D§2.2).
inline constexpr double er_min_field_nt = 1e-9;
inline constexpr double er_max_field_nt = 1e3;

// --- Fundamental constants (CODATA 2018, as scipy.constants) --------------------------
inline constexpr double pi = 3.14159265358979323846;
inline constexpr double electron_charge_c = 1.602176634e-19;
inline constexpr double electron_mass_kg = 9.1093837015e-31;
inline constexpr double proton_mass_kg = 1.67262192369e-27;
inline constexpr double electron_mass_ev_s2_m2 = 5.685630e-12;  // m_e / e, as the reference (P§1.3)

// --- κ fit and charging (P§2, P§3) ----------------------------------------------------
// Owned by the κ-fit/U_sc code (src/physics/kappa*, charging*, src/fit/kappa_fitter*,
// spacecraft_potential*).
inline constexpr double generic_epsilon = 1e-6;      // EPS of the reference (P§1.3)
inline constexpr double er_background_counts = 0.0;  // N_bg (P§1.3)
inline constexpr double kappa_min = 2.5;             // fit bounds (P§2.6)
inline constexpr double kappa_max = 6.0;
inline constexpr double log10_theta_min_m_s = 6.0;
inline constexpr double log10_theta_max_m_s = 8.0;
inline constexpr double measured_log10_theta_min_m_s = 5.0;   // joint fit of the measured spectrum
inline constexpr double kappa_fit_chi2_threshold = 657000.0;  // FIT_ERROR_THRESHOLD (P§2.8)
// Day branch: photoelectron J-U curve J = A e^{-U/B} + C e^{-U/D} (Halekas 2008, P§3.2).
inline constexpr double photoemission_a_a_m2 = 1.07e-6;
inline constexpr double photoemission_b_v = 5.0;
inline constexpr double photoemission_c_a_m2 = 1.6e-8;
inline constexpr double photoemission_d_v = 60.0;
inline constexpr double day_potential_min_v = 0.0;  // J-U inversion interval
inline constexpr double day_potential_max_v = 150.0;
inline constexpr double day_current_min_energy_ev = 10.0;  // J_e integral limits
inline constexpr double day_current_max_energy_ev = 2.0e4;
inline constexpr int day_current_points = 100;       // Simpson points, both passes (SPEC §4)
inline constexpr double day_energy_floor_ev = 1e-6;  // E' = max(E - U, floor)
// Joint plasma fit (fit/plasma_fit.hpp): a positive spacecraft's own photoelectrons (a few eV,
// docs/simulator.md) fill the steps whose analyser window reaches below U_sc + this margin.
inline constexpr double photoelectron_mask_margin_v = 2.0;
inline constexpr double photoelectron_first_mask_v = 60.0;  // first sunlit fit: U_sc taken as ≤ this
inline constexpr int plasma_fit_max_mask_passes = 6;
// Night branch: current balance J_i + J_see - J_e = 0 (P§3.3).
inline constexpr double sternglass_peak_energy_ev = 500.0;  // E_m
inline constexpr double sternglass_peak_yield = 1.5;        // δ_m
inline constexpr double night_grid_min_energy_ev = 1.0;
inline constexpr double night_grid_max_energy_ev = 2.0e4;
inline constexpr int night_grid_points = 500;
inline constexpr double night_bracket_low_v = -1500.0;
inline constexpr double night_bracket_high_v = 0.0;
inline constexpr double shaded_grid_min_energy_ev = 0.01;  // shaded balance's integrals start here or at |U|
inline constexpr double shaded_bracket_high_v = 50.0;      // a shaded spacecraft may float positive
inline constexpr double shaded_scan_step_v = 2.5;          // scan down from +50 V in these steps to −20 V,
inline constexpr double shaded_scan_ratio = 1.12;          // then geometrically
inline constexpr double shaded_scan_lowest_v = -3600.0;
// Gauss–Legendre nodes in ln ε of the joint method's secondary current (physics/charging.hpp):
// ≤ 5e-8 relative error for κ 1.6–10, T 2–500 eV, U −1000…+50 V (tests/physics/charging_test.cpp).
inline constexpr int shaded_quadrature_points = 40;
// Tolerance of the shaded roots (truth and joint fit): far below their statistical uncertainty,
// which is a fraction of a millivolt in hot plasma (a spacecraft floating at +0.4 V, set by its
// secondaries' escape). The reference method keeps its own night_root_xtol_v (P§3.3).
inline constexpr double shaded_root_xtol_v = 1e-6;
// A stable root: F > 0 this far below, < 0 above. 10× the reference's root tolerance (night_root_xtol_v):
// in hot plasma the balance can be positive on a window narrower than 0.5 V (docs/method.md §1.4).
inline constexpr double shaded_stability_step_v = 0.01;
// Candidate U_sc whose ambient plasma would be thinner than this are not physical: the most
// tenuous plasma at lunar distance, the tail lobes, has ~0.01–0.1 cm⁻³ (docs/simulator.md).
inline constexpr double ambient_density_floor_m3 = 1e4;
inline constexpr double night_bracket_expansion = 1.5;
inline constexpr int night_bracket_max_expansions = 10;
inline constexpr double night_root_xtol_v = 1e-3;
inline constexpr int night_root_max_iterations = 200;
inline constexpr double night_unphysical_ion_current_a_m2 = 1e12;  // returned when T_c <= 0
// Secondary electrons leave a surface with a few eV (Whipple 1981, Rep. Prog. Phys. 44:1197);
// a positive shaded spacecraft keeps those below U.
inline constexpr double secondary_electron_temperature_ev = 2.0;

// --- Plasma environment classes (P§5.4) ----------------------------------------------
// Half-open electron-temperature bands: below the first, solar wind; then magnetosheath, tail
// lobes; from the last up, plasma sheet. The pipeline classifies with them, simulate draws its
// regions' temperatures inside them.
inline constexpr double solar_wind_max_temperature_ev = 30.0;
inline constexpr double magnetosheath_max_temperature_ev = 80.0;
inline constexpr double tail_lobes_max_temperature_ev = 150.0;

// --- Loss cone (P§4.3-4.5; Halekas et al. 2008 ¶37, Lillis et al. 2008) --------------
inline constexpr double losscone_beam_width_ev = 15.0;        // secondary-beam energy width w
inline constexpr double losscone_beam_pitch_sigma_deg = 7.5;  // beam width in pitch about 180°
inline constexpr double losscone_background = 0.05;           // model level inside the cone b
inline constexpr double losscone_u_surface_min_v = -2000.0;   // optimiser bounds (P§4.5)
inline constexpr double losscone_u_surface_max_v = 20.0;
inline constexpr double losscone_bs_over_bm_min = 0.3;
inline constexpr double losscone_bs_over_bm_max = 1.1;
inline constexpr double losscone_beam_amp_min = 0.0;
inline constexpr double losscone_beam_amp_max = 5.0;
inline constexpr double losscone_lillis_relative_flux_min = 0.07;  // keep 0.07 < F/M < 0.79
inline constexpr double losscone_lillis_relative_flux_max = 0.79;
inline constexpr int losscone_min_valid_bins = 5;
inline constexpr double losscone_lillis_chi2_reduced_max = 2.0;
inline constexpr double losscone_log_eps = 1e-6;                   // EPS inside ln() of χ²_H
inline constexpr double losscone_min_incident_norm = 1e-6;         // floor of the row normaliser
inline constexpr double losscone_min_corrected_energy_ev = 1e-12;  // E − U_sc clamp

}  // namespace lpm
