#include "plot/render.hpp"

#include "plot/canvas.hpp"
#include "plot/hist_plot.hpp"
#include "plot/map_plot.hpp"
#include "plot/timeseries_plot.hpp"

namespace lpm::plot {

void render_png(const PlotData& data, const PlotOptions& options, const std::filesystem::path& out) {
  const PlotData selected = filter_by_illumination(data, options.illumination);
  Canvas canvas(options.width, options.height);
  switch (options.kind) {
    case PlotKind::map: draw_map(canvas, selected, options); break;
    case PlotKind::hist: draw_hist(canvas, selected, options); break;
    case PlotKind::timeseries: draw_timeseries(canvas, selected, options); break;
  }
  canvas.write_png(out);
}

void render_cache_png(const io::NpzArchive& cache, const std::string& name, const PlotOptions& options,
                      const std::filesystem::path& out) {
  render_png(plot_data_from_cache(cache, name), options, out);
}

}  // namespace lpm::plot
