// The Poisson deviance of a count with a small beam added to the expected count
// (fit/detail/losscone_search_internal.hpp): written from its value without the beam, it must equal
// the deviance 2[μ − n + n ln(n/μ)] (Cash 1979) evaluated directly at μ = μ0 + e, on both sides of
// the series' switch-over (e/μ0 = 1e-4), for counts of 0, 1 and many.

#include <gtest/gtest.h>

#include <cmath>

#include "fit/detail/losscone_search_internal.hpp"

namespace lpm::fit::detail {
namespace {

double direct_deviance(double n, double mu) { return n > 0.0 ? 2.0 * (mu - n + n * std::log(n / mu)) : 2.0 * mu; }

TEST(PoissonDeviance, WithABeamEqualsTheDevianceAtTheSummedExpectation) {
  for (const double n : {0.0, 1.0, 7.0, 2500.0})
    for (const double mu0 : {0.05, 3.0, 900.0})
      for (const double t : {1e-14, 3e-9, 2e-8, 3e-5, 9.99e-5, 1e-4, 2e-4, 0.3, 4.0}) {
        const double e = t * mu0;
        const double d0 = direct_deviance(n, mu0);
        const double expected = direct_deviance(n, mu0 + e);
        EXPECT_NEAR(poisson_deviance_with_beam(n, mu0, d0, e), expected, 1e-12 * (1.0 + std::abs(expected)))
            << "n " << n << " mu0 " << mu0 << " t " << t;
      }
}

}  // namespace
}  // namespace lpm::fit::detail
