#include "product/view_page.hpp"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/calendar.hpp"
#include "fit/fit_status.hpp"
#include "product/cache_schema.hpp"

namespace lpm::product {
namespace {

constexpr std::string_view plotly_slot = "/*@LPM_PLOTLY@*/";
constexpr std::string_view data_slot = "/*@LPM_DATA@*/";

// The bytes of `values` as `Stored` (e.g. double → float), base64: ["f4","..."].
template <typename Stored, typename T>
std::string typed_column(const char* type, const std::vector<T>& values) {
  std::string bytes(values.size() * sizeof(Stored), '\0');
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto v = static_cast<Stored>(values[i]);
    std::memcpy(bytes.data() + i * sizeof(Stored), &v, sizeof(Stored));
  }
  return fmt::format("[\"{}\",\"{}\"]", type, base64(bytes));
}

std::string text(std::string_view s) { return fmt::format("\"{}\"", base64(s)); }

std::string texts(const std::vector<std::string>& list) {
  std::vector<std::string> items;
  items.reserve(list.size());
  for (const auto& s : list) items.push_back(text(s));
  return fmt::format("[{}]", fmt::join(items, ","));
}

// "name":value pairs as a JS object literal.
std::string object(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<std::string> items;
  items.reserve(fields.size());
  for (const auto& [name, value] : fields) items.push_back(fmt::format("\"{}\":{}", name, value));
  return fmt::format("{{{}}}", fmt::join(items, ",\n"));
}

std::string spectra_columns(const ViewInputs& in) {
  const CacheSpectra& s = in.spectra;
  std::vector<double> time_s;
  time_s.reserve(s.size());
  for (const auto& utc : s.utc) time_s.push_back(parse_utc_seconds(utc));
  std::vector<std::int8_t> region;
  region.reserve(s.size());
  for (auto e : s.environment) region.push_back(environment_code(e));
  std::vector<std::uint8_t> has_figure = in.has_figure;
  has_figure.resize(s.size(), 0);
  std::vector<std::uint16_t> cache = in.cache_index;
  cache.resize(s.size(), 0);
  return object({
      {"spec_no", typed_column<double>("f8", s.spec_no)},
      {"time", typed_column<double>("f8", time_s)},
      {"lat", typed_column<float>("f4", s.latitude_deg)},
      {"lon", typed_column<float>("f4", s.longitude_deg)},
      {"u", typed_column<float>("f4", s.u_surface_v)},
      {"u_lower", typed_column<float>("f4", s.u_lower_v)},
      {"u_upper", typed_column<float>("f4", s.u_upper_v)},
      {"u_sc", typed_column<float>("f4", s.u_spacecraft_v)},
      {"density", typed_column<float>("f4", s.electron_density_m3)},
      {"temperature", typed_column<float>("f4", s.electron_temperature_ev)},
      {"kappa", typed_column<float>("f4", s.kappa)},
      {"sza", typed_column<float>("f4", s.solar_zenith_deg)},
      {"local_time", typed_column<float>("f4", s.local_time_h)},
      {"status", typed_column<std::int8_t>("i1", s.status)},
      {"in_sun", typed_column<std::int8_t>("i1", s.in_sun)},
      {"region", typed_column<std::int8_t>("i1", region)},
      {"cache", typed_column<std::uint16_t>("u2", cache)},
      {"figure", typed_column<std::uint8_t>("u1", has_figure)},
  });
}

// The filled cells of the table's U_surface: centre, median, quartiles and count.
std::string stats_layer(const StatsTable& table, const std::string& name) {
  const StatsAxis& lat = table.axes.at(0);
  const StatsAxis& lon = table.axes.at(1);
  const auto& bins = table.quantities.at(0).bins;
  std::vector<double> c_lat, c_lon, median, p25, p75, count;
  for (std::size_t i = 0; i < lat.size(); ++i)
    for (std::size_t j = 0; j < lon.size(); ++j) {
      const BinStats& b = bins.at(i * lon.size() + j);
      if (b.count == 0) continue;
      c_lat.push_back(lat.centre[i]);
      c_lon.push_back(lon.centre[j]);
      median.push_back(b.median);
      p25.push_back(b.p25);
      p75.push_back(b.p75);
      count.push_back(static_cast<double>(b.count));
    }
  const double cell_deg = lat.size() ? lat.upper[0] - lat.lower[0] : 0.0;
  return object({{"count", fmt::format("{}", c_lat.size())},
                 {"cell_deg", fmt::format("{}", cell_deg)},
                 {"name", text(name)},
                 {"columns", object({{"lat", typed_column<float>("f4", c_lat)},
                                     {"lon", typed_column<float>("f4", c_lon)},
                                     {"median", typed_column<float>("f4", median)},
                                     {"p25", typed_column<float>("f4", p25)},
                                     {"p75", typed_column<float>("f4", p75)},
                                     {"count", typed_column<double>("f8", count)}})}});
}

void replace_once(std::string& page, std::string_view slot, std::string_view with) {
  const auto at = page.find(slot);
  if (at == std::string::npos) throw std::logic_error(fmt::format("view page template lacks {}", slot));
  page.replace(at, slot.size(), with);
}

}  // namespace

