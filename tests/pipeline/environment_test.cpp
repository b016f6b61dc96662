#include "pipeline/environment.hpp"

#include <cmath>

#include <gtest/gtest.h>

using lpm::pipeline::classify_environment;
using lpm::pipeline::EnvironmentClass;

TEST(EnvironmentClass, ShadowedFootpointIsWakeWhateverTheTemperature) {
  EXPECT_EQ(classify_environment(10.0, false), EnvironmentClass::wake);
  EXPECT_EQ(classify_environment(NAN, false), EnvironmentClass::wake);
}
TEST(EnvironmentClass, BandsAreHalfOpenAtThirtyEightyAndOneHundredFifty) {
  EXPECT_EQ(classify_environment(29.999, true), EnvironmentClass::solar_wind);
  EXPECT_EQ(classify_environment(30.0, true), EnvironmentClass::magnetosheath);
  EXPECT_EQ(classify_environment(80.0, true), EnvironmentClass::tail_lobes);
  EXPECT_EQ(classify_environment(150.0, true), EnvironmentClass::plasma_sheet);
}
TEST(EnvironmentClass, UnknownTemperatureInSunlightIsUnknown) {
  EXPECT_EQ(classify_environment(NAN, true), EnvironmentClass::unknown);
  EXPECT_EQ(classify_environment(0.0, true), EnvironmentClass::unknown);
}
