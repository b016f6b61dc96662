#pragma once
// What the pictures need from one or more potential caches (SPEC §5, P§5.5): one entry per
// spectrum, taken at the spectrum's representative row (its first row with a finite footpoint,
// else its first row; U and its interval are per spectrum and repeated on its rows).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/npz.hpp"

namespace lpm::plot {

// Environment codes of rows_environment_class (P§5.4).
inline constexpr int environment_class_count = 6;
const char* environment_name(int code);  // "unknown", "solar wind", ..., "wake"

enum class Illumination { all, day, night };

struct PlotData {
  // Per spectrum (all the same length).
  std::vector<double> latitude_deg;       // projection (footpoint) latitude, NaN if unconnected
  std::vector<double> longitude_deg;      // projection longitude
  std::vector<double> u_surface_v;        // NaN when not fitted
  std::vector<double> u_lower_v;          // profile-likelihood interval; NaN when absent
  std::vector<double> u_upper_v;
  std::vector<double> u_spacecraft_v;     // NaN when absent
  std::vector<double> time_s;             // UTC seconds since 1970 of the representative row
  std::vector<std::int8_t> in_sun;        // footpoint sunlit (1) or dark (0)
  std::vector<std::int8_t> environment;   // P§5.4 code, 0 when the cache has none
  std::vector<double> track_latitude_deg;   // spacecraft position at the representative row
  std::vector<double> track_longitude_deg;  // (ground track); NaN when the cache has none

  // Which optional keys were present in every cache.
  bool has_intervals = true;
  bool has_u_spacecraft = true;
  bool has_environment = true;
  bool has_ground_track = true;

  std::size_t size() const { return u_surface_v.size(); }
  std::size_t fitted_count() const;  // spectra with a finite U_surface
  // Earliest and latest finite time_s; false when there is none.
  bool time_span(double& first_s, double& last_s) const;
};

// Appends the spectra of `cache` (called `name` in error messages). Required keys:
// rows_spec_no, rows_utc, rows_projection_latitude/longitude, rows_projected_potential,
// rows_projection_in_sun; the others are optional. A missing required key or arrays of
// different lengths → std::runtime_error "<name>: ...".
void append_cache(PlotData& data, const io::NpzArchive& cache, const std::string& name);

PlotData plot_data_from_cache(const io::NpzArchive& cache, const std::string& name);

// Reads and concatenates the caches in the order given; errors name the file.
PlotData load_plot_data(const std::vector<std::filesystem::path>& caches);

// The spectra with a sunlit (day) or dark (night) footpoint; `all` returns a copy.
PlotData filter_by_illumination(const PlotData& data, Illumination illumination);

}  // namespace lpm::plot