std::string explain_figure_prefix(const std::string& cache_path) {
  return std::filesystem::path(cache_path).stem().string() + "_spec";
}

std::string explain_figure_name(const std::string& cache_path, std::int64_t spec_no) {
  return fmt::format("{}{}{}", explain_figure_prefix(cache_path), spec_no, explain_figure_suffix);
}

void check_stats_layer(const StatsTable& table, const std::string& name) {
  if (table.by != StatsBy::grid || table.axes.size() != 2 || table.quantities.empty())
    throw std::invalid_argument(
        fmt::format("{}: --stats needs a file of `stats --by grid`, not by {}", name, to_string(table.by)));
}

std::string base64(std::string_view bytes) {
  static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += digits[(v >> shift) & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += digits[(v >> 18) & 63];
    out += digits[(v >> 12) & 63];
    out += rest == 2 ? digits[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string shell_word(std::string_view text) {
  const bool plain = !text.empty() && text.find_first_not_of(
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                          "0123456789_./-+=:,@%") == std::string_view::npos;
  if (plain) return std::string(text);
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string view_page_html(const ViewInputs& in, std::string_view plotly_js) {
  std::vector<std::string> status_names;  // code −1 (absent) first
  status_names.reserve(fit::fit_status_count + 1);
  for (int code = -1; code < fit::fit_status_count; ++code) status_names.emplace_back(status_name(code));
  std::vector<std::string> region_names;
  region_names.reserve(environment_class_count);
  for (int code = 0; code < environment_class_count; ++code)
    region_names.emplace_back(pipeline::to_string(environment_from_code(code)));
  std::vector<std::string> commands;  // per cache, the start of its explain command
  std::vector<std::string> figure_prefixes;
  commands.reserve(in.cache_paths.size());
  figure_prefixes.reserve(in.cache_paths.size());
  for (const auto& path : in.cache_paths) figure_prefixes.push_back(explain_figure_prefix(path));
  for (const auto& path : in.cache_paths)
    commands.push_back(
        fmt::format("potential-mapper explain {} --data-dir {}", shell_word(path), shell_word(in.data_dir)));
  std::string explain_dir = in.explain_dir;
  if (!explain_dir.empty() && !explain_dir.ends_with('/')) explain_dir += '/';

  const std::string data = object({
      {"count", fmt::format("{}", in.spectra.size())},
      {"title", text(in.title)},
      {"columns", spectra_columns(in)},
      {"status_names", texts(status_names)},
      {"region_names", texts(region_names)},
      {"caches", texts(in.cache_paths)},
      {"explain_commands", texts(commands)},
      {"explain_dir", text(explain_dir == "./" ? "" : explain_dir)},
      {"explain_href", text(in.explain_href)},
      {"figure_prefixes", texts(figure_prefixes)},
      {"figure_suffix", text(explain_figure_suffix)},
      {"stats", in.stats ? stats_layer(*in.stats, in.stats_name) : "null"},
  });

  // "</script" inside the library would end its element; "<\/script" is the same text to JS.
  std::string js;
  js.reserve(plotly_js.size());
  std::size_t from = 0;
  for (auto at = plotly_js.find("</script"); at != std::string_view::npos; at = plotly_js.find("</script", from)) {
    js.append(plotly_js.substr(from, at + 1 - from));
    js.push_back('\\');
    from = at + 1;
  }
  js.append(plotly_js.substr(from));

  std::string page(view_page_template);
  replace_once(page, data_slot, data);
  replace_once(page, plotly_slot, js);  // last: the library's text is never searched for a slot
  return page;
}

}  // namespace lpm::product
