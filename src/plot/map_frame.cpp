#include "plot/map_frame.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "base/angles.hpp"
#include "base/portable_trig.hpp"
#include "plot/axes.hpp"

namespace lpm::plot {
namespace {

double wrap_longitude(double lon) {
  lon = std::fmod(lon + 180.0, 360.0);
  if (lon < 0) lon += 360.0;
  return lon - 180.0;
}

// A polyline through map points, broken where it goes behind the globe or jumps across the map.
template <typename PointAt>
void trace(cairo_t* cr, const MapLayout& layout, int samples, PointAt point_at) {
  bool pen_down = false;
  for (int i = 0; i <= samples; ++i) {
    auto [lat, lon] = point_at(static_cast<double>(i) / samples);
    auto p = map_pixel(layout, lat, lon);
    if (!p) {
      pen_down = false;
      continue;
    }
    if (pen_down)
      cairo_line_to(cr, p->first, p->second);
    else
      cairo_move_to(cr, p->first, p->second);
    pen_down = true;
  }
}

void map_shape(cairo_t* cr, const MapLayout& layout) {
  if (layout.globe)
    cairo_arc(cr, layout.centre_x(), layout.centre_y(), layout.radius(), 0, 2 * pi);
  else
    cairo_rectangle(cr, layout.left, layout.top, layout.width, layout.height);
}

}  // namespace

MapLayout map_layout(const PlotOptions& options) {
  const double avail_w = options.width - map_margin_left - map_margin_right;
  const double avail_h = options.height - map_margin_top - map_margin_bottom;
  MapLayout layout{};
  layout.globe = options.orthographic;
  if (layout.globe) {
    layout.width = layout.height = std::floor(std::min(avail_w, avail_h));
  } else {
    layout.width = std::floor(std::min(avail_w, 2 * avail_h));
    layout.height = std::floor(layout.width / 2);
  }
  layout.left = std::floor(map_margin_left + (avail_w - layout.width) / 2);
  layout.top = std::floor(map_margin_top + (avail_h - layout.height) / 2);
  return layout;
}

std::optional<std::pair<double, double>> map_pixel(const MapLayout& layout, double latitude_deg, double longitude_deg) {
  if (!std::isfinite(latitude_deg) || !std::isfinite(longitude_deg)) return std::nullopt;
  if (!layout.globe) {
    double lon = wrap_longitude(longitude_deg);
    if (longitude_deg == 180.0) lon = 180.0;  // keep the right edge on the right
    return std::pair{layout.left + (lon + 180.0) / 360.0 * layout.width,
                     layout.top + (90.0 - latitude_deg) / 180.0 * layout.height};
  }
  // Orthographic projection (Snyder, Map Projections — A Working Manual, eqs. 20-3, 20-4, 20-5).
  const double phi = radians_from_degrees(latitude_deg), phi0 = radians_from_degrees(layout.globe->latitude_deg);
  const double dlambda = radians_from_degrees(longitude_deg - layout.globe->longitude_deg);
  const double cos_c = math::sin(phi0) * math::sin(phi) + math::cos(phi0) * math::cos(phi) * math::cos(dlambda);
  if (cos_c < 0.0) return std::nullopt;
  const double x = math::cos(phi) * math::sin(dlambda);
  const double y = math::cos(phi0) * math::sin(phi) - math::sin(phi0) * math::cos(phi) * math::cos(dlambda);
  return std::pair{layout.centre_x() + layout.radius() * x, layout.centre_y() - layout.radius() * y};
}

ValueRange colour_range(std::span<const double> values, const PlotOptions& options) {
  ValueRange range = robust_symmetric_range(values);
  if (options.vmin) range.min = *options.vmin;
  if (options.vmax) range.max = *options.vmax;
  if (options.vmin && !options.vmax && range.max <= range.min) range.max = std::abs(range.min);
  if (options.vmax && !options.vmin && range.min >= range.max) range.min = -std::abs(range.max);
  if (!(range.min < range.max) || !std::isfinite(range.min) || !std::isfinite(range.max))
    throw std::invalid_argument(fmt::format("colour range vmin {} must be below vmax {}", range.min, range.max));
  return range;
}

std::string latitude_label(double lat) {
  if (lat == 0) return "0°";
  return fmt::format("{}°{}", std::abs(lat), lat > 0 ? "N" : "S");
}

std::string longitude_label(double lon) {
  if (lon == 0 || std::abs(lon) == 180) return fmt::format("{}°", std::abs(lon));
  return fmt::format("{}°{}", std::abs(lon), lon > 0 ? "E" : "W");
}

void fill_moon(Canvas& canvas, const MapLayout& layout) {
  canvas.set_colour(moon_grey);
  map_shape(canvas.cr(), layout);
  cairo_fill(canvas.cr());
}

void draw_graticule(Canvas& canvas, const MapLayout& layout) {
  cairo_t* cr = canvas.cr();
  canvas.set_colour({255, 255, 255}, 0.45);
  cairo_set_line_width(cr, 1.0);
  for (int lon = -180; lon <= 180; lon += 30) {
    if (layout.globe && lon == 180) continue;
    trace(cr, layout, 180, [&](double f) { return std::pair{-90.0 + 180.0 * f, double(lon)}; });
  }
  for (int lat = -60; lat <= 60; lat += 30)
    trace(cr, layout, 360, [&](double f) { return std::pair{double(lat), -180.0 + 360.0 * f}; });
  cairo_stroke(cr);

  canvas.set_colour(ink);
  if (!layout.globe) {
    const double bottom = layout.top + layout.height;
    for (int lon = -180; lon <= 180; lon += 30)
      canvas.text(layout.left + (lon + 180) / 360.0 * layout.width, bottom + 16, longitude_label(lon), label_font_px,
                  Anchor::middle);
    for (int lat = -90; lat <= 90; lat += 30)
      canvas.text(layout.left - 8, layout.top + (90 - lat) / 180.0 * layout.height, latitude_label(lat), label_font_px,
                  Anchor::end);
    return;
  }
  // Globe: meridian labels along the equator, parallel labels along the central meridian.
  for (int lon = -150; lon <= 180; lon += 30)
    if (auto p = map_pixel(layout, 0, lon); p && std::abs(wrap_longitude(lon - layout.globe->longitude_deg)) < 75)
      canvas.text(p->first + 3, p->second + 10, longitude_label(lon), label_font_px - 2);
  for (int lat = -60; lat <= 60; lat += 30)
    if (auto p = map_pixel(layout, lat, layout.globe->longitude_deg);
        p && lat != 0 && std::abs(lat - layout.globe->latitude_deg) < 75)
      canvas.text(p->first + 3, p->second - 8, latitude_label(lat), label_font_px - 2);
}

void draw_map_outline(Canvas& canvas, const MapLayout& layout) {
  cairo_t* cr = canvas.cr();
  canvas.set_colour(ink);
  cairo_set_line_width(cr, 1.0);
  if (layout.globe)
    cairo_arc(cr, layout.centre_x(), layout.centre_y(), layout.radius(), 0, 2 * pi);
  else
    cairo_rectangle(cr, layout.left - 0.5, layout.top - 0.5, layout.width + 1, layout.height + 1);
  cairo_stroke(cr);
}

double draw_colour_bar(Canvas& canvas, const MapLayout& layout, const ValueRange& range, const std::string& title) {
  cairo_t* cr = canvas.cr();
  const double x = layout.left + layout.width + 50, bar_w = 26;
  // Whole pixels: rows straddling pixel edges would be blended with the white page.
  const double top = std::round(layout.top + 0.08 * layout.height), bar_h = 0.84 * layout.height;
  const int rows = static_cast<int>(std::round(bar_h));
  for (int i = 0; i < rows; ++i) {  // one row per pixel, top = range.max
    double t = 1.0 - (i + 0.5) / rows;
    double value = t < 0.5 ? range.min * (1 - 2 * t) : range.max * (2 * t - 1);
    if (!(range.min < 0 && range.max > 0)) value = range.min + t * (range.max - range.min);
    canvas.set_colour(diverging_colour(value, range));
    cairo_rectangle(cr, x, top + i, bar_w, 1);
    cairo_fill(cr);
  }
  canvas.set_colour(ink);
  cairo_set_line_width(cr, 1.0);
  cairo_rectangle(cr, x + 0.5, top + 0.5, bar_w - 1, rows - 1);
  cairo_stroke(cr);
  for (double v : colour_bar_ticks(range)) {
    double y = std::round(top + (1.0 - scale_position(v, range)) * rows) + 0.5;
    cairo_move_to(cr, x + bar_w, y);
    cairo_line_to(cr, x + bar_w + 6, y);
    cairo_stroke(cr);
    canvas.text(x + bar_w + 10, y, format_number(v) + " V", label_font_px);
  }
  canvas.text(x + bar_w / 2, top - 22, title, label_font_px, Anchor::middle, true);
  return top + rows;
}

}  // namespace lpm::plot
