#include "plot/figure_text.hpp"

#include "plot/utc_time.hpp"

namespace lpm::plot {

std::string date_range_text(const PlotData& data) {
  double t0, t1;
  if (!data.time_span(t0, t1)) return "no dates";
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
