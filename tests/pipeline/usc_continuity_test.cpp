// The U_sc of a spectrum with several self-consistent answers, chosen by its neighbours in time
// (pipeline/usc_continuity.hpp). Expected choices are worked out by hand from the times and
// potentials set up here.
#include "pipeline/usc_continuity.hpp"

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/environment.hpp"

using namespace lpm::pipeline;

namespace {

// A spectrum at `time_s` whose spacecraft is shaded (unless `sunlit`), with one answer u_sc (decided).
SpectrumResult decided(double time_s, double u_sc, bool sunlit = false) {
  SpectrumResult r;
  for (RowResult& row : r.rows) {
    row.time = std::to_string(static_cast<long long>(time_s));
    row.spacecraft_lat_deg = 10.0;
    row.spacecraft_in_sun = sunlit;
    row.projection_in_sun = true;  // a shaded footpoint would be class `wake` whatever T is
  }
  r.u_spacecraft_v = u_sc;
  r.u_spacecraft_candidates = 1;
  return r;
}

// The same with two answers: a cool dense plasma at −120 V (reported first) and a hot thin one
// at +0.2 V; interval the hull of both.
SpectrumResult ambiguous(double time_s) {
  SpectrumResult r = decided(time_s, -120.0);
  r.u_spacecraft_candidates = 2;
  r.u_spacecraft_lower_v = -125.0;
  r.u_spacecraft_upper_v = 0.5;
  r.u_spacecraft_alternatives = {{-120.0, 40.0, 5e6, 3.5}, {0.2, 103.0, 0.3e6, 3.5}};
  r.electron_temperature_ev = 40.0;
  r.electron_density_m3 = 5e6;
  r.kappa = 3.5;
  return r;
}

}  // namespace

TEST(UscContinuity, AmbiguousSpectrumTakesTheCandidateNearestItsNearestDecidedNeighbour) {
  // Neighbours: −118 V 600 s before, +0.1 V 240 s after: the later one is nearer in time.
  std::vector<SpectrumResult> results{decided(1000, -118.0), ambiguous(1600), decided(1840, 0.1)};
  choose_by_neighbours(results);
  const SpectrumResult& r = results[1];
  EXPECT_EQ(r.u_spacecraft_v, 0.2);
  EXPECT_EQ(r.electron_temperature_ev, 103.0);
  EXPECT_EQ(r.electron_density_m3, 0.3e6);
  // The interval and the count still say the spectrum alone cannot choose.
  EXPECT_EQ(r.u_spacecraft_lower_v, -125.0);
  EXPECT_EQ(r.u_spacecraft_upper_v, 0.5);
  EXPECT_EQ(r.u_spacecraft_candidates, 2);
  // The class follows the chosen plasma's temperature: 103 eV is tail lobes (80–150 eV).
  EXPECT_EQ(r.rows[0].environment_class, static_cast<std::int8_t>(EnvironmentClass::tail_lobes));
  // Neighbours are never changed.
  EXPECT_EQ(results[0].u_spacecraft_v, -118.0);
  EXPECT_EQ(results[2].u_spacecraft_v, 0.1);
}

TEST(UscContinuity, EarlierNeighbourWinsATieAndOtherAmbiguousSpectraDoNotCount) {
  std::vector<SpectrumResult> results{decided(1000, -118.0), ambiguous(1100), ambiguous(1300), decided(1600, 0.1)};
  choose_by_neighbours(results);
  EXPECT_EQ(results[1].u_spacecraft_v, -120.0);  // 100 s to −118 V, 500 s to +0.1 V
  EXPECT_EQ(results[2].u_spacecraft_v, -120.0);  // 300 s either side: the earlier
}

TEST(UscContinuity, NoChoiceWithoutADecidedNeighbourInTheSameIlluminationWithinTheGap) {
  const double far = usc_neighbour_max_gap_s + 1.0;
  std::vector<SpectrumResult> results{decided(1000, 0.1), ambiguous(1000 + far), decided(1100 + far, 0.1, true)};
  choose_by_neighbours(results);
  EXPECT_EQ(results[1].u_spacecraft_v, -120.0);  // the fit's own choice stands
  EXPECT_EQ(results[1].electron_temperature_ev, 40.0);
}
