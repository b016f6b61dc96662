#include "product/inspect.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "product/cache_reader.hpp"
#include "product/cache_schema.hpp"

namespace lpm::product {
namespace {

std::string shape_text(const io::NpyArray& a) {
  if (a.shape.empty()) return "()";
  std::string text = "(";
  for (std::size_t i = 0; i < a.shape.size(); ++i) text += fmt::format("{}{}", i ? ", " : "", a.shape[i]);
  return text + (a.shape.size() == 1 ? ",)" : ")");
}

std::string percentiles(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
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
  out +=
      "  sunlit         " + percentiles(pick(spectra.u_surface_v, select_spectra(spectra, Illumination::day))) + "\n";
  out +=
      "  dark           " + percentiles(pick(spectra.u_surface_v, select_spectra(spectra, Illumination::night))) + "\n";
  if (spectra.has_environment) {
    std::map<pipeline::EnvironmentClass, std::vector<double>> by_class;
    for (std::size_t i = 0; i < spectra.size(); ++i) by_class[spectra.environment[i]].push_back(spectra.u_surface_v[i]);
    for (const auto& [environment, values] : by_class)
      out += fmt::format("  {:<14} {}\n", pipeline::to_string(environment), percentiles(values));
  }
  return out;
}

// Spectra per spec_status code, per input table (files + spec_file_index) and the kernels used.
struct Counts {
  std::map<int, std::size_t> by_status;
  struct Table {
    std::string file;
    std::size_t spectra = 0, fitted = 0;
  };
  std::vector<Table> tables;
  std::vector<std::pair<std::string, std::string>> kernels;  // name, SHA-1
  bool has_status = false, has_kernels = false;
};

std::vector<std::string> strings_or_empty(const io::NpzArchive& cache, const Key& key) {
  return cache.contains(key.name) ? cache.at(key.name).as_strings() : std::vector<std::string>{};
}

Counts count(const io::NpzArchive& cache) {
  Counts c;
  std::vector<std::int8_t> status;
  if (cache.contains(keys::spec_status.name)) {
    status = cache.at(keys::spec_status.name).as_i1();
    c.has_status = true;
    for (auto code : status) ++c.by_status[code];
  }
  for (const auto& file : strings_or_empty(cache, keys::files)) c.tables.push_back({file});
  if (cache.contains(keys::spec_file_index.name) && c.has_status) {
    const auto index = cache.at(keys::spec_file_index.name).as_i4();
    for (std::size_t i = 0; i < index.size() && i < status.size(); ++i) {
      if (index[i] < 0 || static_cast<std::size_t>(index[i]) >= c.tables.size()) continue;
      auto& table = c.tables[static_cast<std::size_t>(index[i])];
      ++table.spectra;
      if (auto s = status_from_code(status[i]); s && fit::has_surface_value(*s)) ++table.fitted;
    }
  }
  const auto names = strings_or_empty(cache, keys::meta_kernel_names);
  const auto sha1 = strings_or_empty(cache, keys::meta_kernel_sha1);
  c.has_kernels = cache.contains(keys::meta_kernel_names.name);
  for (std::size_t i = 0; i < names.size(); ++i) c.kernels.emplace_back(names[i], i < sha1.size() ? sha1[i] : "");
  return c;
}

std::string status_lines(const std::map<int, std::size_t>& by_status) {
  std::string out;
  for (const auto& [code, n] : by_status)
    out += fmt::format("  {:>3} {:<18} {:>9}  {}\n", code, status_name(code), n, status_meaning(code));
  return out;
}

std::string counts_text(const Counts& c) {
  std::string out = "\nspectra per spec_status (code, name, count, meaning):\n";
  out += c.has_status ? status_lines(c.by_status) : "  (no spec_status key)\n";
  out += "\nper input table (spectra, with a U_surface value):\n";
  for (const auto& t : c.tables) out += fmt::format("  {:<40} {:>8} {:>8}\n", t.file, t.spectra, t.fitted);
  out += "\nkernels used:\n";
  if (!c.has_kernels) out += "  (not recorded: made by an older version)\n";
  for (const auto& [name, sha1] : c.kernels) out += fmt::format("  {:<40} {}\n", name, sha1);
  return out;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\')
      out += '\\', out += ch;
    else if (static_cast<unsigned char>(ch) < 0x20)
      out += fmt::format("\\u{:04x}", static_cast<int>(ch));
    else
      out += ch;
  }
  return out + "\"";
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
  return out + counts_text(count(cache)) + metadata(cache);
}

std::string describe_caches(const std::vector<NamedCache>& caches) {
  std::string out;
  std::map<int, std::size_t> total;
  for (const auto& [name, cache] : caches) {
    if (!out.empty()) out += "\n" + std::string(72, '-') + "\n";
    out += describe_cache(cache, name);
    for (const auto& [code, n] : count(cache).by_status) total[code] += n;
  }
  if (caches.size() > 1)
    out += fmt::format("\nall {} files, spectra per spec_status:\n{}", caches.size(), status_lines(total));
  return out;
}

std::string caches_json(const std::vector<NamedCache>& caches) {
  std::string out = "[";
  for (std::size_t f = 0; f < caches.size(); ++f) {
    const auto& [name, cache] = caches[f];
    const Counts c = count(cache);
    std::size_t spectra = 0, fitted = 0;
    for (const auto& [code, n] : c.by_status) {
      spectra += n;
      if (auto s = status_from_code(code); s && fit::has_surface_value(*s)) fitted += n;
    }
    out += fmt::format("{}\n  {{\"file\": {}, \"spectra\": {}, \"fitted\": {}, \"spec_status\": [", f ? "," : "",
                       json_string(name), spectra, fitted);
    bool first = true;
    for (const auto& [code, n] : c.by_status) {
      out += fmt::format("{}\n    {{\"code\": {}, \"name\": {}, \"count\": {}, \"meaning\": {}}}", first ? "" : ",",
                         code, json_string(status_name(code)), n, json_string(status_meaning(code)));
      first = false;
    }
    out += "],\n   \"tables\": [";
    for (std::size_t i = 0; i < c.tables.size(); ++i)
      out += fmt::format("{}{{\"file\": {}, \"spectra\": {}, \"fitted\": {}}}", i ? ", " : "",
                         json_string(c.tables[i].file), c.tables[i].spectra, c.tables[i].fitted);
    out += "],\n   \"kernels\": ";
    if (!c.has_kernels)
      out += "null";
    else {
      out += "[";
      for (std::size_t i = 0; i < c.kernels.size(); ++i)
        out += fmt::format("{}{{\"name\": {}, \"sha1\": {}}}", i ? ", " : "", json_string(c.kernels[i].first),
                           json_string(c.kernels[i].second));
      out += "]";
    }
    std::string version = strings_or_empty(cache, keys::meta_version).empty()
                              ? "null"
                              : json_string(strings_or_empty(cache, keys::meta_version).front());
    out += fmt::format(",\n   \"meta_version\": {}}}", version);
  }
  return out + "\n]\n";
}

}  // namespace lpm::product
