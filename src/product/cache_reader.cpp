#include "product/cache_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "product/cache_schema.hpp"
#include "product/footpoint_row.hpp"

namespace lpm::product {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Every per-spectrum array of CacheSpectra: what subset() copies.
constexpr auto per_spectrum_columns = std::make_tuple(
    &CacheSpectra::spec_no, &CacheSpectra::latitude_deg, &CacheSpectra::longitude_deg, &CacheSpectra::u_surface_v,
    &CacheSpectra::u_lower_v, &CacheSpectra::u_upper_v, &CacheSpectra::u_spacecraft_v, &CacheSpectra::utc,
    &CacheSpectra::in_sun, &CacheSpectra::environment, &CacheSpectra::track_latitude_deg,
    &CacheSpectra::track_longitude_deg, &CacheSpectra::status, &CacheSpectra::solar_zenith_deg,
    &CacheSpectra::local_time_h, &CacheSpectra::u_spacecraft_lower_v, &CacheSpectra::u_spacecraft_upper_v,
    &CacheSpectra::electron_density_m3, &CacheSpectra::electron_temperature_ev, &CacheSpectra::kappa);

const io::NpyArray& required(const io::NpzArchive& cache, const std::string& name, const Key& key) {
  if (!cache.contains(key.name)) throw std::runtime_error(fmt::format("{}: missing required key '{}'", name, key.name));
  return cache.at(key.name);
}

template <typename T>
std::vector<T> checked_length(std::vector<T> values, std::size_t count, const std::string& name, const Key& key,
                              const char* per = "row") {
  if (values.size() != count)
    throw std::runtime_error(fmt::format("{}: key '{}' has {} elements, expected {} (one per {})", name, key.name,
                                         values.size(), count, per));
  return values;
}

std::vector<double> optional_f8(const io::NpzArchive& cache, const std::string& name, const Key& key, std::size_t rows,
                                bool& present) {
  if (!cache.contains(key.name)) {
    present = false;
    return std::vector<double>(rows, nan);
  }
  return checked_length(cache.at(key.name).as_f8(), rows, name, key);
}

// The first finite value of a spectrum's rows [start, end), else its first: U is per spectrum,
// in case only some rows carry it.
std::size_t first_finite(const std::vector<double>& values, std::size_t start, std::size_t end) {
  for (std::size_t i = start; i < end; ++i)
    if (std::isfinite(values[i])) return i;
  return start;
}

// The row-level UTC column, checked, and its lexicographic range folded into `spectra`.
const io::NpyArray& utc_column(CacheSpectra& spectra, const io::NpzArchive& cache, const std::string& name,
                               std::size_t rows) {
  const io::NpyArray& utc = required(cache, name, keys::rows_utc);
  if (utc.dtype != io::DType::unicode)
    throw std::runtime_error(
        fmt::format("{}: key '{}' has dtype {}, expected a unicode string", name, keys::rows_utc.name, utc.descr()));
  if (io::checked_element_count(utc) != rows)
    throw std::runtime_error(
        fmt::format("{}: key '{}' has {} elements, expected {}", name, keys::rows_utc.name, utc.size(), rows));
  for (std::size_t i = 0; i < rows; ++i) {  // one string at a time: a year of rows is gigabytes
    std::string text = utc.string_at(i);
    if (spectra.rows == 0 && i == 0) spectra.utc_min = spectra.utc_max = text;
    spectra.utc_min = std::min(spectra.utc_min, text);
    spectra.utc_max = std::max(spectra.utc_max, text);
  }
  return utc;
}

}  // namespace

std::size_t CacheSpectra::fitted_count() const {
  return static_cast<std::size_t>(
      std::count_if(u_surface_v.begin(), u_surface_v.end(), [](double u) { return std::isfinite(u); }));
}

