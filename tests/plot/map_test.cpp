// The map draws each fitted spectrum's dot at its footpoint in the colour of its U.
#include <cmath>

#include <gtest/gtest.h>

#include "lsan_fontconfig.hpp"
#include "plot/map_plot.hpp"
#include "plot/render.hpp"
#include "png_pixels.hpp"
#include "synthetic_cache.hpp"
#include "test_support.hpp"

namespace lpm::plot {
namespace {

PlotOptions fixed_scale_map() {
  PlotOptions options;
  options.vmin = -500;
  options.vmax = 500;
  return options;
}

// The pixel the dot of (lat, lon) covers, and the dot's colour there.
void expect_dot(const test::PngImage& png, const MapLayout& layout, double lat, double lon, double u,
                const ValueRange& range) {
  auto p = map_pixel(layout, lat, lon);
  ASSERT_TRUE(p) << lat << "," << lon << " not on the map";
  const int x = static_cast<int>(std::floor(p->first)), y = static_cast<int>(std::floor(p->second));
  const Rgb expected = diverging_colour(u, range);
  for (auto [dx, dy] : {std::pair{0, 0}, {1, 0}, {-1, 0}, {0, 1}, {0, -1}})
    EXPECT_EQ(png.at(x + dx, y + dy), expected)
        << "dot of U=" << u << " V at " << lat << "," << lon << " (pixel " << x + dx << "," << y + dy << ")";
}

TEST(PlotMap, DrawsEachKnownPointInItsScaleColourAtItsFootpoint) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(test::three_known_points()));
  const PlotOptions options = fixed_scale_map();
  render_figure(load_plot_data({dir.path() / "cache.npz"}), options, dir.path() / "map.png");

  test::PngImage png(dir.path() / "map.png");
  EXPECT_EQ(png.width(), 1600);
  EXPECT_EQ(png.height(), 900);
  const MapLayout layout = map_layout(options);
  for (const auto& k : test::three_known_points())
    expect_dot(png, layout, k.latitude_deg, k.longitude_deg, k.u_surface_v, {-500, 500});
  // −500 V is the darkest blue end of the scale, 0 V near white.
  EXPECT_EQ(diverging_colour(-500, {-500, 500}), (Rgb{0x05, 0x30, 0x61}));
  EXPECT_EQ(diverging_colour(0, {-500, 500}), (Rgb{0xf7, 0xf7, 0xf7}));
}

TEST(PlotMap, EquirectangularCornersAndCentreAreWhereExpected) {
  const MapLayout layout = map_layout({});
  auto centre = map_pixel(layout, 0, 0);
  auto north_west = map_pixel(layout, 90, -180);
  auto south_east = map_pixel(layout, -90, 180);
  ASSERT_TRUE(centre && north_west && south_east);
  EXPECT_DOUBLE_EQ(north_west->first, layout.left);
  EXPECT_DOUBLE_EQ(north_west->second, layout.top);
  EXPECT_DOUBLE_EQ(south_east->first, layout.left + layout.width);
  EXPECT_DOUBLE_EQ(south_east->second, layout.top + layout.height);
  EXPECT_DOUBLE_EQ(centre->first, layout.left + layout.width / 2);
  EXPECT_DOUBLE_EQ(layout.width, 2 * layout.height);
  // Longitudes outside −180..180 wrap.
  EXPECT_DOUBLE_EQ(map_pixel(layout, 10, 270)->first, map_pixel(layout, 10, -90)->first);
}

TEST(PlotMap, OrthographicViewHidesTheFarSideAndDrawsTheNearSide) {
  test::TempDir dir;
  PlotOptions options = fixed_scale_map();
  options.orthographic = GlobeCentre{0.0, 0.0};
  const MapLayout layout = map_layout(options);
  EXPECT_FALSE(map_pixel(layout, -45, -120));  // 120° from the centre: far side
  auto centre = map_pixel(layout, 0, 0);
  ASSERT_TRUE(centre);
  EXPECT_DOUBLE_EQ(centre->first, layout.centre_x());
  EXPECT_DOUBLE_EQ(map_pixel(layout, 0, 90)->first, layout.centre_x() + layout.radius());  // limb

  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(test::three_known_points()));
  render_figure(load_plot_data({dir.path() / "cache.npz"}), options, dir.path() / "globe.png");
  test::PngImage png(dir.path() / "globe.png");
  expect_dot(png, layout, 0, 0, -500, {-500, 500});
}

TEST(PlotMap, IlluminationFilterKeepsOnlyThatSidesDots) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(test::three_known_points()));
  PlotOptions options = fixed_scale_map();
  options.illumination = Illumination::night;
  render_figure(load_plot_data({dir.path() / "cache.npz"}), options, dir.path() / "night.png");
  test::PngImage png(dir.path() / "night.png");
  const MapLayout layout = map_layout(options);
  expect_dot(png, layout, 0, 0, -500, {-500, 500});  // the dark one
  auto sunlit = map_pixel(layout, -45, -120);
  EXPECT_NE(png.at(static_cast<int>(sunlit->first), static_cast<int>(sunlit->second)),
            diverging_colour(15, {-500, 500}));
}

TEST(PlotMap, DefaultColourRangeIsSymmetricAndRound) {
  PlotData data;
  data.u_surface_v = {-480, -20, 3, 12, std::nan("")};
  const ValueRange range = colour_range(data.u_surface_v, {});
  EXPECT_DOUBLE_EQ(range.max, -range.min);
  EXPECT_GE(range.max, 400.0);
  EXPECT_EQ(range.max, nice_ceiling(range.max));
  PlotOptions bad;
  bad.vmin = 10;
  bad.vmax = -10;
  EXPECT_THROW(colour_range(data.u_surface_v, bad), std::invalid_argument);
}

TEST(PlotMap, CachesAreConcatenatedInOrder) {
  test::TempDir dir;
  auto points = test::three_known_points();
  io::write_npz(dir.path() / "a.npz", test::synthetic_cache({points[0], points[1]}));
  io::write_npz(dir.path() / "b.npz", test::synthetic_cache({points[2]}));
  PlotData data = load_plot_data({dir.path() / "a.npz", dir.path() / "b.npz"});
  ASSERT_EQ(data.size(), 3u);
  EXPECT_EQ(data.fitted_count(), 3u);
  EXPECT_DOUBLE_EQ(data.latitude_deg[0], 0.0);  // second row of spectrum 1: the first has no footpoint
  EXPECT_DOUBLE_EQ(data.u_surface_v[2], 15.0);
  EXPECT_DOUBLE_EQ(data.u_lower_v[2], 10.0);
  EXPECT_EQ(data.environment[0], pipeline::EnvironmentClass::wake);
}

}  // namespace
}  // namespace lpm::plot
