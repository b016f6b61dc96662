#pragma once
// `plot --kind sza`: the median U_surface and its interquartile band (p25–p75) against the
// solar zenith angle at the footpoint, in the 5° bins of product::compute_stats by sza; one
// series per footpoint illumination. A bin without spectra leaves a gap in line and band.

#include <vector>

#include "plot/axes.hpp"
#include "plot/canvas.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"
#include "product/stats.hpp"

namespace lpm::plot {

struct SzaSeries {
  Illumination illumination;  // which footpoints: names and colours the series
  product::StatsTable table;  // by sza
};

// From caches: day and night, or only the side options.illumination selects (fitted spectra,
// as `stats --by sza`). Throws std::invalid_argument for caches without solar zenith angles.
std::vector<SzaSeries> sza_series(const product::CacheSpectra& data, const PlotOptions& options);

Rgb series_colour(Illumination illumination);  // day: sunlit_colour, night: dark_colour, all: ink

// The U axis: options.vmin/vmax where given, else a robust range of every p25, median and p75.
// Throws std::invalid_argument when vmin ≥ vmax.
ValueRange sza_u_range(const std::vector<SzaSeries>& series, const PlotOptions& options);
// The panel (0–180° across), fixed by the image size and the U axis so tests find a value's pixel.
Panel sza_panel(const PlotOptions& options, const ValueRange& u_range);

// Throws std::invalid_argument for a table not by sza.
void draw_sza(Canvas& canvas, const std::vector<SzaSeries>& series, const PlotOptions& options);

}  // namespace lpm::plot
