#pragma once
// Rounding to the decimals the archive writes, returning the double nearest to the decimal
// text (so the shortest round-trip text of the result is that decimal, e.g. 894.43 and not
// 894.4300000000001). std::to_chars/from_chars: exact and locale-independent.

#include <charconv>
#include <cmath>

namespace lpm::simulate {

namespace detail {
inline double round_via_text(double x, std::chars_format format, int precision) {
  if (!std::isfinite(x) || x == 0.0) return x == 0.0 ? 0.0 : x;
  char text[64];
  auto written = std::to_chars(text, text + sizeof text, x, format, precision);
  double r = x;
  std::from_chars(text, written.ptr, r);
  return r == 0.0 ? 0.0 : r;  // no negative zero
}
}  // namespace detail

inline double round_decimals(double x, int decimals) {
  return detail::round_via_text(x, std::chars_format::fixed, decimals);
}

inline double round_significant(double x, int digits) {
  return detail::round_via_text(x, std::chars_format::scientific, digits - 1);
}

}  // namespace lpm::simulate
