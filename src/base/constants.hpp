#pragma once
// Every physical and instrument constant of the program, with its unit in the name.
// Sources: physics-spec (P§) and data-geometry-spec (D§) of the Python reference, which
// cite Halekas et al. 2008 (doi:10.1029/2008JA013194) and the PDS ER product description.

namespace lpm {

// --- Moon --------------------------------------------------------------------------
inline constexpr double lunar_radius_km = 1737.4;  // spherical Moon of the reference (D§5.2)

// --- Lunar Prospector Electron Reflectometer (D§2, P§1.3) ---------------------------
inline constexpr int er_channels = 88;           // angular cells per energy row
inline constexpr int er_rows_per_spectrum = 15;  // energy steps per sweep
inline constexpr double er_accumulation_time_s = 2.5;      // per energy row
inline constexpr double er_geometric_factor_cm2_sr = 0.02;
inline constexpr double er_energy_window_relative = 0.5;   // FWHM / E
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

}  // namespace lpm
