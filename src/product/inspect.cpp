#include "product/inspect.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "product/cache_reader.hpp"

namespace lpm::product {
namespace {

std::string shape_text(const io::NpyArray& a) {
  if (a.shape.empty()) return "()";
  std::string text = "(";
  for (std::size_t i = 0; i < a.shape.size(); ++i) text += fmt::format("{}{}", i ? ", " : "", a.shape[i]);
  return text + (a.shape.size() == 1 ? ",)" : ")");
}

std::string percentiles(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
               values.end());
  if (values.empty()) return "no fitted spectra";
  std::sort(values.begin(), values.end());
  auto at = [&](double p) { return values[static_cast<std::size_t>(std::lround(p / 100 * (values.size() - 1)))]; };
  return fmt::format("n={:<7} p5 {:8.1f}  p25 {:8.1f}  p50 {:8.1f}  p75 {:8.1f}  p95 {:8.1f}", values.size(), at(5),
                     at(25), at(50), at(75), at(95));
}

std::string counts_and_percentiles(const CacheSpectra& spectra) {
  const std::size_t count = spectra.size(), fitted = spectra.fitted_count();
  std::string out = fmt::format("\nspectra: {}  rows: {}\n", count, spectra.rows);
  out += fmt::format("fit fraction (a U_surface value: fitted or at_bound): {:.1f}% ({} of {})\n",
                     count ? 100.0 * fitted / count : 0.0, fitted, count);
  if (spectra.rows > 0) out += fmt::format("time range: {} .. {}\n", spectra.utc_min, spectra.utc_max);

  // One value per spectrum: the rows of a spectrum repeat its U.
  out += "\nU_surface (V) percentiles:\n";
  out += "  all            " + percentiles(spectra.u_surface_v) + "\n";
  out += "  sunlit         " + percentiles(pick(spectra.u_surface_v, select_spectra(spectra, Illumination::day))) + "\n";
  out += "  dark           " + percentiles(pick(spectra.u_surface_v, select_spectra(spectra, Illumination::night))) + "\n";
  if (spectra.has_environment) {
    std::map<pipeline::EnvironmentClass, std::vector<double>> by_class;
    for (std::size_t i = 0; i < spectra.size(); ++i) by_class[spectra.environment[i]].push_back(spectra.u_surface_v[i]);
    for (const auto& [environment, values] : by_class)
      out += fmt::format("  {:<14} {}\n", pipeline::to_string(environment), percentiles(values));
  }
  return out;
}

std::string metadata(const io::NpzArchive& cache) {
  std::string out = "\nmetadata:\n";
  for (const auto& [key, array] : cache.entries()) {
    if (!array.shape.empty()) continue;
    std::string value;
    switch (array.dtype) {
      case io::DType::unicode: value = array.string_at(0); break;
      case io::DType::f8: value = fmt::format("{}", array.as_f8().front()); break;
      case io::DType::i8: value = fmt::format("{}", array.as_i8().front()); break;
      case io::DType::b1: value = array.as_bool().front() ? "True" : "False"; break;
      default: value = "(scalar)";
    }
    out += fmt::format("  {} = {}\n", key, value);
  }
  return out;
}

}  // namespace

std::string describe_cache(const io::NpzArchive& cache, const std::string& name) {
  std::string out = fmt::format("{}\n\nkeys:\n", name);
  for (const auto& [key, array] : cache.entries())
    out += fmt::format("  {:<46} {:<6} {}\n", key, array.descr(), shape_text(array));
  try {
    out += counts_and_percentiles(read_cache(cache, name));
  } catch (const std::runtime_error& e) {
    out += fmt::format("\nno summary: {}\n", e.what());
  }
  return out + metadata(cache);
}

}  // namespace lpm::product
