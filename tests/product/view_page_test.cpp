#include "product/view_page.hpp"

#include <string>
#include <utility>

#include <gtest/gtest.h>

using namespace lpm::product;

TEST(ViewPage, Base64MatchesRfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {{"", ""},
                                                         {"f", "Zg=="},
                                                         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},
                                                         {"foob", "Zm9vYg=="},
                                                         {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"},
                                                         {std::string("\xff\xfe\x00", 3), "//4A"}};
  for (const auto& [bytes, text] : vectors) EXPECT_EQ(base64(bytes), text) << text;
}

TEST(ViewPage, ShellWordQuotesOnlyWhatNeedsIt) {
  const std::pair<std::string, std::string> words[] = {
      {"/data/potential_batch_1998_06.npz", "/data/potential_batch_1998_06.npz"},
      {"my data", "'my data'"},
      {"it's", "'it'\\''s'"},
      {"$HOME", "'$HOME'"},
      {"", "''"}};
  for (const auto& [word, quoted] : words) EXPECT_EQ(shell_word(word), quoted) << word;
}

// spec_no restarts in every batch cache: the cache's name keeps two days' figures apart.
TEST(ViewPage, ExplainFigureNameHoldsTheCacheAndTheSpecNo) {
  EXPECT_EQ(explain_figure_name("/out/potential_batch_1998_06_15.npz", 2846),
            "potential_batch_1998_06_15_spec2846.png");
  EXPECT_NE(explain_figure_name("a/potential_batch_1998_06_15.npz", 1),
            explain_figure_name("a/potential_batch_1998_06_16.npz", 1));
}

// The columns are little-endian typed arrays in base64 (expected texts from Python's base64 and
// struct), texts are base64 UTF-8, and a "</script" inside the library cannot end its element.
TEST(ViewPage, FillsTheTemplateWithTypedArraysAndTheLibrary) {
  ViewInputs in;
  in.spectra.spec_no = {1};
  in.spectra.latitude_deg = {0.0};
  in.spectra.longitude_deg = {0.0};
  in.spectra.u_surface_v = {-2.5};
  for (auto* column :
       {&in.spectra.u_lower_v, &in.spectra.u_upper_v, &in.spectra.u_spacecraft_v, &in.spectra.track_latitude_deg,
        &in.spectra.track_longitude_deg, &in.spectra.solar_zenith_deg, &in.spectra.local_time_h,
        &in.spectra.electron_density_m3, &in.spectra.electron_temperature_ev, &in.spectra.kappa})
    column->assign(1, 0.0);
  in.spectra.utc = {"1998-06-15T00:00:10"};
  in.spectra.in_sun = {1};
  in.spectra.environment = {lpm::pipeline::EnvironmentClass::wake};
  in.spectra.status = {0};
  const std::string page = view_page_html(in, "var lib = '</script>';");
  EXPECT_NE(page.find("\"spec_no\":[\"f8\",\"AAAAAAAA8D8=\"]"), std::string::npos);
  EXPECT_NE(page.find("\"u\":[\"f4\",\"AAAgwA==\"]"), std::string::npos);
  EXPECT_NE(page.find("\"d2FrZQ==\""), std::string::npos);  // "wake" among the region names
  EXPECT_NE(page.find("var lib = '<\\/script>';"), std::string::npos);
  EXPECT_EQ(page.find("/*@LPM_"), std::string::npos);
  EXPECT_EQ(page.find("'</script>'"), std::string::npos);
}

TEST(ViewPage, StatsLayerNeedsAGridTable) {
  StatsTable table;
  table.by = StatsBy::sza;
  EXPECT_THROW(check_stats_layer(table, "sza.nc"), std::invalid_argument);
}
