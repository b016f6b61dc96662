#pragma once
// Diverging colour scale for potentials: blue below 0 V, near-white at 0 V, red above
// (ColorBrewer "RdBu", reversed). Each half is stretched separately so 0 V stays white even
// when the range is asymmetric (a "two-slope" normalisation).

#include <span>
#include <vector>

namespace lpm::plot {

struct Rgb {
  unsigned char r = 0, g = 0, b = 0;
  bool operator==(const Rgb&) const = default;
};

struct ValueRange {
  double min = -1.0;
  double max = 1.0;
};

// Colour of `value_v` on the scale `range` (values outside are clamped to the end colours;
// a NaN gives mid grey). When the range does not contain 0 the scale is linear end to end.
Rgb diverging_colour(double value_v, const ValueRange& range);

// Where `value_v` sits along the scale, 0 (range.min) .. 1 (range.max), 0.5 at 0 V when the
// range contains 0; not clamped. The colour bar places its ticks with it.
double scale_position(double value_v, const ValueRange& range);

// Tick values for the colour bar: round values on each side of 0 (each half has its own
// spacing when the range is asymmetric), or plain nice ticks when 0 is outside the range.
std::vector<double> colour_bar_ticks(const ValueRange& range);

// Default colour range: symmetric about 0, ±(the larger of |2nd| and |98th| percentile of the
// finite values), rounded up to a "nice" number (1, 2, 2.5, 5 × 10^k). ±1 V with no data.
ValueRange robust_symmetric_range(std::span<const double> values);

// Robust range [p_low, p_high] percentiles (0-100) of the finite values, widened to a nice
// width; {-1, 1} with no data. Used for plain (not colour) axes.
ValueRange robust_range(std::span<const double> values, double p_low, double p_high);

// Smallest "nice" number (1, 2, 2.5, 5 × 10^k) ≥ x, for x > 0.
double nice_ceiling(double x);

// About `target` evenly spaced round tick values inside [range.min, range.max] (includes 0
// when 0 lies inside, since the spacing divides 0).
std::vector<double> nice_ticks(const ValueRange& range, int target);

}  // namespace lpm::plot
