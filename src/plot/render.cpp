#include "plot/render.hpp"

#include "plot/canvas.hpp"
#include "plot/hist_plot.hpp"
#include "plot/map_plot.hpp"
#include "plot/timeseries_plot.hpp"

namespace lpm::plot {

void render_figure(const PlotData& data, const PlotOptions& options, const std::filesystem::path& out) {
  const PlotData selected = filter_by_illumination(data, options.illumination);
  Canvas canvas(options.width, options.height, require_figure_format(out));
  switch (options.kind) {
    case PlotKind::map: draw_map(canvas, selected, options); break;
    case PlotKind::hist: draw_hist(canvas, selected, options); break;
    case PlotKind::timeseries: draw_timeseries(canvas, selected, options); break;
  }
  canvas.write(out);
}

void render_cache_figure(const io::NpzArchive& cache, const std::string& name, const PlotOptions& options,
                         const std::filesystem::path& out) {
  render_figure(plot_data_from_cache(cache, name), options, out);
}

}  // namespace lpm::plot
