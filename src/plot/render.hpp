#pragma once
// The entry points of the plot stage: picture kind → PNG file.

#include <filesystem>
#include <string>

#include "io/npz.hpp"
#include "plot/plot_data.hpp"
#include "plot/plot_options.hpp"

namespace lpm::plot {

// Draws `data` (filtered by options.illumination) as options.kind and writes the PNG
// atomically (temp file beside `out`, then rename). Throws std::invalid_argument for bad
// options (vmin ≥ vmax, image size out of range) and std::runtime_error when writing fails.
void render_png(const PlotData& data, const PlotOptions& options, const std::filesystem::path& out);

// For `map --plot FILE.png` (standard mode): the payload in memory, `name` for error messages.
void render_cache_png(const io::NpzArchive& cache, const std::string& name, const PlotOptions& options,
                      const std::filesystem::path& out);

}  // namespace lpm::plot
