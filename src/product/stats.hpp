#pragma once
// `stats`: binned statistics of U_surface over the spectra of potential caches (issue 18), by
// footpoint grid cell, solar zenith angle, local time or region (environment × illumination).
// Every spectrum is taken at its footpoint row (footpoint_row.hpp), as in `inspect` and `plot`.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "product/cache_reader.hpp"
#include "product/illumination.hpp"

namespace lpm::product {

enum class StatsBy { grid, sza, local_time, region };
std::optional<StatsBy> stats_by_from_name(std::string_view name);  // "grid", "sza", "local-time", "region"
const char* to_string(StatsBy by);

struct StatsOptions {
  StatsBy by = StatsBy::grid;
  double grid_deg = 10.0;   // --by grid: cell size (must divide 180)
  bool fitted_only = true;  // --status fitted; false: any spectrum with a U value
  Illumination illumination = Illumination::all;
  std::optional<double> max_width_v;  // keep only intervals (upper − lower) ≤ this
};

// One dimension of the table. Bounded axes (lat, lon, sza, local_time) have bin edges; the
// region axes (environment, illumination) are integer codes with CF flag_meanings.
struct StatsAxis {
  std::string name, units, long_name, standard_name;
  std::vector<double> centre, lower, upper;  // lower/upper empty for a coded axis
  std::vector<std::string> labels;           // code meanings for a coded axis
  bool bounded() const { return !lower.empty(); }
  std::size_t size() const { return centre.size(); }
};

// The statistics of one bin's U_surface values (V). Empty bin: count 0, every number NaN.
// Percentiles interpolate linearly between order statistics (numpy's default); std has
// ddof = 0. The weighted mean uses w = 1/σ², σ = (upper − lower)/2 of each 68 % interval, over
// the spectra with a finite, positive σ; its error is 1/√Σw (NaN when no such spectrum).
struct BinStats {
  std::size_t count = 0;
  double median, p25, p75, mean, std, weighted_mean, weighted_mean_error;
};
BinStats bin_stats(std::vector<double> values, const std::vector<double>& sigmas);

struct StatsTable {
  StatsBy by = StatsBy::grid;
  std::vector<StatsAxis> axes;  // 1 or 2; bins are row-major over them
  std::vector<BinStats> bins;
  std::size_t spectra_read = 0, spectra_used = 0;
};

// Throws std::invalid_argument for a bad grid size, std::runtime_error when --by sza /
// local-time meets a cache without spec_solar_zenith_deg / spec_local_time_h.
StatsTable compute_stats(const CacheSpectra& spectra, const StatsOptions& options);

// CSV: one line per bin; per axis its value (centre or label) and, if bounded, _min/_max;
// then u_surface_count, _median, _p25, _p75, _mean, _std, _weighted_mean, _weighted_mean_error
// ("nan" in an empty bin).
std::string stats_csv(const StatsTable& table);

}  // namespace lpm::product
