#pragma once
// Which U_sc candidates' loss-cone fits must be completed (profile interval and certificate,
// fit::complete_losscone_minimum) to choose among them as if every one were
// (pipeline/spectrum_processing.cpp, choose_candidate_by_loss_cone). The choice keeps the
// lowest χ² per degree of freedom and every candidate within fit::profile_threshold of it; a
// candidate whose box search already bounds its χ² per degree of freedom above that threshold
// can be neither, and its completion is skipped.

#include <cstddef>
#include <functional>
#include <vector>

namespace lpm::pipeline {

struct CandidateBounds {
  double upper_per_bin = 0.0;  // the box search's minimum per degree of freedom (the order)
  double lower_per_bin = 0.0;  // fit::lower_bound_per_bin
  int n_valid = 0;
};

// Completes candidates from the lowest upper_per_bin up (ties: lower index first) by
// complete(k), which returns the completed χ² per degree of freedom, or NaN where the fit has
// no surface value. A candidate is skipped when its lower_per_bin lies above
// profile_threshold(the lowest completed value so far, the fewest n_valid of all candidates):
// the threshold of the final choice, best + best/max(n_best − 3, 1), is at most that (best can
// only be lower, n_best not fewer). Returns the indices completed with a value, ascending.
std::vector<std::size_t> complete_needed_candidates(const std::vector<CandidateBounds>& bounds,
                                                    const std::function<double(std::size_t)>& complete);

}  // namespace lpm::pipeline
