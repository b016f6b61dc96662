#include "plot/plot_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "plot/utc_time.hpp"

namespace lpm::plot {

std::string environment_label(pipeline::EnvironmentClass environment) {
  std::string label = pipeline::to_string(environment);
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
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
  product::append_cache(data, cache, name);
  for (std::size_t i = data.time_s.size(); i < data.size(); ++i) data.time_s.push_back(parse_utc_seconds(data.utc[i]));
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
  const auto positions = product::select_spectra(data, illumination);
  PlotData out;
  static_cast<product::CacheSpectra&>(out) = product::subset(data, positions);
  out.time_s = product::pick(data.time_s, positions);
  return out;
}

}  // namespace lpm::plot
