#include "pipeline/candidate_settling.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "fit/profile_likelihood.hpp"

namespace lpm::pipeline {

std::vector<std::size_t> complete_needed_candidates(const std::vector<CandidateBounds>& bounds,
                                                    const std::function<double(std::size_t)>& complete) {
  std::vector<std::size_t> order(bounds.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return bounds[a].upper_per_bin < bounds[b].upper_per_bin; });
  int fewest_bins = std::numeric_limits<int>::max();
  for (const CandidateBounds& b : bounds) fewest_bins = std::min(fewest_bins, b.n_valid);
  double lowest = std::numeric_limits<double>::infinity();  // profile_threshold(∞, ·) = ∞: nothing skipped yet
  std::vector<std::size_t> completed;
  for (const std::size_t k : order) {
    if (bounds[k].lower_per_bin > fit::profile_threshold(lowest, fewest_bins)) continue;
    const double per_bin = complete(k);
    if (std::isnan(per_bin)) continue;
    lowest = std::min(lowest, per_bin);
    completed.push_back(k);
  }
  std::sort(completed.begin(), completed.end());
  return completed;
}

}  // namespace lpm::pipeline
