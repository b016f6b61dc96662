#include "plot/timeseries_plot.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "plot/axes.hpp"
#include "plot/figure_text.hpp"
#include "plot/map_plot.hpp"

namespace lpm::plot {
namespace {

Rgb lighter(Rgb c) {  // halfway to white, for error bars behind their points
  return {static_cast<unsigned char>((c.r + 255) / 2), static_cast<unsigned char>((c.g + 255) / 2),
          static_cast<unsigned char>((c.b + 255) / 2)};
}

ValueRange time_range(const PlotData& data) {
  double t0, t1;
  if (!data.time_span(t0, t1)) return {0.0, 3600.0};
  if (t1 - t0 < 60) return {t0 - 1800, t1 + 1800};
  double pad = 0.01 * (t1 - t0);
  return {t0 - pad, t1 + pad};
}

// Points (and optional error bars) of one quantity against time.
void draw_series(Canvas& canvas, const Panel& panel, const PlotData& data, const std::vector<double>& values,
                 const std::vector<double>* lower, const std::vector<double>* upper) {
  std::size_t count = 0;
  for (double v : values) count += std::isfinite(v) ? 1 : 0;
  const int radius = std::max(1, dot_radius(count) - 1);
  const Canvas::Clip clip = panel.clip();
  canvas.begin_pixels();
  if (lower && upper)
    for (std::size_t i = 0; i < data.size(); ++i)
      if (std::isfinite(values[i]) && std::isfinite((*lower)[i]) && std::isfinite((*upper)[i]))
        canvas.vertical_line(panel.x_px(data.time_s[i]), panel.y_px((*upper)[i]), panel.y_px((*lower)[i]),
                             lighter(data.in_sun[i] ? sunlit_colour : dark_colour), clip);
  for (std::size_t i = 0; i < data.size(); ++i)
    if (std::isfinite(values[i]))
      canvas.disc(panel.x_px(data.time_s[i]), panel.y_px(values[i]), radius,
                  data.in_sun[i] ? sunlit_colour : dark_colour, clip);
  canvas.end_pixels();
}

}  // namespace

void draw_timeseries(Canvas& canvas, const PlotData& data, const PlotOptions& options) {
  ValueRange u_range = robust_range(data.u_surface_v, 1.0, 99.0);
  if (options.vmin) u_range.min = *options.vmin;
  if (options.vmax) u_range.max = *options.vmax;
  if (!(u_range.min < u_range.max))
    throw std::invalid_argument(fmt::format("axis range vmin {} must be below vmax {}", u_range.min, u_range.max));
  const ValueRange t_range = time_range(data);

  const double left = 120, right = 40, top = 90, bottom = 80, gap = 70;
  const double panel_w = canvas.width() - left - right;
  const double panel_h = (canvas.height() - top - bottom - gap) / 2;
  const Panel u_panel{left, top, panel_w, panel_h, t_range, u_range};
  const Panel sc_panel{
      left, top + panel_h + gap, panel_w, panel_h, t_range, robust_range(data.u_spacecraft_v, 0.5, 99.5)};
  const auto x_ticks = time_ticks(t_range, std::max(3, static_cast<int>(panel_w / 130)));
  std::vector<Tick> no_labels;
  no_labels.reserve(x_ticks.size());
  for (const auto& [t, label] : x_ticks) no_labels.emplace_back(t, "");

  draw_axes(canvas, u_panel, no_labels, number_ticks(u_panel.y, 6), "", "U surface (V)");
  draw_series(canvas, u_panel, data, data.u_surface_v, data.has_intervals ? &data.u_lower_v : nullptr,
              data.has_intervals ? &data.u_upper_v : nullptr);
  draw_axes(canvas, sc_panel, x_ticks, number_ticks(sc_panel.y, 6), "UTC", "U spacecraft (V)");
  draw_series(canvas, sc_panel, data, data.u_spacecraft_v, nullptr, nullptr);
  if (!data.has_u_spacecraft) {
    canvas.set_colour(ink);
    canvas.text(sc_panel.left + sc_panel.width / 2, sc_panel.top + sc_panel.height / 2,
                "no rows_spacecraft_potential in the cache", label_font_px, Anchor::middle);
  }
  std::vector<LegendEntry> legend;
  if (std::count(data.in_sun.begin(), data.in_sun.end(), 1) > 0) legend.push_back({"sunlit footpoint", sunlit_colour});
  if (std::count(data.in_sun.begin(), data.in_sun.end(), 0) > 0) legend.push_back({"dark footpoint", dark_colour});
  legend.push_back({data.has_intervals ? "bars: 68 % interval" : "no U intervals in the cache", lighter(ink)});
  draw_legend(canvas, u_panel, legend);

  canvas.set_colour(ink);
  canvas.text(left, 28, "Surface and spacecraft potential against time  \u00b7  " + date_range_text(data),
              title_font_px, Anchor::start, true);
  canvas.text(left, 56,
              fmt::format("{} spectra fitted / {} total  \u00b7  {}", data.fitted_count(), data.size(),
                          illumination_text(options.illumination)),
              label_font_px + 1);
}

}  // namespace lpm::plot
