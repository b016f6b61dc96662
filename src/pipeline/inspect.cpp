#include "pipeline/inspect.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "pipeline/environment.hpp"

namespace lpm::pipeline {
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

}  // namespace

std::string describe_cache(const io::NpzArchive& cache, const std::string& name) {
  std::string out = fmt::format("{}\n\nkeys:\n", name);
  for (const auto& [key, array] : cache.entries())
    out += fmt::format("  {:<46} {:<6} {}\n", key, array.descr(), shape_text(array));

  if (cache.contains("spec_spec_no")) {
    std::size_t spectra = cache.at("spec_spec_no").size();
    std::size_t rows = cache.contains("rows_spec_no") ? cache.at("rows_spec_no").size() : 0;
    out += fmt::format("\nspectra: {}  rows: {}\n", spectra, rows);
    if (cache.contains("spec_has_fit")) {
      auto fit = cache.at("spec_has_fit").as_bool();
      auto fitted = std::count(fit.begin(), fit.end(), true);
      out += fmt::format("fit fraction (a U_surface value: fitted or at_bound): {:.1f}% ({} of {})\n",
                         spectra ? 100.0 * fitted / spectra : 0.0, fitted, spectra);
    }
  }
  if (cache.contains("rows_utc") && cache.at("rows_utc").size() > 0) {
    auto utc = cache.at("rows_utc").as_strings();
    auto [lo, hi] = std::minmax_element(utc.begin(), utc.end());
    out += fmt::format("time range: {} .. {}\n", *lo, *hi);
  }

  // U percentiles, one value per spectrum: the rows of a spectrum repeat its U.
  if (cache.contains("spec_u_surface")) {
    auto u = cache.at("spec_u_surface").as_f8();
    out += "\nU_surface (V) percentiles:\n";
    out += "  all            " + percentiles(u) + "\n";
    if (cache.contains("rows_projection_in_sun") && cache.contains("spec_spec_no") && cache.contains("rows_spec_no")) {
      // Illumination of a spectrum = that of its first row.
      auto sun = cache.at("rows_projection_in_sun").as_bool();
      auto row_spec = cache.at("rows_spec_no").as_i8();
      auto spec = cache.at("spec_spec_no").as_i8();
      std::map<std::int64_t, bool> first_sun;
      for (std::size_t i = 0; i < row_spec.size(); ++i) first_sun.try_emplace(row_spec[i], sun[i]);
      std::vector<double> day, night;
      for (std::size_t i = 0; i < spec.size() && i < u.size(); ++i)
        (first_sun[spec[i]] ? day : night).push_back(u[i]);
      out += "  sunlit         " + percentiles(day) + "\n";
      out += "  dark           " + percentiles(night) + "\n";
    }
    if (cache.contains("spec_environment_class")) {
      auto env = cache.at("spec_environment_class").as_i1();
      std::map<int, std::vector<double>> by_class;
      for (std::size_t i = 0; i < env.size() && i < u.size(); ++i) by_class[env[i]].push_back(u[i]);
      for (const auto& [code, values] : by_class)
        out += fmt::format("  {:<14} {}\n", to_string(static_cast<EnvironmentClass>(code)), percentiles(values));
    }
  }

  out += "\nmetadata:\n";
  for (const auto& [key, array] : cache.entries()) {
    if (!array.shape.empty()) continue;
    std::string value;
    switch (array.dtype) {
      case io::DType::unicode: value = array.as_strings().front(); break;
      case io::DType::f8: value = fmt::format("{}", array.as_f8().front()); break;
      case io::DType::i8: value = fmt::format("{}", array.as_i8().front()); break;
      case io::DType::b1: value = array.as_bool().front() ? "True" : "False"; break;
      default: value = "(scalar)";
    }
    out += fmt::format("  {} = {}\n", key, value);
  }
  return out;
}

}  // namespace lpm::pipeline
