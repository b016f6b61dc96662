#pragma once
// `plot --kind grid`: the median U_surface of each latitude × longitude cell of a stats table
// (product::compute_stats by grid, from caches or read from a `stats --by grid` file) on the
// equirectangular map. Empty cells stay the Moon's grey; sparse cells are coloured and hatched.

#include <cstddef>

#include "plot/canvas.hpp"
#include "plot/map_frame.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"
#include "product/stats.hpp"

namespace lpm::plot {

// A cell with fewer spectra than this (but some) is sparse: its median is shown, hatched.
inline constexpr std::size_t well_sampled_spectra = 3;

enum class CellSampling { empty, sparse, well_sampled };
CellSampling cell_sampling(std::size_t spectra);

// The grid table of the fitted spectra of `data` selected by options.illumination, in cells
// of options.grid_deg (the defaults of `stats --by grid`). Throws std::invalid_argument when
// the cell size does not divide 180.
product::StatsTable grid_stats(const product::CacheSpectra& data, const PlotOptions& options);

// Throws std::invalid_argument for a table not by grid or an orthographic view (grid maps are
// equirectangular only) and for vmin ≥ vmax. The subtitle names options.illumination.
void draw_grid(Canvas& canvas, const product::StatsTable& table, const PlotOptions& options);

}  // namespace lpm::plot
