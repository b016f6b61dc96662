#pragma once
// `plot --kind hist`: U_surface histograms, by footpoint illumination (left) and by plasma
// environment class (right, P§5.4), as overlaid step outlines with legends.

#include "plot/canvas.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"

namespace lpm::plot {

// Counts of the finite values in `bins` equal bins over `range` (values outside are left out).
std::vector<double> histogram(const std::vector<double>& values, const ValueRange& range, int bins);

void draw_hist(Canvas& canvas, const PlotData& data, const PlotOptions& options);

}  // namespace lpm::plot
