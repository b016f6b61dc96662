#pragma once
// The frame every map is drawn in (`plot --kind map` and `--kind grid`): where the map sits on the
// image, the projection, the grey Moon, graticule and outline, and the labelled colour bar.

#include <optional>
#include <span>
#include <string>
#include <utility>

#include "plot/canvas.hpp"
#include "plot/plot_options.hpp"

namespace lpm::plot {

inline constexpr Rgb moon_grey{150, 150, 150};  // the Moon where nothing is drawn

// Margins (px) around the map: title above, latitude labels left, longitude labels below,
// colour bar right.
inline constexpr double map_margin_top = 80, map_margin_left = 60, map_margin_bottom = 50, map_margin_right = 190;

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

// The colour range used: options.vmin/vmax where given, else robust_symmetric_range of `values`.
// Throws std::invalid_argument when vmin ≥ vmax.
ValueRange colour_range(std::span<const double> values, const PlotOptions& options);

std::string latitude_label(double latitude_deg);    // "30°N", "0°"
std::string longitude_label(double longitude_deg);  // "120°W", "180°"

void fill_moon(Canvas& canvas, const MapLayout& layout);         // grey rectangle or disc
void draw_graticule(Canvas& canvas, const MapLayout& layout);    // 30° lines and their labels
void draw_map_outline(Canvas& canvas, const MapLayout& layout);  // thin frame or limb
// The colour bar right of the map, `title` above it; returns the bar's bottom edge (px).
double draw_colour_bar(Canvas& canvas, const MapLayout& layout, const ValueRange& range, const std::string& title);

}  // namespace lpm::plot
