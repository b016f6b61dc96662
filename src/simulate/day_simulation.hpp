#pragma once
// One simulated day: the ER table's spectra and the truth behind every spectrum.
//
// The geometry of every row is computed by the pipeline's own code (geometry::compute_row_geometry)
// on ephemeris read back from the written kernels, so truth and pipeline share conventions.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/attitude.hpp"
#include "io/er_table.hpp"
#include "io/npz.hpp"
#include "simulate/mission_ephemeris.hpp"

namespace lpm::simulate {

struct SimulationOptions {
  std::uint64_t seed = 1;
  bool poisson_noise = true;
  int spectra_per_day = 1080;  // 1 … max_spectra_per_day
};

// Spectra start every (86400 − 60)/N s; 15 rows take 35 s, so N is limited to keep rows of
// successive spectra in time order.
inline constexpr int max_spectra_per_day = 2000;

// Two sweep tables of the mission (D§2.1): ≈40 eV–20 keV (used here in 1998) and ≈7 eV–20 keV
// (1999); 15 log-spaced steps swept from high to low energy, rounded to 0.01 eV.
std::vector<double> sweep_energies_ev(int year);

// Rates of the defects real tables have (each at least once a day).
inline constexpr double fill_value_spectrum_fraction = 0.03;    // a few cells 9.999E-99 / 999.99
inline constexpr double bad_field_spectrum_fraction = 0.003;    // one row with B = 0
inline constexpr double missing_row_spectrum_fraction = 0.003;  // 14 rows

// Per-spectrum truth, in the batch output's naming (P§5.5).
struct DayTruth {
  std::vector<std::int64_t> spec_no;
  std::vector<double> u_surface_v, bs_over_bm, beam_amp, u_spacecraft_v;
  std::vector<double> electron_density_m3, electron_temperature_ev, kappa;
  std::vector<std::int8_t> environment_class;  // P§5.4 classification of the truth (T_e, footpoint light)
  std::vector<std::int8_t> plasma_region;      // Region the simulation used (1–4)
  std::vector<double> projection_latitude_deg, projection_longitude_deg;
  std::vector<std::int8_t> projection_polarity;
  std::vector<bool> spacecraft_in_sun, projection_in_sun;
  std::vector<std::string> rows_utc;  // every written row, in file order
};

struct SimulatedDay {
  int year = 0, month = 0, day = 0;
  std::vector<io::ErSpectrum> spectra;
  DayTruth truth;
};

SimulatedDay simulate_day(const MissionEphemeris& ephemeris, int year, int month, int day,
                          const SimulationOptions& options);

io::NpzArchive truth_archive(const DayTruth& truth);

}  // namespace lpm::simulate
