// The kinetic sweep (fit/losscone_kinetic_sweep.hpp) against an independent exact enumeration:
// without the beam S(U, ·) can only change where two breakpoints of different rows cross
// (s_a k_b(U) = s_b k_a(U)) or a breakpoint passes an end of the r range, so the profile at the
// midpoints between every such U of the interval (each found by solving its equation, no
// kinetic bookkeeping) holds the interval's exact minimum.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "fit/losscone_certify.hpp"
#include "fit/losscone_fitter.hpp"
#include "fit/losscone_kinetic_sweep.hpp"
#include "losscone_oracles.hpp"

namespace lpm::fit {
namespace {

// Every U in (u_lo, u_hi) where the set of configurations can change, ascending.
std::vector<double> critical_u(const SearchProblem& p, double u_lo, double u_hi) {
  std::vector<double> u{u_lo, u_hi};
  auto add = [&](double x) {
    if (x > u_lo && x < u_hi) u.push_back(x);
  };
  for (std::size_t a = 0; a < p.rows.size(); ++a) {
    const SearchRow& ra = p.rows[a];
    for (const double s : ra.s_all) {
      if (!(s < 1.0)) continue;
      // s / k(U) = r_lo or r_hi, k = 1 + U / E_c
      add((s / losscone_bs_over_bm_min - 1.0) / ra.inv_ec);
      add((s / losscone_bs_over_bm_max - 1.0) / ra.inv_ec);
      for (std::size_t b = a + 1; b < p.rows.size(); ++b)
        for (const double t : p.rows[b].s_all) {
          if (!(t < 1.0)) continue;
          // s (1 + U/E_b) = t (1 + U/E_a)
          const double denominator = s * p.rows[b].inv_ec - t * ra.inv_ec;
          if (denominator != 0.0) add((t - s) / denominator);
        }
    }
  }
  std::sort(u.begin(), u.end());
  return u;
}

double exact_minimum(const SearchProblem& p, double u_lo, double u_hi) {
  const std::vector<double> u = critical_u(p, u_lo, u_hi);
  double lowest = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k + 1 < u.size(); ++k)
    if (u[k + 1] > u[k]) lowest = std::min(lowest, minimise_over_r(p, 0.5 * (u[k] + u[k + 1]), 0.0).sum);
  return lowest;
}

// A 3 V interval above U_sc that the beam does not reach (none if the spectrum has none).
bool no_beam_interval(const SearchProblem& p, double u_sc, double& u_lo, double& u_hi) {
  for (u_lo = u_sc + 0.5; u_lo + 3.0 <= losscone_u_surface_max_v; u_lo += 0.5) {
    u_hi = u_lo + 3.0;
    if (!beam_active(p, u_lo, u_hi)) return true;
  }
  return false;
}

// The next spectrum with such an interval, from the default family (U_sc down to −50 V, so the
// interval may lie below 0), the "U above U_sc" one and the 1999 sweep (7 eV floor), in turn.
struct NoBeamCase {
  SearchProblem p;
  double u_lo = 0.0, u_hi = 0.0;
};
NoBeamCase next_no_beam_case(std::mt19937_64& rng) {
  static constexpr std::array<int, 3> families{0, 1, 5};
  for (int draw = 0;; ++draw) {
    const auto sim = test::simulate_spectrum(rng, test::oracle_families()[families[draw % 3]]);
    NoBeamCase c;
    c.p = prepare_search(LossConeMethod::halekas, prepare_losscone_data(sim.input, LossConeMethod::halekas));
    if (!c.p.rows.empty() && no_beam_interval(c.p, sim.input.u_spacecraft_v, c.u_lo, c.u_hi)) return c;
  }
}

TEST(KineticSweep, MinimumWithoutBeamEqualsTheExactEnumerationOfCrossings) {
  std::mt19937_64 rng(23);
  for (int n = 0; n < 12; ++n) {
    const auto [p, u_lo, u_hi] = next_no_beam_case(rng);
    const double exact = exact_minimum(p, u_lo, u_hi);
    ASSERT_TRUE(std::isfinite(exact));

    // Asked for anything below a level above the minimum: the minimum itself, at a real point.
    const NoBeamMinimum found = no_beam_minimum(p, u_lo, u_hi, exact + 1.0, 1'000'000);
    ASSERT_TRUE(found.settled);
    ASSERT_TRUE(found.improved);
    EXPECT_NEAR(found.point.sum, exact, 1e-9 * exact) << "spectrum " << n;
    EXPECT_GE(found.point.u_surface_v, u_lo);
    EXPECT_LE(found.point.u_surface_v, u_hi);
    EXPECT_DOUBLE_EQ(found.point.sum, search_sum(p, found.point.u_surface_v, found.point.bs_over_bm, 0.0));
    EXPECT_GT(found.events, 0);

    // Below the minimum there is nothing: settled, not improved.
    const NoBeamMinimum none = no_beam_minimum(p, u_lo, u_hi, exact - 1e-6 * exact, 1'000'000);
    EXPECT_TRUE(none.settled);
    EXPECT_FALSE(none.improved) << "spectrum " << n << ": " << none.point.sum << " below " << exact;
  }
}

TEST(KineticSweep, StopsUnsettledAtItsEventCapAndWhereTheBeamReaches) {
  std::mt19937_64 rng(23);
  const auto [p, u_lo, u_hi] = next_no_beam_case(rng);
  EXPECT_FALSE(no_beam_minimum(p, u_lo, u_hi, 1e300, 1).settled);
  // The whole U range reaches the beam somewhere (U below U_sc).
  ASSERT_TRUE(beam_active(p, losscone_u_surface_min_v, losscone_u_surface_max_v));
  EXPECT_FALSE(no_beam_minimum(p, losscone_u_surface_min_v, losscone_u_surface_max_v, 1e300, 1'000'000).settled);
}

// The certificate settles a rectangle without beam in one step, where it used to bisect the
// interval into millivolt rectangles (thousands on some June 1998 spectra), and it reaches the
// exact minimum from a start above it.
TEST(LossConeCertificate, SettlesARangeWithoutBeamInOneRectangle) {
  std::mt19937_64 rng(29);
  for (int n = 0; n < 4; ++n) {
    const auto [p, u_lo, u_hi] = next_no_beam_case(rng);
    const double exact = exact_minimum(p, u_lo, u_hi);
    SearchPoint start = minimise_over_r(p, u_hi, 0.0);  // an end of the interval: rarely its minimum
    const CertifiedMinimum c = certify_minimum(p, start, u_lo, u_hi);
    EXPECT_LE(c.best.sum, exact + 1e-9 * exact) << "spectrum " << n;
    EXPECT_EQ(c.unresolved, 0);
    EXPECT_LE(c.rectangles, 1);
  }
}

}  // namespace
}  // namespace lpm::fit
