#pragma once
// Text shared by the figure titles.

#include <string>

#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"

namespace lpm::plot {

std::string date_range_text(const PlotData& data);         // "1998-06-01 – 1998-06-30"
std::string illumination_text(Illumination illumination);  // "all footpoints", ...

}  // namespace lpm::plot
