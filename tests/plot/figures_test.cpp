// Histogram and time-series figures, colour scale helpers, cache reading errors.
#include <cmath>

#include <gtest/gtest.h>

#include "lsan_fontconfig.hpp"
#include "plot/colour_scale.hpp"
#include "plot/hist_plot.hpp"
#include "plot/render.hpp"
#include "plot/utc_time.hpp"
#include "png_pixels.hpp"
#include "synthetic_cache.hpp"
#include "test_support.hpp"

namespace lpm::plot {
namespace {

void render_kind(PlotKind kind, bool optional_keys, int width, int height) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(test::three_known_points(), optional_keys));
  PlotOptions options;
  options.kind = kind;
  options.width = width;
  options.height = height;
  render_figure(load_plot_data({dir.path() / "cache.npz"}), options, dir.path() / "figure.png");
  test::PngImage png(dir.path() / "figure.png");
  EXPECT_EQ(png.width(), width);
  EXPECT_EQ(png.height(), height);
  EXPECT_EQ(test::folder_names(dir.path()).size(), 2u);  // cache and figure; no temp file left behind
}

TEST(PlotFigures, HistogramRendersAtTheRequestedSize) { render_kind(PlotKind::hist, true, 1600, 900); }
TEST(PlotFigures, TimeSeriesRendersAtTheRequestedSize) { render_kind(PlotKind::timeseries, true, 1200, 700); }
TEST(PlotFigures, ReferenceCachesWithoutOptionalKeysStillRender) {
  render_kind(PlotKind::timeseries, false, 1600, 900);
  render_kind(PlotKind::hist, false, 1600, 900);
  render_kind(PlotKind::map, false, 1600, 900);
}

TEST(PlotFigures, EmptyCacheRendersEveryKind) {
  for (PlotKind kind : {PlotKind::map, PlotKind::hist, PlotKind::timeseries}) {
    test::TempDir dir;
    PlotOptions options;
    options.kind = kind;
    render_figure(PlotData{}, options, dir.path() / "empty.png");
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "empty.png"));
  }
}

TEST(PlotFigures, MissingRequiredKeyNamesFileAndKey) {
  test::TempDir dir;
  io::NpzArchive full = test::synthetic_cache(test::three_known_points());
  io::NpzArchive partial;
  for (const auto& [key, array] : full.entries())
    if (key != "rows_projected_potential") partial.add(key, array);
  const auto path = dir.path() / "partial.npz";
  io::write_npz(path, partial);
  try {
    load_plot_data({path});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("partial.npz"), std::string::npos) << what;
    EXPECT_NE(what.find("rows_projected_potential"), std::string::npos) << what;
  }
}

TEST(PlotFigures, WrongLengthArrayIsAnError) {
  io::NpzArchive full = test::synthetic_cache(test::three_known_points());
  io::NpzArchive bad;
  for (const auto& [key, array] : full.entries())
    bad.add(key, key == "rows_projection_latitude" ? io::make_f8({1.0}) : array);
  EXPECT_THROW(plot_data_from_cache(bad, "bad.npz"), std::runtime_error);
}

TEST(PlotFigures, UnwritableOutputIsAnErrorNamingThePath) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "taken.png");  // a folder where the file should go
  try {
    render_figure(PlotData{}, {}, dir.path() / "taken.png");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("taken.png"), std::string::npos) << e.what();
  }
}

TEST(PlotColourScale, ZeroIsWhiteAndEndsAreTheDarkestColoursEvenWhenAsymmetric) {
  const ValueRange asymmetric{-500, 20};
  EXPECT_EQ(diverging_colour(0, asymmetric), (Rgb{0xf7, 0xf7, 0xf7}));
  EXPECT_EQ(diverging_colour(-500, asymmetric), (Rgb{0x05, 0x30, 0x61}));
  EXPECT_EQ(diverging_colour(20, asymmetric), (Rgb{0x67, 0x00, 0x1f}));
  EXPECT_EQ(diverging_colour(1e6, asymmetric), diverging_colour(20, asymmetric));  // clamped
  EXPECT_DOUBLE_EQ(scale_position(-250, asymmetric), 0.25);
  EXPECT_DOUBLE_EQ(scale_position(10, asymmetric), 0.75);
}

TEST(PlotColourScale, NiceNumbersAndTicks) {
  EXPECT_DOUBLE_EQ(nice_ceiling(430), 500);
  EXPECT_DOUBLE_EQ(nice_ceiling(21), 25);
  EXPECT_DOUBLE_EQ(nice_ceiling(1.0), 1.0);
  EXPECT_EQ(nice_ticks({-500, 500}, 5), (std::vector<double>{-400, -200, 0, 200, 400}));
  auto bar = colour_bar_ticks({-500, 20});
  EXPECT_NE(std::find(bar.begin(), bar.end(), 0.0), bar.end());
  EXPECT_NE(std::find(bar.begin(), bar.end(), 20.0), bar.end());
  EXPECT_NE(std::find(bar.begin(), bar.end(), -500.0), bar.end());
}

TEST(PlotColourScale, RobustRangeIgnoresOutliersAndNaN) {
  std::vector<double> values(1000, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = -50.0 + 0.1 * static_cast<double>(i);
  values[0] = -1e6;
  values.push_back(std::nan(""));
  ValueRange r = robust_symmetric_range(values);
  EXPECT_DOUBLE_EQ(r.max, 50.0);
  EXPECT_DOUBLE_EQ(r.min, -50.0);
}

TEST(PlotHistogram, CountsEachFiniteValueInsideTheRangeOnce) {
  auto counts = histogram({-1.0, -0.5, 0.0, 0.99, 1.0, 2.0, std::nan("")}, {-1.0, 1.0}, 4);
  EXPECT_EQ(counts, (std::vector<double>{1, 1, 1, 2}));
}

TEST(PlotTime, UtcStringsRoundTripThroughDays) {
  EXPECT_DOUBLE_EQ(parse_utc_seconds("1970-01-01T00:00:00"), 0.0);
  EXPECT_DOUBLE_EQ(parse_utc_seconds("1998-06-08T00:27:41"), 897265661.0);
  EXPECT_DOUBLE_EQ(parse_utc_seconds("1999-03-01T12:00:00.5"), 920289600.5);
  EXPECT_TRUE(std::isnan(parse_utc_seconds("not a date")));
  EXPECT_TRUE(std::isnan(parse_utc_seconds("1998-13-01T00:00:00")));
  EXPECT_EQ(format_date(897265661.0), "1998-06-08");
  EXPECT_EQ(format_date_minutes(897265661.0), "1998-06-08 00:27");
}

}  // namespace
}  // namespace lpm::plot
