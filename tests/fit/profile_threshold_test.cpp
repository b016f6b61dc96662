// The loss-cone U_surface interval threshold (issue 17, mutant fit-profile-threshold): docs/method.md
// §3 and P§4 define the interval as every U whose profile χ² lies within χ²_min/(n_valid − 3) of
// the minimum (Δχ²_red = 1 per degree of freedom, three fitted parameters). Values by hand.
#include "fit/profile_likelihood.hpp"

#include <gtest/gtest.h>

namespace lpm::fit {
namespace {

TEST(ProfileThreshold, IsTheMinimumPlusTheMinimumPerDegreeOfFreedom) {
  EXPECT_DOUBLE_EQ(profile_threshold(120.0, 27), 125.0);  // 120 + 120/24
  EXPECT_DOUBLE_EQ(profile_threshold(8.5, 20), 9.0);      // 8.5 + 8.5/17
  EXPECT_DOUBLE_EQ(profile_threshold(0.0, 50), 0.0);      // a perfect fit: the interval is the zero set
}

}  // namespace
}  // namespace lpm::fit
