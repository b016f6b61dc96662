#pragma once
// `inspect`: a human summary of a potential cache (ours or the Python reference's: same keys).

#include <filesystem>
#include <string>

#include "io/npz.hpp"

namespace lpm::pipeline {

// Keys with dtypes and shapes, counts, fit fraction, U percentiles by illumination and by
// environment class, time range and metadata. Keys a cache lacks are skipped.
std::string describe_cache(const io::NpzArchive& cache, const std::string& name);

}  // namespace lpm::pipeline
