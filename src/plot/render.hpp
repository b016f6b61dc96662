#pragma once
// The entry points of the plot stage: picture kind → figure file (PNG, PDF or SVG by extension).

#include <filesystem>
#include <string>

#include "io/npz.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"
#include "product/stats.hpp"

namespace lpm::plot {

// Draws `data` (selected by options.illumination) as options.kind and writes the figure in the
// format of `out`'s extension (figure_format.hpp) atomically. Throws std::invalid_argument for
// bad options (vmin ≥ vmax, image size out of range, unknown extension, a grid size that does
// not divide 180, a globe for the grid, caches without solar zenith angles for sza) and
// std::runtime_error when writing fails.
void render_figure(const PlotData& data, const PlotOptions& options, const std::filesystem::path& out);

// For `map --plot FILE.png` (standard mode): the payload in memory, `name` for error messages.
void render_cache_figure(const io::NpzArchive& cache, const std::string& name, const PlotOptions& options,
                         const std::filesystem::path& out);

// A `stats` netCDF file to draw: its table and the footpoints it holds (the illumination of its
// settings attribute; all without one).
struct StatsFigureData {
  std::string name;  // the file, for messages
  product::StatsTable table;
  Illumination illumination = Illumination::all;
};
// Errors of product::read_stats_netcdf (std::runtime_error naming the file).
StatsFigureData load_stats_file(const std::filesystem::path& path);

// Draws the file's table as options.kind: grid or sza, the one its --by made. The file's own
// selection replaces options.illumination; options.grid_deg is not used. Throws
// std::invalid_argument naming the file for another kind or --by, and as render_figure.
void render_stats_figure(const StatsFigureData& stats, const PlotOptions& options, const std::filesystem::path& out);

}  // namespace lpm::plot
