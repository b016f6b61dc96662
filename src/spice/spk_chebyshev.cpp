// SPK types 2 and 3: Chebyshev polynomials over fixed-length records (D§4.5).
#include <algorithm>
#include <cmath>

#include "spice/spk_segment_data.hpp"

namespace lpm::spice {
namespace {

// Value and derivative (d/ds) of sum c_k T_k(s) by the three-term recurrences of D§4.5.
void chebyshev_value_and_slope(const double* c, std::size_t n, double s, double& value, double& slope) {
  double t_prev = 1, t = s;  // T_0, T_1
  double d_prev = 0, d = 1;  // T_0', T_1'
  value = c[0];
  slope = 0;
  if (n > 1) {
    value += c[1] * t;
    slope += c[1] * d;
  }
  for (std::size_t k = 2; k < n; ++k) {
    double t_next = 2 * s * t - t_prev;
    double d_next = 2 * t + 2 * s * d - d_prev;
    value += c[k] * t_next;
    slope += c[k] * d_next;
    t_prev = t;
    t = t_next;
    d_prev = d;
    d = d_next;
  }
}

double chebyshev_value(const double* c, std::size_t n, double s) {
  double v, unused;
  chebyshev_value_and_slope(c, n, s, v, unused);
  return v;
}

}  // namespace

StateVector evaluate_chebyshev(const SegmentData& seg, double et) {
  // Record index from the fixed interval; the segment's final instant belongs to the last record.
  double index = std::floor((et - seg.init_et) / seg.interval_s);
  index = std::clamp(index, 0.0, static_cast<double>(seg.record_count - 1));
  const double* rec = seg.words.data() + static_cast<std::size_t>(index) * seg.record_size;
  const double mid = rec[0], radius = rec[1];
  const double s = (et - mid) / radius;
  const std::size_t n = seg.coefficient_count;
  const double* coeffs = rec + 2;
  StateVector out;
  for (int i = 0; i < 3; ++i) {
    if (seg.type == 2) {
      double slope;
      chebyshev_value_and_slope(coeffs + i * n, n, s, out.position_km[i], slope);
      out.velocity_km_s[i] = slope / radius;
    } else {
      out.position_km[i] = chebyshev_value(coeffs + i * n, n, s);
      out.velocity_km_s[i] = chebyshev_value(coeffs + (i + 3) * n, n, s);
    }
  }
  return out;
}

}  // namespace lpm::spice
