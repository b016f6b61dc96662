#include "plot/colour_scale.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "base/portable_math.hpp"

namespace lpm::plot {
namespace {

// ColorBrewer RdBu (11 classes) reversed: index 0 = most negative (dark blue), 5 = centre.
constexpr std::array<Rgb, 11> anchors = {{
    {0x05, 0x30, 0x61},
    {0x21, 0x66, 0xac},
    {0x43, 0x93, 0xc3},
    {0x92, 0xc5, 0xde},
    {0xd1, 0xe5, 0xf0},
    {0xf7, 0xf7, 0xf7},
    {0xfd, 0xdb, 0xc7},
    {0xf4, 0xa5, 0x82},
    {0xd6, 0x60, 0x4d},
    {0xb2, 0x18, 0x2b},
    {0x67, 0x00, 0x1f},
}};

// Position 0..1 along the anchors → interpolated colour.
Rgb along_anchors(double t) {
  t = std::clamp(t, 0.0, 1.0) * static_cast<double>(anchors.size() - 1);
  auto i = std::min(static_cast<std::size_t>(t), anchors.size() - 2);
  double f = t - static_cast<double>(i);
  auto mix = [f](unsigned char a, unsigned char b) { return static_cast<unsigned char>(std::lround(a + f * (b - a))); };
  const Rgb& a = anchors[i];
  const Rgb& b = anchors[i + 1];
  return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

std::vector<double> finite_sorted(std::span<const double> values) {
  std::vector<double> v;
  v.reserve(values.size());
  for (double x : values)
    if (std::isfinite(x)) v.push_back(x);
  std::sort(v.begin(), v.end());
  return v;
}

// Linear-interpolated percentile (numpy's default method) of sorted, non-empty values.
double percentile_sorted(const std::vector<double>& sorted, double p) {
  double pos = p / 100.0 * static_cast<double>(sorted.size() - 1);
  auto i = static_cast<std::size_t>(pos);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (pos - static_cast<double>(i)) * (sorted[i + 1] - sorted[i]);
}

}  // namespace

double scale_position(double value_v, const ValueRange& range) {
  if (range.min < 0.0 && range.max > 0.0)
    return value_v < 0.0 ? 0.5 - 0.5 * value_v / range.min : 0.5 + 0.5 * value_v / range.max;
  return range.max > range.min ? (value_v - range.min) / (range.max - range.min) : 0.5;
}

Rgb diverging_colour(double value_v, const ValueRange& range) {
  if (!std::isfinite(value_v)) return {128, 128, 128};
  return along_anchors(scale_position(value_v, range));
}

std::vector<double> colour_bar_ticks(const ValueRange& range) {
  if (!(range.min < 0.0 && range.max > 0.0)) return nice_ticks(range, 8);
  std::vector<double> ticks = nice_ticks({range.min, 0.0}, 4);
  // Label the ends too when they are not too close to a round tick (the default ends are round).
  if (ticks.size() >= 2 && ticks.front() - range.min > 0.4 * (ticks[1] - ticks[0]))
    ticks.insert(ticks.begin(), range.min);
  std::vector<double> upper = nice_ticks({0.0, range.max}, 4);
  for (double t : upper)
    if (t > 0.0) ticks.push_back(t);
  if (upper.size() >= 2 && range.max - upper.back() > 0.4 * (upper[1] - upper[0])) ticks.push_back(range.max);
  return ticks;
}

double nice_ceiling(double x) {
  if (!(x > 0.0) || !std::isfinite(x)) return 1.0;
  double decade = math::pow(10.0, std::floor(math::log10(x)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * decade >= x * (1.0 - 1e-12)) return m * decade;
  return 10.0 * decade;
}

ValueRange robust_symmetric_range(std::span<const double> values) {
  auto sorted = finite_sorted(values);
  if (sorted.empty()) return {-1.0, 1.0};
  double half = std::max(std::abs(percentile_sorted(sorted, 2.0)), std::abs(percentile_sorted(sorted, 98.0)));
  half = nice_ceiling(half);
  return {-half, half};
}

ValueRange robust_range(std::span<const double> values, double p_low, double p_high) {
  auto sorted = finite_sorted(values);
  if (sorted.empty()) return {-1.0, 1.0};
  double lo = percentile_sorted(sorted, p_low);
  double hi = percentile_sorted(sorted, p_high);
  double span = nice_ceiling(hi > lo ? hi - lo : std::max(1.0, std::abs(lo)));
  double step = span / 10.0;  // round the ends outward to a tenth of the nice span
  lo = std::floor(lo / step) * step;
  hi = std::ceil(hi / step) * step;
  if (hi <= lo) hi = lo + step;
  double pad = 0.05 * (hi - lo);
  return {lo - pad, hi + pad};
}

std::vector<double> nice_ticks(const ValueRange& range, int target) {
  std::vector<double> ticks;
  double width = range.max - range.min;
  if (!(width > 0.0) || !std::isfinite(width) || target < 1) return ticks;
  double step = nice_ceiling(width / target);
  double first = std::ceil(range.min / step - 1e-9) * step;
  for (double t = first; t <= range.max + 1e-9 * step; t += step) ticks.push_back(std::abs(t) < 1e-9 * step ? 0.0 : t);
  return ticks;
}

}  // namespace lpm::plot
