#pragma once
// `inspect`: a human summary of a potential cache (ours or the Python reference's: same keys).

#include <string>

#include "io/npz.hpp"

namespace lpm::product {

// Keys with dtypes and shapes, counts, fit fraction, U percentiles by footpoint illumination and
// by environment class (both of the footpoint row, as `plot`), time range and metadata. A cache
// that lacks a key the summary needs gets the key list and metadata only.
std::string describe_cache(const io::NpzArchive& cache, const std::string& name);

}  // namespace lpm::product