void append_cache(CacheSpectra& spectra, const io::NpzArchive& cache, const std::string& name) {
  const auto spec_no = required(cache, name, keys::rows_spec_no).as_i8();
  const std::size_t rows = spec_no.size();
  const io::NpyArray& utc = utc_column(spectra, cache, name, rows);
  auto f8 = [&](const Key& key) { return checked_length(required(cache, name, key).as_f8(), rows, name, key); };
  const auto lat = f8(keys::rows_projection_latitude);
  const auto lon = f8(keys::rows_projection_longitude);
  const auto u = f8(keys::rows_projected_potential);
  const auto in_sun = checked_length(required(cache, name, keys::rows_projection_in_sun).as_bool(), rows, name,
                                     keys::rows_projection_in_sun);

  const auto lower = optional_f8(cache, name, keys::rows_u_surface_lower, rows, spectra.has_intervals);
  const auto upper = optional_f8(cache, name, keys::rows_u_surface_upper, rows, spectra.has_intervals);
  const auto u_sc = optional_f8(cache, name, keys::rows_spacecraft_potential, rows, spectra.has_u_spacecraft);
  const auto sc_lat = optional_f8(cache, name, keys::rows_spacecraft_latitude, rows, spectra.has_ground_track);
  const auto sc_lon = optional_f8(cache, name, keys::rows_spacecraft_longitude, rows, spectra.has_ground_track);
  std::vector<std::int8_t> environment(rows, environment_code(pipeline::EnvironmentClass::unknown));
  if (cache.contains(keys::rows_environment_class.name))
    environment =
        checked_length(cache.at(keys::rows_environment_class.name).as_i1(), rows, name, keys::rows_environment_class);
  else
    spectra.has_environment = false;
  std::vector<std::int8_t> status;
  if (cache.contains(keys::spec_status.name))
    status = cache.at(keys::spec_status.name).as_i1();
  else
    spectra.has_status = false;

  // Spectra are contiguous runs of equal spec_no in ascending order (checked by the writer,
  // P§5.5), so the n-th run is the n-th entry of the spec_ arrays.
  const std::size_t first_spectrum = spectra.size();
  for (std::size_t start = 0; start < rows;) {
    std::size_t end = start + 1;
    while (end < rows && spec_no[end] == spec_no[start]) ++end;
    const std::size_t row =
        start + footpoint_row(std::span(lat).subspan(start, end - start), std::span(lon).subspan(start, end - start));
    const std::size_t u_row = first_finite(u, start, end);

    spectra.spec_no.push_back(spec_no[start]);
    spectra.latitude_deg.push_back(lat[row]);
    spectra.longitude_deg.push_back(lon[row]);
    spectra.u_surface_v.push_back(u[u_row]);
    spectra.u_lower_v.push_back(lower[u_row]);
    spectra.u_upper_v.push_back(upper[u_row]);
    spectra.u_spacecraft_v.push_back(u_sc[start]);
    spectra.utc.push_back(utc.string_at(row));
    spectra.in_sun.push_back(in_sun[row] ? 1 : 0);
    spectra.environment.push_back(environment_from_code(environment[row]));
    spectra.track_latitude_deg.push_back(sc_lat[row]);
    spectra.track_longitude_deg.push_back(sc_lon[row]);
    start = end;
  }
  const std::size_t added = spectra.size() - first_spectrum;
  if (status.empty()) status.assign(added, -1);
  status = checked_length(std::move(status), added, name, keys::spec_status, "spectrum");
  spectra.status.insert(spectra.status.end(), status.begin(), status.end());
  // Optional per-spectrum columns: NaN (and the flag cleared) for caches written without them.
  const std::tuple<const Key&, std::vector<double>&, bool&> spec_columns[] = {
      {keys::spec_solar_zenith_deg, spectra.solar_zenith_deg, spectra.has_solar_angles},
      {keys::spec_local_time_h, spectra.local_time_h, spectra.has_solar_angles},
      {keys::spec_u_spacecraft_lower, spectra.u_spacecraft_lower_v, spectra.has_u_spacecraft_interval},
      {keys::spec_u_spacecraft_upper, spectra.u_spacecraft_upper_v, spectra.has_u_spacecraft_interval},
      {keys::spec_electron_density, spectra.electron_density_m3, spectra.has_plasma_moments},
      {keys::spec_electron_temperature, spectra.electron_temperature_ev, spectra.has_plasma_moments},
      {keys::spec_kappa_value, spectra.kappa, spectra.has_plasma_moments}};
  for (const auto& [key, column, present] : spec_columns) {
    if (cache.contains(key.name)) {
      const auto values = checked_length(cache.at(key.name).as_f8(), added, name, key, "spectrum");
      column.insert(column.end(), values.begin(), values.end());
    } else {
      present = false;
      column.insert(column.end(), added, nan);
    }
  }
  spectra.rows += rows;
}

CacheSpectra read_cache(const io::NpzArchive& cache, const std::string& name) {
  CacheSpectra spectra;
  append_cache(spectra, cache, name);
  return spectra;
}

std::vector<std::size_t> select_spectra(const CacheSpectra& spectra, Illumination illumination) {
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < spectra.size(); ++i)
    if (selects(illumination, std::isfinite(spectra.latitude_deg[i]), spectra.in_sun[i] != 0)) positions.push_back(i);
  return positions;
}

CacheSpectra subset(const CacheSpectra& spectra, const std::vector<std::size_t>& positions) {
  CacheSpectra out;
  static_cast<CacheOverview&>(out) = spectra;
  std::apply([&](auto... column) { ((out.*column = pick(spectra.*column, positions)), ...); }, per_spectrum_columns);
  return out;
}

}  // namespace lpm::product
