#pragma once
// The one reader of potential caches (ours or the Python reference's: same keys), for `inspect`
// and `plot` (and later `stats`, `explain`): one entry per spectrum, taken at the spectrum's
// footpoint row (footpoint_row.hpp). U and its interval are per spectrum and repeated on its rows.

#include <cstdint>
#include <string>
#include <vector>

#include "io/npz.hpp"
#include "pipeline/environment.hpp"
#include "product/illumination.hpp"

namespace lpm::product {

// What holds for every spectrum read: which optional keys were present in every cache, rows,
// time range.
struct CacheOverview {
  bool has_intervals = true;
  bool has_u_spacecraft = true;
  bool has_environment = true;
  bool has_ground_track = true;
  bool has_status = true;
  bool has_solar_angles = true;           // spec_solar_zenith_deg and spec_local_time_h
  bool has_u_spacecraft_interval = true;  // spec_u_spacecraft_lower and _upper
  bool has_plasma_moments = true;         // spec_electron_density, _temperature, spec_kappa_value
  std::size_t rows = 0;
  std::string utc_min, utc_max;  // lexicographic over every row; empty when there is none
};

struct CacheSpectra : CacheOverview {
  // Per spectrum (all the same length).
  std::vector<std::int64_t> spec_no;
  std::vector<double> latitude_deg;   // footpoint latitude, NaN if unconnected
  std::vector<double> longitude_deg;  // footpoint longitude
  std::vector<double> u_surface_v;    // NaN when not fitted
  std::vector<double> u_lower_v;      // 68 % interval; NaN when absent
  std::vector<double> u_upper_v;
  std::vector<double> u_spacecraft_v;                   // NaN when absent
  std::vector<std::string> utc;                         // of the footpoint row
  std::vector<std::int8_t> in_sun;                      // footpoint sunlit (1) or dark (0)
  std::vector<pipeline::EnvironmentClass> environment;  // of the footpoint row; unknown when absent
  std::vector<double> track_latitude_deg;               // spacecraft position at the footpoint row
  std::vector<double> track_longitude_deg;              // (ground track); NaN when the cache has none
  std::vector<std::int8_t> status;                      // spec_status code (cache_schema.hpp); -1 when absent
  std::vector<double> solar_zenith_deg;                 // spec_solar_zenith_deg; NaN when the cache has none
  std::vector<double> local_time_h;                     // spec_local_time_h; NaN when the cache has none
  std::vector<double> u_spacecraft_lower_v;             // spec_u_spacecraft_lower; NaN when absent
  std::vector<double> u_spacecraft_upper_v;             // spec_u_spacecraft_upper; NaN when absent
  std::vector<double> electron_density_m3;              // spec_electron_density; NaN when absent
  std::vector<double> electron_temperature_ev;          // spec_electron_temperature; NaN when absent
  std::vector<double> kappa;                            // spec_kappa_value; NaN when absent

  std::size_t size() const { return u_surface_v.size(); }
  std::size_t fitted_count() const;  // spectra with a finite U_surface
};

// Appends the spectra of `cache` (called `name` in error messages). Required keys:
// rows_spec_no, rows_utc, rows_projection_latitude/longitude, rows_projected_potential,
// rows_projection_in_sun; the others are optional. A missing required key or arrays of
// different lengths → std::runtime_error "<name>: ...".
void append_cache(CacheSpectra& spectra, const io::NpzArchive& cache, const std::string& name);

CacheSpectra read_cache(const io::NpzArchive& cache, const std::string& name);

// Positions of the spectra whose footpoint the illumination selects.
std::vector<std::size_t> select_spectra(const CacheSpectra& spectra, Illumination illumination);

// The spectra at `positions`, in that order.
CacheSpectra subset(const CacheSpectra& spectra, const std::vector<std::size_t>& positions);

template <typename T>
std::vector<T> pick(const std::vector<T>& values, const std::vector<std::size_t>& positions) {
  std::vector<T> out;
  out.reserve(positions.size());
  for (std::size_t i : positions) out.push_back(values[i]);
  return out;
}

}  // namespace lpm::product
