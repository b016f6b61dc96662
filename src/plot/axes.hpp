#pragma once
// A rectangular plotting panel with linear x and y axes, tick labels and a legend.

#include <string>
#include <utility>
#include <vector>

#include "pipeline/environment.hpp"
#include "plot/canvas.hpp"
#include "plot/colour_scale.hpp"

namespace lpm::plot {

inline constexpr double label_font_px = 14;
inline constexpr double title_font_px = 20;
inline constexpr Rgb ink{40, 40, 40};

struct Panel {
  double left, top, width, height;  // pixels
  ValueRange x, y;                  // data ranges shown

  double x_px(double value) const { return left + (value - x.min) / (x.max - x.min) * width; }
  double y_px(double value) const { return top + height - (value - y.min) / (y.max - y.min) * height; }
  Canvas::Clip clip() const;
};

using Tick = std::pair<double, std::string>;  // value, label

std::vector<Tick> number_ticks(const ValueRange& range, int target, const std::string& unit = "");

// Ticks on round calendar steps (minutes .. years) between two times in seconds since 1970.
std::vector<Tick> time_ticks(const ValueRange& range, int target);

// Frame, faint grid at the ticks, tick labels and axis titles (empty title = none).
void draw_axes(Canvas& canvas, const Panel& panel, const std::vector<Tick>& x_ticks, const std::vector<Tick>& y_ticks,
               const std::string& x_title, const std::string& y_title);

struct LegendEntry {
  std::string label;
  Rgb colour;
};
// Box of coloured line samples and labels in the panel's top-right corner.
void draw_legend(Canvas& canvas, const Panel& panel, const std::vector<LegendEntry>& entries);

// Colours for categories (Okabe-Ito, distinguishable with colour-blindness).
inline constexpr Rgb sunlit_colour{230, 159, 0};
inline constexpr Rgb dark_colour{0, 90, 170};
Rgb environment_colour(pipeline::EnvironmentClass environment);

}  // namespace lpm::plot
