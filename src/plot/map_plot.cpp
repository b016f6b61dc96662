#include "plot/map_plot.hpp"

#include <cmath>

#include <fmt/format.h>

#include "plot/axes.hpp"
#include "plot/figure_text.hpp"

namespace lpm::plot {
namespace {

constexpr Rgb track_grey{182, 182, 182};

}  // namespace

int dot_radius(std::size_t count) {
  if (count <= 2000) return 4;
  if (count <= 50000) return 2;
  return 1;
}

void draw_map(Canvas& canvas, const PlotData& data, const PlotOptions& options) {
  const MapLayout layout = map_layout(options);
  const ValueRange range = colour_range(data.u_surface_v, options);
  fill_moon(canvas, layout);
  draw_graticule(canvas, layout);

  const Canvas::Clip clip{static_cast<int>(layout.left), static_cast<int>(layout.top),
                          static_cast<int>(layout.left + layout.width), static_cast<int>(layout.top + layout.height)};
  const std::size_t fitted = data.fitted_count();
  canvas.begin_pixels();
  if (options.ground_track)
    for (std::size_t i = 0; i < data.size(); ++i)
      if (auto p = map_pixel(layout, data.track_latitude_deg[i], data.track_longitude_deg[i]))
        canvas.disc(p->first, p->second, 0, track_grey, clip);
  const int radius = dot_radius(fitted);
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (!std::isfinite(data.u_surface_v[i])) continue;
    if (auto p = map_pixel(layout, data.latitude_deg[i], data.longitude_deg[i]))
      canvas.disc(p->first, p->second, radius, diverging_colour(data.u_surface_v[i], range), clip);
  }
  canvas.end_pixels();

  draw_map_outline(canvas, layout);
  draw_colour_bar(canvas, layout, range, "U surface");

  std::string view = layout.globe
                         ? fmt::format("orthographic, centre {}, {}", latitude_label(layout.globe->latitude_deg),
                                       longitude_label(layout.globe->longitude_deg))
                         : "equirectangular";
  canvas.text(map_margin_left, 28, "Lunar surface potential at magnetic footpoints  \u00b7  " + date_range_text(data),
              title_font_px, Anchor::start, true);
  canvas.text(map_margin_left, 56,
              fmt::format("{} spectra fitted / {} total  \u00b7  {}  \u00b7  {}{}", fitted, data.size(),
                          illumination_text(options.illumination), view,
                          options.ground_track ? "  \u00b7  grey: spacecraft ground track" : ""),
              label_font_px + 1);
}

}  // namespace lpm::plot
