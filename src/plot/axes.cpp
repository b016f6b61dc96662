#include "plot/axes.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "base/calendar.hpp"
#include "plot/utc_time.hpp"

namespace lpm::plot {

Canvas::Clip Panel::clip() const {
  return {static_cast<int>(std::ceil(left)), static_cast<int>(std::ceil(top)),
          static_cast<int>(std::floor(left + width)), static_cast<int>(std::floor(top + height))};
}

std::vector<Tick> number_ticks(const ValueRange& range, int target, const std::string& unit) {
  std::vector<Tick> ticks;
  for (double v : nice_ticks(range, target)) ticks.emplace_back(v, format_number(v) + unit);
  return ticks;
}

std::vector<Tick> time_ticks(const ValueRange& range, int target) {
  std::vector<Tick> ticks;
  const double span = range.max - range.min;
  if (!(span > 0.0) || !std::isfinite(span)) return ticks;
  constexpr double day = 86400.0;
  constexpr std::array<double, 14> steps = {60,        300, 900,     1800,    3600,     3 * 3600, 6 * 3600,
                                            12 * 3600, day, 2 * day, 7 * day, 14 * day, 0,        0};
  for (double step : steps) {
    if (step == 0) break;
    if (span / step <= target) {
      for (double t = std::ceil(range.min / step) * step; t <= range.max; t += step)
        ticks.emplace_back(t, step < day ? format_date_minutes(t) : format_date(t));
      return ticks;
    }
  }
  // Calendar months: 1, 2, 3, 6 or 12 per tick, on month starts.
  for (int months : {1, 2, 3, 6, 12, 24, 60}) {
    if (span / (30.44 * day * months) > target && months != 60) continue;
    const CalendarDate start = date_from_days_since_1970(static_cast<std::int64_t>(std::floor(range.min / day)));
    int index = start.year * 12 + (start.month - 1) + 1;  // the month after the start (the start month began earlier)
    index = (index + months - 1) / months * months;
    for (;; index += months) {
      double t = days_since_1970(index / 12, index % 12 + 1, 1) * day;
      if (t > range.max) break;
      if (t >= range.min) ticks.emplace_back(t, format_date(t));
    }
    return ticks;
  }
  return ticks;
}

void draw_axes(Canvas& canvas, const Panel& panel, const std::vector<Tick>& x_ticks, const std::vector<Tick>& y_ticks,
               const std::string& x_title, const std::string& y_title) {
  cairo_t* cr = canvas.cr();
  const double right = panel.left + panel.width;
  const double bottom = panel.top + panel.height;
  cairo_set_line_width(cr, 1.0);
  canvas.set_colour({220, 220, 220});
  for (const auto& [v, label] : x_ticks) {
    double x = std::round(panel.x_px(v)) + 0.5;
    cairo_move_to(cr, x, panel.top);
    cairo_line_to(cr, x, bottom);
  }
  for (const auto& [v, label] : y_ticks) {
    double y = std::round(panel.y_px(v)) + 0.5;
    cairo_move_to(cr, panel.left, y);
    cairo_line_to(cr, right, y);
  }
  cairo_stroke(cr);

  canvas.set_colour(ink);
  cairo_rectangle(cr, std::round(panel.left) + 0.5, std::round(panel.top) + 0.5, std::round(panel.width),
                  std::round(panel.height));
  cairo_stroke(cr);
  for (const auto& [v, label] : x_ticks) {
    double x = std::round(panel.x_px(v)) + 0.5;
    cairo_move_to(cr, x, bottom);
    cairo_line_to(cr, x, bottom + 5);
    cairo_stroke(cr);
    canvas.text(x, bottom + 16, label, label_font_px, Anchor::middle);
  }
  for (const auto& [v, label] : y_ticks) {
    double y = std::round(panel.y_px(v)) + 0.5;
    cairo_move_to(cr, panel.left - 5, y);
    cairo_line_to(cr, panel.left, y);
    cairo_stroke(cr);
    canvas.text(panel.left - 8, y, label, label_font_px, Anchor::end);
  }
  if (!x_title.empty()) canvas.text(panel.left + panel.width / 2, bottom + 40, x_title, label_font_px, Anchor::middle);
  if (!y_title.empty()) canvas.vertical_text(panel.left - 62, panel.top + panel.height / 2, y_title, label_font_px);
}

void draw_legend(Canvas& canvas, const Panel& panel, const std::vector<LegendEntry>& entries) {
  if (entries.empty()) return;
  cairo_t* cr = canvas.cr();
  cairo_select_font_face(cr, font_family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, label_font_px);
  double text_width = 0;
  for (const auto& e : entries) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr, e.label.c_str(), &extents);
    text_width = std::max(text_width, extents.x_advance);
  }
  const double line_height = 22, sample = 26, pad = 8;
  const double box_w = pad + sample + 8 + text_width + pad;
  const double box_h = pad + line_height * static_cast<double>(entries.size()) + pad - 6;
  const double x0 = panel.left + panel.width - box_w - 10, y0 = panel.top + 10;
  canvas.set_colour({255, 255, 255}, 0.9);
  cairo_rectangle(cr, x0, y0, box_w, box_h);
  cairo_fill_preserve(cr);
  canvas.set_colour({180, 180, 180});
  cairo_set_line_width(cr, 1.0);
  cairo_stroke(cr);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    double y = y0 + pad + line_height * (static_cast<double>(i) + 0.5) - 3;
    canvas.set_colour(entries[i].colour);
    cairo_set_line_width(cr, 3.0);
    cairo_move_to(cr, x0 + pad, y);
    cairo_line_to(cr, x0 + pad + sample, y);
    cairo_stroke(cr);
    canvas.set_colour(ink);
    canvas.text(x0 + pad + sample + 8, y, entries[i].label, label_font_px);
  }
}

Rgb environment_colour(pipeline::EnvironmentClass environment) {
  using pipeline::EnvironmentClass;
  switch (environment) {
    case EnvironmentClass::solar_wind: return {230, 159, 0};      // orange
    case EnvironmentClass::magnetosheath: return {86, 180, 233};  // sky blue
    case EnvironmentClass::tail_lobes: return {0, 158, 115};      // green
    case EnvironmentClass::plasma_sheet: return {204, 121, 167};  // pink
    case EnvironmentClass::wake: return {0, 0, 0};                // black
    case EnvironmentClass::unknown: break;
  }
  return {150, 150, 150};  // unknown: grey
}

}  // namespace lpm::plot
