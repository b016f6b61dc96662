#pragma once
// The one rule that picks the row standing for a spectrum on maps and in day/night splits: its
// first row with a finite footpoint (latitude and longitude), else its first row. A row whose
// field line misses the Moon has no footpoint, so its illumination says nothing.

#include <cstddef>
#include <span>

#include "pipeline/spectrum_result.hpp"

namespace lpm::product {

// Index into the spectrum's rows, given their footpoint latitudes and longitudes (same length).
std::size_t footpoint_row(std::span<const double> latitude_deg, std::span<const double> longitude_deg);

const pipeline::RowResult& footpoint_row(const pipeline::SpectrumResult& spectrum);

}  // namespace lpm::product
