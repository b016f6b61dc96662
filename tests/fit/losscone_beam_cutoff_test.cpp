// The search's beam factor (fit/detail/losscone_search_internal.hpp) is physics' beam energy
// factor with one cut-off: 0 exactly where ½z² > 40, the value of physics elsewhere.
#include <gtest/gtest.h>

#include <cmath>

#include "fit/detail/losscone_search_internal.hpp"
#include "physics/losscone_model.hpp"

using namespace lpm;

TEST(LossConeBeamCutoff, ZeroExactlyWhereHalfZSquaredExceedsForty) {
  const double w = losscone_beam_width_ev, u_sc = 10.0, u = -40.0;  // E_b = 50 eV
  const double centre = std::max(u_sc - u, w);
  int cut = 0, kept = 0;
  for (int k = -20000; k <= 20000; ++k) {
    // Energies around the two points where ½z² = 40, stepped finely, and one ulp either side.
    for (const double side : {-1.0, 1.0}) {
      const double e0 = centre + side * std::sqrt(80.0) * w + 1e-12 * k;
      for (const double e : {std::nextafter(e0, -1e9), e0, std::nextafter(e0, 1e9)}) {
        const double z = (e - centre) / w;
        const double g = fit::detail::beam_g(e, u_sc, u);
        if (0.5 * z * z > 40.0) {
          EXPECT_EQ(g, 0.0) << e;
          ++cut;
        } else {
          EXPECT_EQ(g, physics::beam_energy_factor(e, u_sc, u)) << e;
          EXPECT_GT(g, 0.0) << e;
          ++kept;
        }
      }
    }
  }
  EXPECT_GT(cut, 0);
  EXPECT_GT(kept, 0);
}

TEST(LossConeBeamCutoff, RangeEndAboveTheSpacecraftPotentialIsTheBeamAtWidth) {
  // U up to ≥ U_sc: the low end of E_b is w (the limit ΔU → 0⁺).
  const double w = losscone_beam_width_ev, u_sc = 7.0;
  for (const double e : {5.0, 15.0, 30.0, 90.0}) {
    double g_min = 0.0, g_max = 0.0;
    fit::detail::beam_factor_range(e, u_sc, -100.0, 20.0, g_min, g_max);
    EXPECT_EQ(g_min, 0.0);
    const double z = (e - w) / w;
    const double at_width = 0.5 * z * z > 40.0 ? 0.0 : std::exp(-0.5 * z * z);
    const double at_low_u = fit::detail::beam_g(e, u_sc, -100.0);
    const bool peak_inside = e >= w && e <= u_sc + 100.0;
    EXPECT_EQ(g_max, peak_inside ? 1.0 : std::max(at_width, at_low_u)) << e;
  }
}
