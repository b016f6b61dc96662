#pragma once
// `plot --kind map`: one dot per fitted spectrum at its footpoint, coloured by U_surface on the
// diverging scale; equirectangular (lon −180…180, lat −90…90) or an orthographic globe.

#include "plot/canvas.hpp"
#include "plot/map_frame.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"

namespace lpm::plot {

// Dot radius in pixels for `count` points (bigger when there are few).
int dot_radius(std::size_t count);

void draw_map(Canvas& canvas, const PlotData& data, const PlotOptions& options);

}  // namespace lpm::plot
