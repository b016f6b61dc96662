#pragma once
// `plot --kind map`: one dot per fitted spectrum at its footpoint, coloured by U_surface on the
// diverging scale; equirectangular (lon −180…180, lat −90…90) or an orthographic globe.

#include <optional>
#include <utility>

#include "plot/canvas.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"

namespace lpm::plot {

// Where the map sits on the image: fixed by the options alone, so tests can find a point's pixel.
struct MapLayout {
  double left, top, width, height;  // equirectangular map rectangle (the globe's bounding square)
  std::optional<GlobeCentre> globe;
  double centre_x() const { return left + width / 2; }
  double centre_y() const { return top + height / 2; }
  double radius() const { return width / 2; }
};

MapLayout map_layout(const PlotOptions& options);

// Pixel position of a selenographic point; nullopt on the far side of the globe or for NaN.
std::optional<std::pair<double, double>> map_pixel(const MapLayout& layout, double latitude_deg, double longitude_deg);

// The colour range used: options.vmin/vmax where given, else robust_symmetric_range of the
// fitted U values. Throws std::invalid_argument when vmin ≥ vmax.
ValueRange colour_range(const PlotData& data, const PlotOptions& options);

// Dot radius in pixels for `count` points (bigger when there are few).
int dot_radius(std::size_t count);

void draw_map(Canvas& canvas, const PlotData& data, const PlotOptions& options);

}  // namespace lpm::plot
