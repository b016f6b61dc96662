#pragma once
// What the pictures need from one or more potential caches: the cache reader's spectra
// (product/cache_reader.hpp, one entry per spectrum at its footpoint row) and their times.

#include <filesystem>
#include <string>
#include <vector>

#include "io/npz.hpp"
#include "product/cache_reader.hpp"
#include "product/illumination.hpp"

namespace lpm::plot {

using product::Illumination;

// Legend text of an environment class: "solar wind", ..., "wake".
std::string environment_label(pipeline::EnvironmentClass environment);

struct PlotData : product::CacheSpectra {
  std::vector<double> time_s;  // UTC seconds since 1970 of the footpoint row (NaN: unreadable)

  // Earliest and latest finite time_s; false when there is none.
  bool time_span(double& first_s, double& last_s) const;
};

// Appends the spectra of `cache` (called `name` in error messages); errors as
// product::append_cache.
void append_cache(PlotData& data, const io::NpzArchive& cache, const std::string& name);

PlotData plot_data_from_cache(const io::NpzArchive& cache, const std::string& name);

// Reads and concatenates the caches in the order given; errors name the file.
PlotData load_plot_data(const std::vector<std::filesystem::path>& caches);

// The spectra with a sunlit (day) or dark (night) footpoint; `all` returns a copy.
PlotData filter_by_illumination(const PlotData& data, Illumination illumination);

}  // namespace lpm::plot
