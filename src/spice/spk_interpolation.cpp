// SPK types 8, 9 (Lagrange) and 12, 13 (Hermite) interpolation of discrete states (D§4.5,
// spk.req). Window choice as SPICE's readers: an odd window is centred on the nearest state, an
// even one has et between its two middle states; windows are shifted inward at the ends.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

#include <fmt/format.h>

#include "spice/error.hpp"
#include "spice/spk_segment_data.hpp"

namespace lpm::spice {
namespace {

constexpr std::size_t max_window = 64;

// 0-based index of the first state of the window.
std::size_t window_start(const SegmentData& seg, double et) {
  const std::size_t n = seg.state_count;
  const std::size_t degree = seg.window - 1;
  // low: 1-based index of the last state before et (at least 1); near: state nearest to et.
  long long low, near;
  if (seg.type == 8 || seg.type == 12) {
    const double x = (et - seg.first_epoch) / seg.step_s;
    low = static_cast<long long>(std::clamp(std::floor(x), 0.0, static_cast<double>(n - 1))) + 1;
    near = static_cast<long long>(std::clamp(std::round(x), 0.0, static_cast<double>(n - 1))) + 1;
  } else {
    const double* epochs = seg.words.data() + seg.epochs_offset;
    const std::size_t first_not_less = first_epoch_at_or_after(epochs, n, et);  // count of epochs < et
    low = std::max<long long>(1, static_cast<long long>(first_not_less));
    low = std::min<long long>(low, static_cast<long long>(n) - 1 > 0 ? static_cast<long long>(n) - 1 : 1);
    const long long high = std::min<long long>(low + 1, static_cast<long long>(n));
    if (first_not_less == 0)
      near = 1;
    else
      near = std::abs(et - epochs[low - 1]) < std::abs(et - epochs[high - 1]) ? low : high;
  }
  const long long centre = (seg.window % 2 == 1) ? near : low;
  long long first = centre - static_cast<long long>(degree / 2);
  first = std::min<long long>(std::max<long long>(first, 1), static_cast<long long>(n - degree));
  return static_cast<std::size_t>(first - 1);
}

double epoch_of(const SegmentData& seg, std::size_t i) {
  if (seg.type == 8 || seg.type == 12) return seg.first_epoch + static_cast<double>(i) * seg.step_s;
  return seg.words[seg.epochs_offset + i];
}

// Lagrange interpolation of each of the 6 state components (positions and velocities separately).
StateVector lagrange(const SegmentData& seg, std::size_t first, double et) {
  const std::size_t m = seg.window;
  std::array<double, max_window> x{}, basis{};
  for (std::size_t j = 0; j < m; ++j) x[j] = epoch_of(seg, first + j) - et;
  for (std::size_t j = 0; j < m; ++j) {
    double b = 1;
    for (std::size_t k = 0; k < m; ++k)
      if (k != j) b *= (0 - x[k]) / (x[j] - x[k]);
    basis[j] = b;
  }
  std::array<double, 6> v{};
  for (std::size_t j = 0; j < m; ++j) {
    const double* state = seg.words.data() + 6 * (first + j);
    for (int c = 0; c < 6; ++c) v[c] += basis[j] * state[c];
  }
  return {{v[0], v[1], v[2]}, {v[3], v[4], v[5]}};
}

// Hermite interpolation of positions with velocities as derivatives: value and derivative at et,
// from Newton divided differences over doubled nodes.
StateVector hermite(const SegmentData& seg, std::size_t first, double et) {
  const std::size_t m = seg.window, nodes = 2 * m;
  std::array<double, 2 * max_window> z{}, q{};
  StateVector out;
  for (std::size_t j = 0; j < m; ++j) z[2 * j] = z[2 * j + 1] = epoch_of(seg, first + j) - et;
  for (int c = 0; c < 3; ++c) {
    // Column 0 then in-place update; q[i] holds the divided difference ending at node i.
    std::array<double, 2 * max_window> prev{};
    for (std::size_t j = 0; j < m; ++j) {
      const double* state = seg.words.data() + 6 * (first + j);
      prev[2 * j] = prev[2 * j + 1] = state[c];
    }
    std::array<double, 2 * max_window> coef{};
    coef[0] = prev[0];
    for (std::size_t order = 1; order < nodes; ++order) {
      for (std::size_t i = nodes - 1; i >= order; --i) {
        if (order == 1 && i % 2 == 1) {
          q[i] = seg.words[6 * (first + i / 2) + 3 + static_cast<std::size_t>(c)];  // f'(t) at a doubled node
        } else {
          q[i] = (prev[i] - prev[i - 1]) / (z[i] - z[i - order]);
        }
        if (i == order) break;
      }
      for (std::size_t i = order; i < nodes; ++i) prev[i] = q[i];
      coef[order] = prev[order];
    }
    // Newton form at 0 (= et) with its derivative.
    double p = coef[nodes - 1], dp = 0;
    for (std::size_t k = nodes - 1; k-- > 0;) {
      dp = dp * (0 - z[k]) + p;
      p = p * (0 - z[k]) + coef[k];
    }
    out.position_km[c] = p;
    out.velocity_km_s[c] = dp;
  }
  return out;
}

}  // namespace

StateVector evaluate_discrete_states(const SegmentData& seg, double et) {
  if (seg.window > max_window)
    throw SpiceError(fmt::format("interpolation window {} exceeds the supported {}", seg.window, max_window));
  const std::size_t first = window_start(seg, et);
  return (seg.type == 8 || seg.type == 9) ? lagrange(seg, first, et) : hermite(seg, first, et);
}

}  // namespace lpm::spice
