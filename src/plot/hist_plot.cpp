#include "plot/hist_plot.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "plot/axes.hpp"
#include "plot/figure_text.hpp"

namespace lpm::plot {
namespace {

constexpr int bin_count = 60;

struct Series {
  std::string label;
  Rgb colour;
  std::vector<double> counts;
};

void draw_panel(Canvas& canvas, Panel panel, const std::vector<Series>& series, const std::string& heading) {
  double peak = 1;
  for (const auto& s : series)
    for (double c : s.counts) peak = std::max(peak, c);
  panel.y = {0.0, peak * 1.08};
  draw_axes(canvas, panel, number_ticks(panel.x, 8), number_ticks(panel.y, 6), "U surface (V)", "spectra per bin");
  canvas.set_colour(ink);
  canvas.text(panel.left + panel.width / 2, panel.top - 16, heading, label_font_px + 2, Anchor::middle, true);

  cairo_t* cr = canvas.cr();
  cairo_save(cr);
  cairo_rectangle(cr, panel.left, panel.top, panel.width, panel.height);
  cairo_clip(cr);
  cairo_set_line_width(cr, 2.0);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
  const double bin_width = (panel.x.max - panel.x.min) / bin_count;
  std::vector<LegendEntry> legend;
  for (const auto& s : series) {
    canvas.set_colour(s.colour);
    cairo_move_to(cr, panel.x_px(panel.x.min), panel.y_px(0));
    for (int i = 0; i < bin_count; ++i) {  // step outline: up, across, down into the next bin
      cairo_line_to(cr, panel.x_px(panel.x.min + i * bin_width), panel.y_px(s.counts[i]));
      cairo_line_to(cr, panel.x_px(panel.x.min + (i + 1) * bin_width), panel.y_px(s.counts[i]));
    }
    cairo_line_to(cr, panel.x_px(panel.x.max), panel.y_px(0));
    cairo_stroke(cr);
    double total = 0;
    for (double c : s.counts) total += c;
    legend.push_back({fmt::format("{} ({:.0f})", s.label, total), s.colour});
  }
  cairo_restore(cr);
  draw_legend(canvas, panel, legend);
}

}  // namespace

std::vector<double> histogram(const std::vector<double>& values, const ValueRange& range, int bins) {
  std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
  const double scale = bins / (range.max - range.min);
  for (double v : values) {
    if (!std::isfinite(v) || v < range.min || v > range.max) continue;
    auto i = static_cast<int>((v - range.min) * scale);
    counts[static_cast<std::size_t>(std::min(i, bins - 1))] += 1;  // the top edge belongs to the last bin
  }
  return counts;
}

void draw_hist(Canvas& canvas, const PlotData& data, const PlotOptions& options) {
  ValueRange range = robust_range(data.u_surface_v, 1.0, 99.0);
  if (options.vmin) range.min = *options.vmin;
  if (options.vmax) range.max = *options.vmax;
  if (!(range.min < range.max))
    throw std::invalid_argument(fmt::format("axis range vmin {} must be below vmax {}", range.min, range.max));

  std::vector<double> sunlit, dark;
  std::map<pipeline::EnvironmentClass, std::vector<double>> by_environment;  // in code order
  std::size_t outside = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    double u = data.u_surface_v[i];
    if (!std::isfinite(u)) continue;
    if (u < range.min || u > range.max) ++outside;
    (data.in_sun[i] ? sunlit : dark).push_back(u);
    by_environment[data.environment[i]].push_back(u);
  }

  std::vector<Series> illumination = {{"sunlit", sunlit_colour, histogram(sunlit, range, bin_count)},
                                      {"dark", dark_colour, histogram(dark, range, bin_count)}};
  std::vector<Series> environment;
  environment.reserve(by_environment.size());
  for (const auto& [environment_class, values] : by_environment)
    environment.push_back({environment_label(environment_class), environment_colour(environment_class),
                           histogram(values, range, bin_count)});

  const double left = 110, gap = 120, right = 40, top = 110, bottom = 80;
  const double panel_w = (canvas.width() - left - gap - right) / 2;
  const double panel_h = canvas.height() - top - bottom;
  draw_panel(canvas, {left, top, panel_w, panel_h, range, {}}, illumination, "by footpoint illumination");
  draw_panel(canvas, {left + panel_w + gap, top, panel_w, panel_h, range, {}}, environment,
             data.has_environment ? "by plasma environment" : "by plasma environment (not in the cache)");

  const std::size_t fitted = sunlit.size() + dark.size();
  canvas.set_colour(ink);
  canvas.text(left, 28, "Lunar surface potential distribution  \u00b7  " + date_range_text(data), title_font_px,
              Anchor::start, true);
  canvas.text(left, 56,
              fmt::format("{} spectra fitted / {} total  \u00b7  {}  \u00b7  {} bins{}", fitted, data.size(),
                          illumination_text(options.illumination), bin_count,
                          outside ? fmt::format("  \u00b7  {} outside the axis range", outside) : ""),
              label_font_px + 1);
}

}  // namespace lpm::plot
