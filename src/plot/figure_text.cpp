#include "plot/figure_text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plot/utc_time.hpp"

namespace lpm::plot {

std::string date_range_text(const PlotData& data) {
  double t0 = std::numeric_limits<double>::infinity(), t1 = -t0;
  for (double t : data.time_s)
    if (std::isfinite(t)) {
      t0 = std::min(t0, t);
      t1 = std::max(t1, t);
    }
  if (!std::isfinite(t0)) return "no dates";
  std::string a = format_date(t0), b = format_date(t1);
  return a == b ? a : a + " \u2013 " + b;
}

std::string illumination_text(Illumination illumination) {
  switch (illumination) {
    case Illumination::day: return "sunlit footpoints";
    case Illumination::night: return "dark footpoints";
    default: return "all footpoints";
  }
}

}  // namespace lpm::plot
