#include "plot/render.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "plot/canvas.hpp"
#include "plot/grid_plot.hpp"
#include "plot/hist_plot.hpp"
#include "plot/map_plot.hpp"
#include "plot/sza_plot.hpp"
#include "plot/timeseries_plot.hpp"
#include "product/netcdf_reader.hpp"

namespace lpm::plot {

void render_figure(const PlotData& data, const PlotOptions& options, const std::filesystem::path& out) {
  Canvas canvas(options.width, options.height, require_figure_format(out));
  switch (options.kind) {
    case PlotKind::map: draw_map(canvas, filter_by_illumination(data, options.illumination), options); break;
    case PlotKind::hist: draw_hist(canvas, filter_by_illumination(data, options.illumination), options); break;
    case PlotKind::timeseries:
      draw_timeseries(canvas, filter_by_illumination(data, options.illumination), options);
      break;
    case PlotKind::grid: draw_grid(canvas, grid_stats(data, options), options); break;  // stats select by themselves
    case PlotKind::sza: draw_sza(canvas, sza_series(data, options), options); break;
  }
  canvas.write(out);
}

void render_cache_figure(const io::NpzArchive& cache, const std::string& name, const PlotOptions& options,
                         const std::filesystem::path& out) {
  render_figure(plot_data_from_cache(cache, name), options, out);
}

StatsFigureData load_stats_file(const std::filesystem::path& path) {
  std::vector<std::pair<std::string, std::string>> attributes;
  StatsFigureData stats{path.string(), product::read_stats_netcdf(path.string(), &attributes), Illumination::all};
  for (const auto& [name, value] : attributes)
    if (name == product::stats_settings_attribute)
      stats.illumination = product::illumination_from_name(product::stats_setting(value, "illumination").value_or(""));
  return stats;
}

void render_stats_figure(const StatsFigureData& stats, const PlotOptions& options, const std::filesystem::path& out) {
  const bool grid = options.kind == PlotKind::grid;
  if (!grid && options.kind != PlotKind::sza)
    throw std::invalid_argument(
        fmt::format("{}: a stats file (.nc) is drawn with --kind grid or sza only", stats.name));
  const product::StatsBy needed = grid ? product::StatsBy::grid : product::StatsBy::sza;
  if (stats.table.by != needed)
    throw std::invalid_argument(fmt::format("{} was made by `stats --by {}`; --kind {} needs one made with --by {}",
                                            stats.name, product::to_string(stats.table.by), product::to_string(needed),
                                            product::to_string(needed)));
  PlotOptions shown = options;
  shown.illumination = stats.illumination;
  Canvas canvas(options.width, options.height, require_figure_format(out));
  if (grid)
    draw_grid(canvas, stats.table, shown);
  else
    draw_sza(canvas, {{stats.illumination, stats.table}}, shown);
  canvas.write(out);
}

}  // namespace lpm::plot
