#pragma once
// The entry points of the plot stage: picture kind → figure file (PNG, PDF or SVG by extension).

#include <filesystem>
#include <string>

#include "io/npz.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"

namespace lpm::plot {

// Draws `data` (filtered by options.illumination) as options.kind and writes the figure in the
// format of `out`'s extension (figure_format.hpp) atomically. Throws std::invalid_argument for
// bad options (vmin ≥ vmax, image size out of range, unknown extension) and std::runtime_error
// when writing fails.
void render_figure(const PlotData& data, const PlotOptions& options, const std::filesystem::path& out);

// For `map --plot FILE.png` (standard mode): the payload in memory, `name` for error messages.
void render_cache_figure(const io::NpzArchive& cache, const std::string& name, const PlotOptions& options,
                         const std::filesystem::path& out);

}  // namespace lpm::plot
