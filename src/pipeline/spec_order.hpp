#pragma once
// The order of a run's results (P§5.5): ascending spec_no, each number once.

#include <vector>

#include "pipeline/spectrum_result.hpp"

namespace lpm::pipeline {

// Sorts results by spec_no (stable) and checks that no spec_no repeats. Throws
// std::runtime_error on a violation (so a bad file is never written).
void sort_and_check(std::vector<SpectrumResult>& results);

}  // namespace lpm::pipeline
