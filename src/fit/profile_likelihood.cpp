#include "fit/profile_likelihood.hpp"

#include <algorithm>

namespace lpm::fit {

double profile_threshold(double best_sum, int n_valid) {
  return best_sum + best_sum / std::max(n_valid - 3, 1);
}

ProfileInterval profile_interval(const SearchProblem& p, const SearchPoint& best, double u_resolution_v) {
  const double threshold = profile_threshold(best.sum, p.n_valid);
  const SearchBox box = full_search_box();
  return {search_extreme_u(p, box, threshold, best.u_surface_v, true, u_resolution_v),
          search_extreme_u(p, box, threshold, best.u_surface_v, false, u_resolution_v)};
}

std::vector<ProfilePoint> profile_on_grid(const SearchProblem& p, const std::vector<double>& u_grid_v) {
  std::vector<ProfilePoint> profile;
  profile.reserve(u_grid_v.size());
  for (const double u : u_grid_v) {
    SearchBox box = full_search_box();
    box.u_lo = box.u_hi = u;
    const SearchPoint pt = search_minimum(p, box, SearchSettings{}).best;
    profile.push_back({u, pt.sum, pt.bs_over_bm, pt.beam_amp});
  }
  return profile;
}

}  // namespace lpm::fit
