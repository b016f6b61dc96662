#pragma once
// The SPICE kernels of the simulated mission (DIR/spice_kernels/):
//   simulated.tls         leap seconds (text_kernels.hpp)
//   simulated_moon.tpc    IAU_MOON constants (text_kernels.hpp)
//   planets_simulated.bsp type 2 (Chebyshev position) segments, J2000, from the analytic
//                         ephemeris: 10 wrt 0 (the Sun at the barycentre), 3 wrt 0 (EMB),
//                         399 wrt 3, 301 wrt 3 — the structure of a JPL DE file
//   lp_simulated.bsp      type 13 (Hermite, unequal steps) segments of −25 wrt 301, J2000,
//                         from LpOrbit; one segment per orbit phase (maneuvers at segment ends)
//   kernels.lock          SHA-1 of every kernel, sha1sum format (D§1.5)

#include <filesystem>

#include "simulate/lp_orbit.hpp"

namespace lpm::simulate {

inline constexpr const char* leapseconds_file = "simulated.tls";
inline constexpr const char* moon_pck_file = "simulated_moon.tpc";
inline constexpr const char* planets_spk_file = "planets_simulated.bsp";
inline constexpr const char* lp_spk_file = "lp_simulated.bsp";

// Chebyshev records: 4 days, degree 13 for the Moon and the Earth (about the EMB); 16 days,
// degree 11 for the EMB about the Sun. Errors < 1 m against the analytic theory.
inline constexpr double moon_record_days = 4.0;
inline constexpr int moon_record_degree = 13;
inline constexpr double emb_record_days = 16.0;
inline constexpr int emb_record_degree = 11;
// LP states every 10 minutes, Hermite windows of 6 states (degree 11): errors ≪ 1 m.
inline constexpr double lp_state_step_s = 600.0;
inline constexpr int lp_window_size = 6;

void write_planets_spk(const std::filesystem::path& path, double et_start, double et_end);
void write_lp_spk(const std::filesystem::path& path, const LpOrbit& orbit, double et_start, double et_end);

// Writes the two text kernels, both SPKs covering [et_start, et_end] and kernels.lock.
void write_simulated_kernels(const std::filesystem::path& kernels_dir, double et_start, double et_end);

// The LpOrbit of the simulation (maneuver epochs converted with the simulated LSK).
LpOrbit simulated_lp_orbit();

}  // namespace lpm::simulate
