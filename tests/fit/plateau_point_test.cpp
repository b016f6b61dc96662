// Where the loss-cone χ² leaves U free over a range (a plateau of the profile at its minimum),
// the reported U is the posterior median on that plateau (issue 16: fits "at exactly −990 V",
// the range's midpoint, or at whichever end of the plateau the search met first). Checked
// against a 1 V grid of the profile: the reported U is on the plateau, away from both its ends,
// and inside its own interval.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "fit/losscone_fitter.hpp"
#include "losscone_oracles.hpp"

namespace lpm::fit {
namespace {

TEST(PlateauPoint, AWidePlateauIsReportedInsideItNotAtAnEnd) {
  std::mt19937_64 rng(41);
  int plateaus = 0;
  for (int k = 0; k < 60 && plateaus < 4; ++k) {
    const auto sim = test::simulate_spectrum(rng);
    LossConeSettings settings;
    settings.method = LossConeMethod::lillis;
    const LossConeFit fit = fit_losscone(sim.input, settings);
    if (fit.status != FitStatus::fitted) continue;
    const LossConeData data = prepare_losscone_data(sim.input, LossConeMethod::lillis);
    const SearchProblem p = prepare_search(LossConeMethod::lillis, data);
    // The plateau on a 1 V grid: every grid U whose profile is at the minimum, contiguous
    // around the reported U.
    std::vector<double> grid;
    for (double u = losscone_u_surface_min_v; u <= losscone_u_surface_max_v; u += 1.0) grid.push_back(u);
    const auto profile = profile_on_grid(p, grid);
    const double at_fit = profile_on_grid(p, {fit.u_surface_v})[0].sum;
    const double level = at_fit + certificate_tolerance(at_fit);
    const auto at = static_cast<std::size_t>(std::lround(fit.u_surface_v - losscone_u_surface_min_v));
    if (profile[at].sum > level) continue;  // a plateau narrower than the grid step
    std::size_t lo = at, hi = at;
    while (lo > 0 && profile[lo - 1].sum <= level) --lo;
    while (hi + 1 < profile.size() && profile[hi + 1].sum <= level) ++hi;
    if (hi - lo < 20) continue;
    ++plateaus;
    const double width = grid[hi] - grid[lo];
    EXPECT_GT(fit.u_surface_v - grid[lo], 0.1 * width) << "spectrum " << k;
    EXPECT_GT(grid[hi] - fit.u_surface_v, 0.1 * width) << "spectrum " << k;
    EXPECT_LE(fit.u_lower_v, fit.u_surface_v);
    EXPECT_GE(fit.u_upper_v, fit.u_surface_v);
  }
  EXPECT_GT(plateaus, 0);  // the family has plateaus, so the test checks something
}

}  // namespace
}  // namespace lpm::fit
