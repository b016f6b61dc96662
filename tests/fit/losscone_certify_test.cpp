// The certificate (fit/losscone_certify.hpp) started from a point that is not on the lowest
// plateau: it must find the lower plateau, and without refining every loosely bounded
// rectangle down to the resolution first.

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "fit/losscone_certify.hpp"
#include "fit/losscone_fitter.hpp"
#include "fit/profile_likelihood.hpp"
#include "losscone_oracles.hpp"

namespace lpm::fit {
namespace {

// Spectrum 62 of the speed benchmark's set (seed 5, default family): truth U −842 V, U_sc −31 V,
// beam 2.0. The box search stops on a plateau at S = 110.306 (U ≈ −943 V); the profile is
// 109.603 on −885…−806 V, 60 V away. Before the wide rectangles had their centre tried, the
// certificate spent its whole cap of 20 000 rectangles (35 ms) and kept the higher point.
TEST(LossConeCertificate, FindsALowerPlateauFarFromTheStartWithinAFewRectangles) {
  std::mt19937_64 rng(5);
  std::vector<test::SimulatedSpectrum> sims;
  for (int k = 0; k <= 62; ++k) sims.push_back(test::simulate_spectrum(rng));
  const LossConeData data = prepare_losscone_data(sims[62].input, LossConeMethod::halekas);
  const SearchProblem p = prepare_search(LossConeMethod::halekas, data);
  const SearchPoint start = search_minimum(p, full_search_box(), {}).best;
  const ProfileInterval interval = profile_interval(p, start, 0.5);
  // The lower plateau, by an independent scan of the profile on a 1 V grid.
  double lowest = start.sum;
  for (double u = interval.u_lower_v; u <= interval.u_upper_v; u += 1.0)
    lowest = std::min(lowest, profile_point(p, u, true).sum);
  ASSERT_LT(lowest, start.sum - 0.5) << "the spectrum no longer shows the case";

  const CertifiedMinimum c = certify_minimum(p, start, interval.u_lower_v, interval.u_upper_v);
  EXPECT_LE(c.best.sum, lowest + 1e-9 * lowest);
  EXPECT_LT(c.rectangles, 200);
  EXPECT_EQ(c.unresolved, 0);
}

}  // namespace
}  // namespace lpm::fit
