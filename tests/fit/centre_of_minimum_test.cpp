// Where the loss-cone χ² leaves U free over a range (a plateau of the profile at its minimum),
// the reported U is the plateau's centre (issue 16: fits "at exactly −990 V", the range's
// midpoint, where the search met the plateau first). Checked against a 1 V grid of the profile.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "fit/profile_likelihood.hpp"
#include "losscone_oracles.hpp"

namespace lpm::fit {
namespace {

TEST(CentreOfMinimum, AWidePlateauIsReportedAtItsCentre) {
  std::mt19937_64 rng(41);
  int plateaus = 0;
  for (int k = 0; k < 60 && plateaus < 4; ++k) {
    const auto sim = test::simulate_spectrum(rng);
    const LossConeData data = prepare_losscone_data(sim.input, LossConeMethod::lillis);
    if (count_bins(data.mask) < losscone_min_valid_bins) continue;
    const SearchProblem p = prepare_search(LossConeMethod::lillis, data);
    const SearchPoint found = search_minimum(p, full_search_box(), {}).best;
    const SearchPoint centred = centre_of_minimum(p, found, 0.5);
    EXPECT_LE(centred.sum, found.sum + certificate_tolerance(found.sum));
    if (centred.u_surface_v == found.u_surface_v) continue;
    ++plateaus;
    // The plateau on a 1 V grid: every grid U whose profile is at the minimum, contiguous around
    // the centre; the centre must sit in its middle (to the grid step and the interval resolution).
    std::vector<double> grid;
    for (double u = losscone_u_surface_min_v; u <= losscone_u_surface_max_v; u += 1.0) grid.push_back(u);
    const auto profile = profile_on_grid(p, grid);
    const double level = centred.sum + certificate_tolerance(centred.sum);
    const auto at = static_cast<std::size_t>(std::lround(centred.u_surface_v - losscone_u_surface_min_v));
    std::size_t lo = at, hi = at;
    while (lo > 0 && profile[lo - 1].sum <= level) --lo;
    while (hi + 1 < profile.size() && profile[hi + 1].sum <= level) ++hi;
    ASSERT_GT(hi - lo, 10u) << "spectrum " << k << ": the plateau is wider than the ±10 V probes";
    EXPECT_NEAR(centred.u_surface_v, 0.5 * (grid[lo] + grid[hi]), 2.0) << "spectrum " << k;
  }
  EXPECT_GT(plateaus, 0);  // the family has plateaus, so the test checks something
}

}  // namespace
}  // namespace lpm::fit
