#include "plot/sza_plot.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "base/angles.hpp"
#include "plot/figure_text.hpp"
#include "product/cache_schema.hpp"

namespace lpm::plot {
namespace {

constexpr double band_alpha = 0.25;      // the p25–p75 band behind the median line
constexpr double marker_radius = 3.5;    // px, a disc at each bin's median
constexpr double singleton_band_px = 8;  // width of the band of a bin without neighbours

// Consecutive bins with spectra, as [first, last] index pairs.
std::vector<std::pair<std::size_t, std::size_t>> runs(const std::vector<product::BinStats>& bins) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    if (bins[i].count == 0) continue;
    if (!out.empty() && out.back().second + 1 == i)
      out.back().second = i;
    else
      out.emplace_back(i, i);
  }
  return out;
}

void draw_series(Canvas& canvas, const Panel& panel, const SzaSeries& series) {
  cairo_t* cr = canvas.cr();
  const auto& centre = series.table.axes[0].centre;
  const auto& bins = series.table.quantities.front().bins;
  const Rgb colour = series_colour(series.illumination);
  for (const auto& [first, last] : runs(bins)) {
    canvas.set_colour(colour, band_alpha);
    if (first == last) {
      const double x = panel.x_px(centre[first]);
      cairo_rectangle(cr, x - singleton_band_px / 2, panel.y_px(bins[first].p75), singleton_band_px,
                      panel.y_px(bins[first].p25) - panel.y_px(bins[first].p75));
    } else {
      for (std::size_t i = first; i <= last; ++i) cairo_line_to(cr, panel.x_px(centre[i]), panel.y_px(bins[i].p75));
      for (std::size_t i = last + 1; i-- > first;) cairo_line_to(cr, panel.x_px(centre[i]), panel.y_px(bins[i].p25));
      cairo_close_path(cr);
    }
    cairo_fill(cr);

    canvas.set_colour(colour);
    cairo_set_line_width(cr, 2.0);
    for (std::size_t i = first; i <= last; ++i) cairo_line_to(cr, panel.x_px(centre[i]), panel.y_px(bins[i].median));
    cairo_stroke(cr);
    for (std::size_t i = first; i <= last; ++i) {
      cairo_new_sub_path(cr);
      cairo_arc(cr, panel.x_px(centre[i]), panel.y_px(bins[i].median), marker_radius, 0, 2 * pi);
    }
    cairo_fill(cr);
  }
}

std::size_t spectra(const SzaSeries& series) {
  std::size_t total = 0;
  for (const product::BinStats& bin : series.table.quantities.front().bins) total += bin.count;
  return total;
}

}  // namespace

std::vector<SzaSeries> sza_series(const product::CacheSpectra& data, const PlotOptions& options) {
  if (!data.has_solar_angles)
    throw std::invalid_argument(
        fmt::format("--kind sza: a cache has no {} (written by batch since issue 18): rerun batch",
                    product::keys::spec_solar_zenith_deg.name));
  std::vector<SzaSeries> out;
  for (Illumination side : {Illumination::day, Illumination::night}) {
    if (options.illumination != Illumination::all && options.illumination != side) continue;
    product::StatsOptions stats;
    stats.by = product::StatsBy::sza;
    stats.illumination = side;
    out.push_back({side, product::compute_stats(data, stats)});
  }
  return out;
}

Rgb series_colour(Illumination illumination) {
  switch (illumination) {
    case Illumination::day: return sunlit_colour;
    case Illumination::night: return dark_colour;
    default: return ink;
  }
}

ValueRange sza_u_range(const std::vector<SzaSeries>& series, const PlotOptions& options) {
  std::vector<double> values;
  for (const SzaSeries& s : series)
    for (const product::BinStats& bin : s.table.quantities.front().bins)
      values.insert(values.end(), {bin.p25, bin.median, bin.p75});
  ValueRange range = robust_range(values, 0.0, 100.0);
  if (options.vmin) range.min = *options.vmin;
  if (options.vmax) range.max = *options.vmax;
  if (!(range.min < range.max))
    throw std::invalid_argument(fmt::format("axis range vmin {} must be below vmax {}", range.min, range.max));
  return range;
}

Panel sza_panel(const PlotOptions& options, const ValueRange& u_range) {
  const double left = 110, right = 40, top = 100, bottom = 80;
  return {left, top, options.width - left - right, options.height - top - bottom, {0.0, 180.0}, u_range};
}

void draw_sza(Canvas& canvas, const std::vector<SzaSeries>& series, const PlotOptions& options) {
  for (const SzaSeries& s : series)
    if (s.table.by != product::StatsBy::sza || s.table.axes.size() != 1 || s.table.quantities.empty())
      throw std::invalid_argument(
          fmt::format("--kind sza needs statistics by sza, not by {}", product::to_string(s.table.by)));
  const Panel panel = sza_panel(options, sza_u_range(series, options));
  std::vector<Tick> x_ticks;
  for (int angle = 0; angle <= 180; angle += 30)
    x_ticks.emplace_back(angle, angle == 90 ? "90° (terminator)" : fmt::format("{}°", angle));
  draw_axes(canvas, panel, x_ticks, number_ticks(panel.y, 6), "solar zenith angle at the footpoint", "U surface (V)");

  cairo_t* cr = canvas.cr();
  cairo_save(cr);
  cairo_rectangle(cr, panel.left, panel.top, panel.width, panel.height);
  cairo_clip(cr);
  std::vector<LegendEntry> legend;
  std::size_t total = 0;
  for (const SzaSeries& s : series) {
    draw_series(canvas, panel, s);
    total += spectra(s);
    legend.push_back({fmt::format("{}: median ({} spectra)", illumination_text(s.illumination), spectra(s)),
                      series_colour(s.illumination)});
  }
  cairo_restore(cr);
  legend.push_back({"band: 25th to 75th percentile", {200, 200, 200}});
  draw_legend(canvas, panel, legend);

  canvas.set_colour(ink);
  canvas.text(panel.left, 28, "Lunar surface potential against solar zenith angle", title_font_px, Anchor::start, true);
  const product::StatsAxis* sza = series.empty() ? nullptr : &series.front().table.axes[0];
  const double bin_deg = sza && sza->size() ? sza->upper[0] - sza->lower[0] : 0.0;
  canvas.text(panel.left, 56,
              fmt::format("median and interquartile range in {}\u00b0 bins  \u00b7  {} spectra  \u00b7  {}",
                          format_number(bin_deg), total, illumination_text(options.illumination)),
              label_font_px + 1);
}

}  // namespace lpm::plot
