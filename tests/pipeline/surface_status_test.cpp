// Why a spectrum has no surface potential: each precondition gives the README's status code.
#include "pipeline/surface_status.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace lpm::pipeline {
namespace {

using fit::FitStatus;

SurfacePreconditions all_met() { return {true, false, true, 5.0, false}; }

TEST(SurfaceStatus, AllPreconditionsMetGoOnToTheLossCone) { EXPECT_FALSE(surface_precondition_status(all_met())); }

TEST(SurfaceStatus, NoConnectedRowIsNotConnectedWhenTheGeometryIsFine) {
  auto p = all_met();
  p.any_row_connected = false;
  EXPECT_EQ(surface_precondition_status(p), FitStatus::not_connected);
}

TEST(SurfaceStatus, NoConnectedRowIsGeometryInvalidWhenARowFailed) {
  auto p = all_met();
  p.any_row_connected = false;
  p.any_row_geometry_failed = true;
  EXPECT_EQ(surface_precondition_status(p), FitStatus::geometry_invalid);
}

// A spectrum that straddles the end of SPK coverage: its covered rows alone would give another U.
TEST(SurfaceStatus, ConnectedRowsBesideARowWithoutGeometryAreGeometryInvalid) {
  auto p = all_met();
  p.any_row_geometry_failed = true;
  EXPECT_EQ(surface_precondition_status(p), FitStatus::geometry_invalid);
}

TEST(SurfaceStatus, NoPlasmaFitIsKappaFitFailed) {
  auto p = all_met();
  p.plasma_fitted = false;
  EXPECT_EQ(surface_precondition_status(p), FitStatus::kappa_fit_failed);
}

TEST(SurfaceStatus, MissingSpacecraftPotentialIsUscFailed) {
  auto p = all_met();
  p.u_spacecraft_v = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(surface_precondition_status(p), FitStatus::u_sc_failed);
}

// A sunlit U_sc at 0 or 150 V is the photoemission curve's edge, not a measurement: never fitted.
TEST(SurfaceStatus, SpacecraftPotentialAtTheDayLimitIsNotFitted) {
  auto p = all_met();
  p.u_spacecraft_v = 150.0;
  p.u_spacecraft_at_limit = true;
  EXPECT_EQ(surface_precondition_status(p), FitStatus::u_sc_at_limit);
}

}  // namespace
}  // namespace lpm::pipeline
