#include "plot/plot_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "plot/utc_time.hpp"

namespace lpm::plot {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

const io::NpyArray& required(const io::NpzArchive& cache, const std::string& name, const char* key) {
  if (!cache.contains(key)) throw std::runtime_error(fmt::format("{}: missing required key '{}'", name, key));
  return cache.at(key);
}

template <typename T>
std::vector<T> checked_length(std::vector<T> values, std::size_t rows, const std::string& name, const char* key) {
  if (values.size() != rows)
    throw std::runtime_error(fmt::format("{}: key '{}' has {} elements, expected {} (one per row)", name, key,
                                         values.size(), rows));
  return values;
}

std::vector<double> optional_f8(const io::NpzArchive& cache, const std::string& name, const char* key,
                                std::size_t rows, bool& present) {
  if (!cache.contains(key)) {
    present = false;
    return std::vector<double>(rows, nan);
  }
  return checked_length(cache.at(key).as_f8(), rows, name, key);
}

// Element `i` of a <U{n} array as ASCII (UTC strings are ASCII), without decoding the whole
// array: a year of rows_utc is gigabytes as std::strings.
std::string unicode_element(const io::NpyArray& array, std::size_t i) {
  std::string text;
  const auto width = static_cast<std::size_t>(array.unicode_width);
  const std::uint8_t* p = array.data.data() + i * width * 4;
  for (std::size_t c = 0; c < width; ++c, p += 4) {
    std::uint32_t code = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
    if (code == 0) break;
    text.push_back(code < 128 ? static_cast<char>(code) : '?');
  }
  return text;
}

}  // namespace

const char* environment_name(int code) {
  switch (code) {
    case 1: return "solar wind";
    case 2: return "magnetosheath";
    case 3: return "tail lobes";
    case 4: return "plasma sheet";
    case 5: return "wake";
    default: return "unknown";
  }
}

std::size_t PlotData::fitted_count() const {
  std::size_t n = 0;
  for (double u : u_surface_v) n += std::isfinite(u) ? 1 : 0;
  return n;
}

bool PlotData::time_span(double& first_s, double& last_s) const {
  first_s = std::numeric_limits<double>::infinity();
  last_s = -first_s;
  for (double t : time_s)
    if (std::isfinite(t)) {
      first_s = std::min(first_s, t);
      last_s = std::max(last_s, t);
    }
  return std::isfinite(first_s);
}

void append_cache(PlotData& data, const io::NpzArchive& cache, const std::string& name) {
  const auto spec_no = required(cache, name, "rows_spec_no").as_i8();
  const std::size_t rows = spec_no.size();
  const io::NpyArray& utc = required(cache, name, "rows_utc");
  if (utc.dtype != io::DType::unicode)
    throw std::runtime_error(fmt::format("{}: key 'rows_utc' has dtype {}, expected a unicode string", name, utc.descr()));
  if (io::checked_element_count(utc) != rows)
    throw std::runtime_error(fmt::format("{}: key 'rows_utc' has {} elements, expected {}", name, utc.size(), rows));
  auto f8 = [&](const char* key) { return checked_length(required(cache, name, key).as_f8(), rows, name, key); };
  const auto lat = f8("rows_projection_latitude");
  const auto lon = f8("rows_projection_longitude");
  const auto u = f8("rows_projected_potential");
  const auto in_sun = checked_length(required(cache, name, "rows_projection_in_sun").as_bool(), rows, name,
                                     "rows_projection_in_sun");

  const auto lower = optional_f8(cache, name, "rows_u_surface_lower", rows, data.has_intervals);
  const auto upper = optional_f8(cache, name, "rows_u_surface_upper", rows, data.has_intervals);
  const auto u_sc = optional_f8(cache, name, "rows_spacecraft_potential", rows, data.has_u_spacecraft);
  const auto sc_lat = optional_f8(cache, name, "rows_spacecraft_latitude", rows, data.has_ground_track);
  const auto sc_lon = optional_f8(cache, name, "rows_spacecraft_longitude", rows, data.has_ground_track);
  std::vector<std::int8_t> environment(rows, 0);
  if (cache.contains("rows_environment_class"))
    environment = checked_length(cache.at("rows_environment_class").as_i1(), rows, name, "rows_environment_class");
  else
    data.has_environment = false;

  // Spectra are contiguous runs of equal spec_no (checked by the writer, P§5.5).
  for (std::size_t start = 0; start < rows;) {
    std::size_t end = start + 1;
    while (end < rows && spec_no[end] == spec_no[start]) ++end;
    std::size_t pick = start;
    while (pick < end && !(std::isfinite(lat[pick]) && std::isfinite(lon[pick]))) ++pick;
    if (pick == end) pick = start;
    // U is per spectrum; take the first finite value in case only some rows carry it.
    std::size_t u_row = start;
    while (u_row < end && !std::isfinite(u[u_row])) ++u_row;
    if (u_row == end) u_row = start;

    data.latitude_deg.push_back(lat[pick]);
    data.longitude_deg.push_back(lon[pick]);
    data.u_surface_v.push_back(u[u_row]);
    data.u_lower_v.push_back(lower[u_row]);
    data.u_upper_v.push_back(upper[u_row]);
    data.u_spacecraft_v.push_back(u_sc[start]);
    data.time_s.push_back(parse_utc_seconds(unicode_element(utc, pick)));
    data.in_sun.push_back(in_sun[pick] ? 1 : 0);
    data.environment.push_back(environment[pick]);
    data.track_latitude_deg.push_back(sc_lat[pick]);
    data.track_longitude_deg.push_back(sc_lon[pick]);
    start = end;
  }
}

PlotData plot_data_from_cache(const io::NpzArchive& cache, const std::string& name) {
  PlotData data;
  append_cache(data, cache, name);
  return data;
}

PlotData load_plot_data(const std::vector<std::filesystem::path>& caches) {
  PlotData data;
  for (const auto& path : caches) {
    io::NpzArchive cache = io::read_npz(path);  // its errors name the file
    try {
      append_cache(data, cache, path.string());
    } catch (const std::runtime_error& e) {
      // as_f8 etc. name the dtypes but not the file
      std::string what = e.what();
      if (what.rfind(path.string(), 0) == 0) throw;
      throw std::runtime_error(fmt::format("{}: {}", path.string(), what));
    }
  }
  return data;
}

PlotData filter_by_illumination(const PlotData& data, Illumination illumination) {
  if (illumination == Illumination::all) return data;
  PlotData out;
  out.has_intervals = data.has_intervals;
  out.has_u_spacecraft = data.has_u_spacecraft;
  out.has_environment = data.has_environment;
  out.has_ground_track = data.has_ground_track;
  const std::int8_t wanted = illumination == Illumination::day ? 1 : 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data.in_sun[i] != wanted) continue;
    out.latitude_deg.push_back(data.latitude_deg[i]);
    out.longitude_deg.push_back(data.longitude_deg[i]);
    out.u_surface_v.push_back(data.u_surface_v[i]);
    out.u_lower_v.push_back(data.u_lower_v[i]);
    out.u_upper_v.push_back(data.u_upper_v[i]);
    out.u_spacecraft_v.push_back(data.u_spacecraft_v[i]);
    out.time_s.push_back(data.time_s[i]);
    out.in_sun.push_back(data.in_sun[i]);
    out.environment.push_back(data.environment[i]);
    out.track_latitude_deg.push_back(data.track_latitude_deg[i]);
    out.track_longitude_deg.push_back(data.track_longitude_deg[i]);
  }
  return out;
}

}  // namespace lpm::plot
