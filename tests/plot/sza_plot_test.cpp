// `plot --kind sza`: the median line passes through each bin's hand-computed median, the
// p25–p75 band lies around it, an empty bin leaves a gap; a stats file is one series.
#include <cmath>

#include <gtest/gtest.h>

#include "lsan_fontconfig.hpp"
#include "plot/render.hpp"
#include "plot/sza_plot.hpp"
#include "png_pixels.hpp"
#include "product/netcdf_writer.hpp"
#include "synthetic_cache.hpp"
#include "test_support.hpp"

namespace lpm::plot {
namespace {

// Day: SZA bin 0–5° {−20 V}, 5–10° empty, 10–15° {−20 V}; 20–25° {4, 6, 7, 10, 30}: median 7,
// p25 6, p75 10 (numpy's linear rule at positions 1 and 3); 25–30° {12, 14, 40}: median 14,
// p25 13, p75 27 (positions 0.5 and 1.5). Night: 120–125° {−60, −50, −40}: median −50.
std::vector<test::KnownSpectrum> known_profile() {
  std::vector<test::KnownSpectrum> out;
  auto add = [&](double sza, double u, bool sun) {
    test::KnownSpectrum k{0.0, 0.0, u, sun, "1998-06-01T00:00:00"};
    k.solar_zenith_deg = sza;
    out.push_back(k);
  };
  add(2, -20, true), add(12, -20, true);
  add(21, 4, true), add(22, 6, true), add(23, 7, true), add(24, 10, true), add(22.5, 30, true);
  add(26, 12, true), add(27, 14, true), add(28, 40, true);
  add(121, -60, false), add(122, -50, false), add(124, -40, false);
  return out;
}

PlotOptions fixed_axis() {
  PlotOptions options;
  options.kind = PlotKind::sza;
  options.vmin = -100;
  options.vmax = 100;
  return options;
}

Rgb pixel(const test::PngImage& png, const Panel& panel, double sza, double u) {
  return png.at(static_cast<int>(std::floor(panel.x_px(sza))), static_cast<int>(std::floor(panel.y_px(u))));
}

// `colour` at `alpha` over white, as the band is drawn.
Rgb over_white(Rgb colour, double alpha) {
  auto mix = [alpha](unsigned char c) { return static_cast<unsigned char>(std::lround(255 + alpha * (c - 255))); };
  return {mix(colour.r), mix(colour.g), mix(colour.b)};
}

TEST(SzaPlot, MedianLineBandAndGapsFromACache) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(known_profile()));
  const PlotOptions options = fixed_axis();
  render_figure(load_plot_data({dir.path() / "cache.npz"}), options, dir.path() / "sza.png");
  const test::PngImage png(dir.path() / "sza.png");
  const Panel panel = sza_panel(options, {-100, 100});

  EXPECT_EQ(pixel(png, panel, 22.5, 7), sunlit_colour);
  EXPECT_EQ(pixel(png, panel, 27.5, 14), sunlit_colour);
  EXPECT_EQ(pixel(png, panel, 122.5, -50), dark_colour);
  EXPECT_EQ(pixel(png, panel, 2.5, -20), sunlit_colour);
  // The empty 5–10° bin: nothing drawn where a line from 2.5° to 12.5° would pass.
  EXPECT_EQ(pixel(png, panel, 7.5, -20), (Rgb{255, 255, 255}));
  // Between 22.5° and 27.5° the band spans p25 9.5 V .. p75 18.5 V and the median is at 10.5 V.
  const Rgb band = pixel(png, panel, 25, 15), expected = over_white(sunlit_colour, 0.25);
  EXPECT_NEAR(band.r, expected.r, 2);
  EXPECT_NEAR(band.g, expected.g, 2);
  EXPECT_NEAR(band.b, expected.b, 2);
  EXPECT_EQ(pixel(png, panel, 25, 30), (Rgb{255, 255, 255}));  // above the band
}

TEST(SzaPlot, IlluminationKeepsOneSeries) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(known_profile()));
  PlotOptions options = fixed_axis();
  options.illumination = Illumination::night;
  const auto series = sza_series(load_plot_data({dir.path() / "cache.npz"}), options);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].illumination, Illumination::night);
  const auto& bin = series[0].table.quantities[0].bins[24];  // 120–125°
  EXPECT_EQ(bin.count, 3u);
  EXPECT_DOUBLE_EQ(bin.median, -50.0);
  EXPECT_DOUBLE_EQ(bin.p25, -55.0);
  EXPECT_DOUBLE_EQ(bin.p75, -45.0);
}

TEST(SzaPlot, StatsFileIsOneSeriesNamedByItsSettings) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(known_profile()));
  const PlotData data = load_plot_data({dir.path() / "cache.npz"});
  product::StatsOptions stats;
  stats.by = product::StatsBy::sza;
  stats.illumination = Illumination::night;
  const product::StatsTable table = product::compute_stats(data, stats);
  product::write_stats_netcdf((dir.path() / "night.nc").string(), table,
                              {{product::stats_settings_attribute, product::stats_settings_text(stats)}});
  product::write_stats_netcdf((dir.path() / "plain.nc").string(), table, {});

  const StatsFigureData night = load_stats_file(dir.path() / "night.nc");
  EXPECT_EQ(night.illumination, Illumination::night);
  EXPECT_EQ(load_stats_file(dir.path() / "plain.nc").illumination, Illumination::all);  // no settings: all

  const PlotOptions options = fixed_axis();
  render_stats_figure(night, options, dir.path() / "sza.png");
  const test::PngImage png(dir.path() / "sza.png");
  const Panel panel = sza_panel(options, {-100, 100});
  EXPECT_EQ(pixel(png, panel, 122.5, -50), dark_colour);
  EXPECT_EQ(pixel(png, panel, 22.5, 7), (Rgb{255, 255, 255}));  // the day side is not in the file

  PlotOptions grid = options;
  grid.kind = PlotKind::grid;
  EXPECT_THROW(render_stats_figure(night, grid, dir.path() / "grid.png"), std::invalid_argument);
}

TEST(SzaPlot, CachesWithoutSolarZenithAnglesAreRefused) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(test::three_known_points()));
  EXPECT_THROW(render_figure(load_plot_data({dir.path() / "cache.npz"}), fixed_axis(), dir.path() / "sza.png"),
               std::invalid_argument);
}

}  // namespace
}  // namespace lpm::plot
