// `potential-mapper plot`: pictures of one or more potential caches, or of a `stats` netCDF file (SPEC §2).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "plot/grid_plot.hpp"
#include "plot/render.hpp"
#include "product/illumination.hpp"
#include "product/stats.hpp"

namespace lpm::cli {
namespace {

// "LAT,LON" in degrees → globe centre; UsageError otherwise.
plot::GlobeCentre parse_globe_centre(const std::string& text) {
  auto comma = text.find(',');
  try {
    if (comma == std::string::npos) throw std::invalid_argument("no comma");
    std::size_t used_lat = 0, used_lon = 0;
    double lat = std::stod(text.substr(0, comma), &used_lat);
    double lon = std::stod(text.substr(comma + 1), &used_lon);
    if (used_lat != comma || used_lon != text.size() - comma - 1 || !(lat >= -90 && lat <= 90) ||
        !(lon >= -360 && lon <= 360))  // NaN fails too
      throw std::invalid_argument("out of range");
    return {lat, lon};
  } catch (const std::exception&) {
    throw UsageError(fmt::format("--orthographic expects LAT,LON in degrees (e.g. 30,-60), got '{}'", text));
  }
}

struct Flags {
  std::vector<std::string> inputs;
  std::string output, kind = "map", illumination = "all", orthographic;
  std::optional<double> vmin;
  std::optional<double> vmax;
  std::optional<double> grid_deg;
  int width = 1600, height = 900;
  bool ground_track = false;
  CommonOptions common;
};

// `plot STATS.nc --kind grid|sza`: the file holds its own selection and cells, so the flags
// that choose them for caches are refused rather than silently ignored.
int plot_stats_file(const Flags& f, const plot::PlotOptions& options) {
  if (f.inputs.size() != 1) throw UsageError("plot: give one stats file (.nc) alone, without caches");
  if (options.kind != plot::PlotKind::grid && options.kind != plot::PlotKind::sza)
    throw UsageError(fmt::format("plot: a stats file (.nc) is drawn with --kind grid or sza, not --kind {}", f.kind));
  if (f.grid_deg) throw UsageError("--grid-deg applies to caches: a stats file has its own cells");
  if (f.illumination != "all")
    throw UsageError("--illumination applies to caches: a stats file holds the footpoints of its own settings");
  plot::StatsFigureData stats;
  try {  // unreadable file or missing variable: bad input (exit 2)
    stats = plot::load_stats_file(f.inputs.front());
  } catch (const std::exception& e) {
    throw UsageError(e.what());
  }
  try {
    plot::render_stats_figure(stats, options, f.output);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  spdlog::info("wrote {} (from {}, stats by {})", f.output, stats.name, product::to_string(stats.table.by));
  return exit_ok;
}

}  // namespace

Command add_plot_command(CLI::App& root) {
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand(
      "plot",
      "Draw potential caches: map, histogram, time series, gridded median map or profile against solar\n"
      "zenith angle (PNG, PDF or SVG). grid and sza also draw a `stats` netCDF file (.nc).");
  sub->add_option("inputs", f->inputs,
                  "NPZ caches (several are concatenated), or for --kind grid/sza one .nc file of `stats --by grid/sza`")
      ->required();
  sub->add_option("-o,--output", f->output, "Figure to write (PNG, PDF or SVG by its extension)")->required();
  sub->add_option("--kind", f->kind,
                  fmt::format("map (dots), hist, timeseries, grid (median per lat/lon cell; hatched: < {} spectra,\n"
                              "grey: none) or sza (median and p25-p75 band against solar zenith angle, day and night)",
                              plot::well_sampled_spectra))
      ->check(CLI::IsMember({"map", "hist", "timeseries", "grid", "sza"}))
      ->capture_default_str();
  sub->add_option("--illumination", f->illumination, "Which spectra of caches, by footpoint illumination")
      ->check(CLI::IsMember({"day", "night", "all"}))
      ->capture_default_str();
  sub->add_option("--vmin", f->vmin, "Lower end of the colour scale / U axis (V)")->check(finite_number());
  sub->add_option("--vmax", f->vmax, "Upper end of the colour scale / U axis (V)")->check(finite_number());
  sub->add_option("--grid-deg", f->grid_deg,
                  fmt::format("Cell size in degrees of --kind grid from caches (divides 180; default {})",
                              product::default_grid_deg))
      ->check(finite_number());
  sub->add_option("--orthographic", f->orthographic, "Globe view centred on LAT,LON (degrees; map only)");
  sub->add_option("--width", f->width, "Image width (px)")->check(CLI::Range(200, 20000))->capture_default_str();
  sub->add_option("--height", f->height, "Image height (px)")->check(CLI::Range(150, 20000))->capture_default_str();
  sub->add_flag("--ground-track", f->ground_track, "Map: faint spacecraft ground track under the dots");
  add_log_options(*sub, f->common);
  return {sub, [f]() -> int {
            check_figure_path("-o", f->output);
            setup_logging(f->common);
            plot::PlotOptions options;
            options.kind = f->kind == "hist"         ? plot::PlotKind::hist
                           : f->kind == "timeseries" ? plot::PlotKind::timeseries
                           : f->kind == "grid"       ? plot::PlotKind::grid
                           : f->kind == "sza"        ? plot::PlotKind::sza
                                                     : plot::PlotKind::map;
            options.illumination = product::illumination_from_name(f->illumination);
            options.vmin = f->vmin;
            options.vmax = f->vmax;
            if (!f->orthographic.empty()) options.orthographic = parse_globe_centre(f->orthographic);
            options.width = f->width;
            options.height = f->height;
            options.ground_track = f->ground_track;
            if (f->grid_deg && options.kind != plot::PlotKind::grid)
              throw UsageError("--grid-deg applies to --kind grid only");
            if (f->grid_deg) options.grid_deg = *f->grid_deg;

            const auto is_stats_file = [](const std::string& path) { return path.ends_with(".nc"); };
            if (std::any_of(f->inputs.begin(), f->inputs.end(), is_stats_file)) return plot_stats_file(*f, options);

            plot::PlotData data;
            try {  // unreadable cache or missing key: bad input (exit 2)
              data = plot::load_plot_data({f->inputs.begin(), f->inputs.end()});
            } catch (const std::exception& e) {
              throw UsageError(e.what());
            }
            try {
              plot::render_figure(data, options, f->output);
            } catch (const std::invalid_argument& e) {
              throw UsageError(e.what());
            }
            spdlog::info("wrote {} ({} spectra, {} fitted)", f->output, data.size(), data.fitted_count());
            return exit_ok;
          }};
}

}  // namespace lpm::cli
