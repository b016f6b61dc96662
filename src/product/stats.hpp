#pragma once
// `stats`: binned statistics of U_surface and U_sc over the spectra of potential caches (issue 18),
// by footpoint grid cell, solar zenith angle, local time or region (environment × illumination).
// Every spectrum is taken at its footpoint row (footpoint_row.hpp), as in `inspect` and `plot`.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/calendar.hpp"
#include "product/cache_reader.hpp"
#include "product/illumination.hpp"

namespace lpm::product {

enum class StatsBy { grid, sza, local_time, region };
std::optional<StatsBy> stats_by_from_name(std::string_view name);  // "grid", "sza", "local-time", "region"
const char* to_string(StatsBy by);

inline constexpr double default_grid_deg = 10.0;  // --grid-deg: cell size (degrees) unless asked otherwise

struct StatsOptions {
  StatsBy by = StatsBy::grid;
  double grid_deg = default_grid_deg;  // --by grid: cell size (must divide 180)
  bool fitted_only = true;             // --status fitted; false: any spectrum with a U value
  Illumination illumination = Illumination::all;
  std::optional<double> max_width_v;  // keep only intervals (upper − lower) ≤ this
  // --start/--end: keep spectra whose footpoint row's UTC date is in [first_day, last_day].
  std::optional<CalendarDate> first_day, last_day;
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

// The statistics of one bin's values of a potential (V). Empty bin: count 0, every number NaN.
// Percentiles interpolate linearly between order statistics (numpy's default); std has
// ddof = 0. The weighted mean uses w = 1/σ², σ = (upper − lower)/2 of each 68 % interval, over
// the spectra with a finite, positive σ; its error is 1/√Σw (NaN when no such spectrum).
// p5/p95 with the quartiles are the distribution summary of Halekas et al. (2008).
struct BinStats {
  std::size_t count = 0;
  double median, p5, p25, p75, p95, mean, std, weighted_mean, weighted_mean_error;
};
BinStats bin_stats(std::vector<double> values, const std::vector<double>& sigmas);

// A potential the table summarises: its variable prefix and what it is (for long names).
struct StatsQuantity {
  const char* prefix;       // "u_surface", "u_spacecraft"
  const char* description;  // "surface potential", "spacecraft potential"
};
inline constexpr StatsQuantity u_surface_quantity{"u_surface", "surface potential"};
inline constexpr StatsQuantity u_spacecraft_quantity{"u_spacecraft", "spacecraft potential"};

// The statistics of one quantity over every bin (row-major over the table's axes).
struct QuantityStats {
  StatsQuantity quantity;
  std::vector<BinStats> bins;
};

// U_surface over the kept spectra, and U_sc over the same spectra where it is finite (the
// spacecraft's potential, of the plasma around the spacecraft rather than at the footpoint; its
// weighted mean uses the U_sc interval, NaN for caches without one).
struct StatsTable {
  StatsBy by = StatsBy::grid;
  std::vector<StatsAxis> axes;            // 1 or 2; bins are row-major over them
  std::vector<QuantityStats> quantities;  // u_surface, then u_spacecraft
  std::size_t spectra_read = 0, spectra_used = 0;
  std::size_t bin_count() const { return quantities.empty() ? 0 : quantities.front().bins.size(); }
};

// The `settings` text of a stats file (its global attribute, so a reader knows the selection):
// "by=grid grid_deg=10 status=fitted illumination=all max_width_v=none start=none end=none".
std::string stats_settings_text(const StatsOptions& options);
inline constexpr const char* stats_settings_attribute = "settings";
// The value of `key` in a settings text ("day" for "illumination"); nullopt when absent.
std::optional<std::string> stats_setting(std::string_view settings, std::string_view key);

// Throws std::invalid_argument for a bad grid size, std::runtime_error when --by sza /
// local-time meets a cache without spec_solar_zenith_deg / spec_local_time_h.
StatsTable compute_stats(const CacheSpectra& spectra, const StatsOptions& options);

// One statistic of BinStats: its variable suffix, long-name text and CF cell method ("" none).
struct StatsField {
  const char* suffix;  // "count", "median", ...
  const char* long_name;
  const char* cell_method;
  double BinStats::*member;  // nullptr for the count
};
// Every statistic, in the column order of the CSV and the variable order of the netCDF file.
extern const std::vector<StatsField> stats_fields;

// CSV: one line per bin; per axis its value (centre or label) and, if bounded, _min/_max;
// then for each quantity <prefix>_<suffix> of every stats_fields entry ("nan" in an empty bin).
std::string stats_csv(const StatsTable& table);

}  // namespace lpm::product
