// product/explain: the settings read back from meta_settings, and bad input as ExplainInputError.
#include <gtest/gtest.h>

#include "product/explain.hpp"
#include "test_support.hpp"

namespace {

using lpm::pipeline::FitMethod;
using lpm::pipeline::KappaMethod;
using lpm::pipeline::PipelineSettings;

TEST(ExplainSettings, ReadsBackEverySettingTheCacheWrote) {
  PipelineSettings s;
  s.fit_method = FitMethod::lillis;
  s.kappa_method = KappaMethod::reference;
  s.u_spacecraft_override_v = -12.5;
  s.emit_u_width_qc = true;
  s.u_width_identifiable_max_v = 150.25;
  s.moon_frame = "MOON_PA";
  const PipelineSettings back = lpm::product::settings_from_json(lpm::pipeline::settings_json(s));
  EXPECT_EQ(back.fit_method, FitMethod::lillis);
  EXPECT_EQ(back.kappa_method, KappaMethod::reference);
  ASSERT_TRUE(back.u_spacecraft_override_v.has_value());
  EXPECT_EQ(*back.u_spacecraft_override_v, -12.5);
  EXPECT_TRUE(back.emit_u_width_qc);
  EXPECT_EQ(back.u_width_identifiable_max_v, 150.25);
  EXPECT_EQ(back.moon_frame, "MOON_PA");
}

TEST(ExplainSettings, DefaultsGiveDefaults) {
  const PipelineSettings back = lpm::product::settings_from_json(lpm::pipeline::settings_json({}));
  EXPECT_EQ(back.fit_method, FitMethod::halekas);
  EXPECT_EQ(back.kappa_method, KappaMethod::joint);
  EXPECT_FALSE(back.u_spacecraft_override_v.has_value());
  EXPECT_EQ(back.moon_frame, "IAU_MOON");
}

TEST(ExplainSettings, AnUnknownMethodIsBadInput) {
  EXPECT_THROW(lpm::product::settings_from_json(R"({"kappa_method": "magic"})"), lpm::product::ExplainInputError);
  EXPECT_THROW(lpm::product::settings_from_json(R"({"u_width_identifiable_max_v": abc})"),
               lpm::product::ExplainInputError);
}

TEST(Explain, AMissingCacheIsBadInput) {
  lpm::test::TempDir dir;
  EXPECT_THROW(lpm::product::explain_spectrum({dir.path() / "absent.npz", 1, dir.path()}),
               lpm::product::ExplainInputError);
}

}  // namespace
