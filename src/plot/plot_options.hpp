#pragma once
// What to draw and how big (SPEC §2 `plot`).

#include <optional>

#include "plot/plot_data.hpp"
#include "product/stats.hpp"

namespace lpm::plot {

enum class PlotKind { map, hist, timeseries, grid, sza };

struct GlobeCentre {
  double latitude_deg = 0.0;
  double longitude_deg = 0.0;
};

struct PlotOptions {
  PlotKind kind = PlotKind::map;
  Illumination illumination = Illumination::all;
  std::optional<double> vmin;  // colour scale / U axis; default: robust percentiles
  std::optional<double> vmax;
  std::optional<GlobeCentre> orthographic;  // map only: globe view instead of equirectangular
  int width = 1600;
  int height = 900;
  bool ground_track = false;                    // map only: faint spacecraft ground track
  double grid_deg = product::default_grid_deg;  // grid from caches: cell size (must divide 180)
};

}  // namespace lpm::plot
