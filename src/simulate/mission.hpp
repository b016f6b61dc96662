#pragma once
// `potential-mapper simulate`: writes a synthetic Lunar Prospector mission into a data folder
// with the real archive's layout (SPEC §2, D§1.2):
//   DIR/<YYYY>/<DDD_DDDMON>/3DYYMMDD.TAB       one per simulated day (seeded)
//   DIR/truth/3DYYMMDD_truth.npz               the truth behind every spectrum (seeded)
//   DIR/theta.tab, DIR/solid_angles.tab, DIR/attitude.tab, DIR/spice_kernels/...
// The shared files do not depend on the seed or on the days chosen: they always cover
// 1998-01-01 … 2000-01-01 (widened when a simulated day lies outside), so several runs into
// one folder stay consistent. Days must lie in 1997-2001 (the kernels grow with the span).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "simulate/day_simulation.hpp"

namespace lpm::simulate {

struct SimulatedDate {
  int year = 0, month = 0, day = 0;
};

// Every calendar day from first to last inclusive (throws std::invalid_argument if last < first
// or a date is invalid).
std::vector<SimulatedDate> date_range(const SimulatedDate& first, const SimulatedDate& last);

inline constexpr int first_simulated_year = 1997;
inline constexpr int last_simulated_year = 2001;

std::filesystem::path truth_relative_path(int year, int month, int day);  // truth/3DYYMMDD_truth.npz

struct DayReport {
  SimulatedDate date;
  std::filesystem::path table_path, truth_path;
  std::size_t spectra = 0, rows = 0;
};

// Writes theta.tab, solid_angles.tab, attitude.tab and spice_kernels/ covering days
// first_day … last_day (days since 2000-01-01) widened to the mission span.
void write_mission_files(const std::filesystem::path& data_dir, std::int64_t first_day, std::int64_t last_day);

// The shared files, then every day in order; on_day is called after each day is written.
// Throws std::invalid_argument for an invalid date or one outside the simulated years.
std::vector<DayReport> simulate_mission(const std::filesystem::path& data_dir, const std::vector<SimulatedDate>& days,
                                        const SimulationOptions& options,
                                        const std::function<void(const DayReport&)>& on_day = {});

}  // namespace lpm::simulate
