// `potential-mapper plot`: pictures of one or more potential caches (SPEC §2).
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "plot/render.hpp"
#include "product/illumination.hpp"

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

}  // namespace

Command add_plot_command(CLI::App& root) {
  struct Flags {
    std::vector<std::string> caches;
    std::string output, kind = "map", illumination = "all", orthographic;
    std::optional<double> vmin;
    std::optional<double> vmax;
    int width = 1600, height = 900;
    bool ground_track = false;
    CommonOptions common;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand("plot", "Draw a potential cache: map, histogram or time series (PNG).");
  sub->add_option("caches", f->caches, "NPZ caches (several are concatenated)")->required();
  sub->add_option("-o,--output", f->output, "PNG file to write")->required();
  sub->add_option("--kind", f->kind, "Picture kind")
      ->check(CLI::IsMember({"map", "hist", "timeseries"}))
      ->capture_default_str();
  sub->add_option("--illumination", f->illumination, "Which spectra, by footpoint illumination")
      ->check(CLI::IsMember({"day", "night", "all"}))
      ->capture_default_str();
  sub->add_option("--vmin", f->vmin, "Lower end of the colour scale / U axis (V)")->check(finite_number());
  sub->add_option("--vmax", f->vmax, "Upper end of the colour scale / U axis (V)")->check(finite_number());
  sub->add_option("--orthographic", f->orthographic, "Globe view centred on LAT,LON (degrees; map only)");
  sub->add_option("--width", f->width, "Image width (px)")->check(CLI::Range(200, 20000))->capture_default_str();
  sub->add_option("--height", f->height, "Image height (px)")->check(CLI::Range(150, 20000))->capture_default_str();
  sub->add_flag("--ground-track", f->ground_track, "Map: faint spacecraft ground track under the dots");
  add_log_options(*sub, f->common);
  return {sub, [f]() -> int {
            setup_logging(f->common);
            plot::PlotOptions options;
            options.kind = f->kind == "hist"         ? plot::PlotKind::hist
                           : f->kind == "timeseries" ? plot::PlotKind::timeseries
                                                     : plot::PlotKind::map;
            options.illumination = product::illumination_from_name(f->illumination);
            options.vmin = f->vmin;
            options.vmax = f->vmax;
            if (!f->orthographic.empty()) options.orthographic = parse_globe_centre(f->orthographic);
            options.width = f->width;
            options.height = f->height;
            options.ground_track = f->ground_track;

            plot::PlotData data;
            try {  // unreadable cache or missing key: bad input (exit 2)
              data = plot::load_plot_data({f->caches.begin(), f->caches.end()});
            } catch (const std::exception& e) {
              throw UsageError(e.what());
            }
            try {
              plot::render_png(data, options, f->output);
            } catch (const std::invalid_argument& e) {
              throw UsageError(e.what());
            }
            spdlog::info("wrote {} ({} spectra, {} fitted)", f->output, data.size(), data.fitted_count());
            return exit_ok;
          }};
}

}  // namespace lpm::cli
