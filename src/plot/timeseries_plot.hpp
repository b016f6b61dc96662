#pragma once
// `plot --kind timeseries`: U_surface (with its 68 % interval as error bars) and
// U_sc against UTC, in two panels sharing the time axis; points coloured by illumination.

#include "plot/canvas.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"

namespace lpm::plot {

void draw_timeseries(Canvas& canvas, const PlotData& data, const PlotOptions& options);

}  // namespace lpm::plot
