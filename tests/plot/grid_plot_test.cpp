// `plot --kind grid`: each cell in the colour of its hand-computed median, empty cells the
// Moon's grey, sparse cells hatched; the same picture from a cache and from its stats file.
#include <cmath>

#include <gtest/gtest.h>

#include "lsan_fontconfig.hpp"
#include "plot/grid_plot.hpp"
#include "plot/render.hpp"
#include "png_pixels.hpp"
#include "product/netcdf_writer.hpp"
#include "synthetic_cache.hpp"
#include "test_support.hpp"

namespace lpm::plot {
namespace {

// 10° cells with known spectra. Medians by hand: A = median{−120, −80, −30, 10, 200} = −30 V
// (5 spectra), C = median{−200, −10, 5} = −10 V (3: just well sampled), B = median{50, 70} = 60 V
// (2: sparse). Default colour range: the 98th percentile of the medians {−30, −10, 60} is
// −10 + 0.96·70 = 57.2 V, rounded up to ±100 V.
std::vector<test::KnownSpectrum> known_cells() {
  std::vector<test::KnownSpectrum> out;
  auto add = [&](double lat, double lon, double u, bool sun) {
    out.push_back({lat, lon, u, sun, "1998-06-01T00:00:00"});
  };
  add(12, 41, -120, true), add(15, 45, -80, false), add(18, 49, -30, true), add(11, 42, 10, true),
      add(19, 48, 200, false);
  add(-15, -75, -200, true), add(-12, -72, -10, true), add(-18, -78, 5, true);
  add(-35, 105, 50, true), add(-32, 108, 70, false);
  return out;
}
constexpr ValueRange hand_range{-100, 100};

struct CellPixels {
  int x0, y0, x1, y1;  // interior, 2 px inside the cell's edges
};
CellPixels interior(const MapLayout& layout, double lat_low, double lon_low, double deg) {
  const auto top_left = map_pixel(layout, lat_low + deg, lon_low);
  const auto bottom_right = map_pixel(layout, lat_low, lon_low + deg);
  return {static_cast<int>(std::ceil(top_left->first)) + 2, static_cast<int>(std::ceil(top_left->second)) + 2,
          static_cast<int>(std::floor(bottom_right->first)) - 2,
          static_cast<int>(std::floor(bottom_right->second)) - 2};
}

// How many interior pixels of the cell have `colour`, and how many are much darker than it (hatch).
std::pair<int, int> count_pixels(const test::PngImage& png, const CellPixels& cell, Rgb colour) {
  int same = 0, dark = 0;
  for (int y = cell.y0; y <= cell.y1; ++y)
    for (int x = cell.x0; x <= cell.x1; ++x) {
      const Rgb p = png.at(x, y);
      same += p == colour;
      dark += p.r + p.g + p.b + 150 < colour.r + colour.g + colour.b;
    }
  return {same, dark};
}

int area(const CellPixels& c) { return (c.x1 - c.x0 + 1) * (c.y1 - c.y0 + 1); }

TEST(GridPlot, CellsShowTheirMedianEmptyCellsAreGreySparseCellsHatched) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(known_cells()));
  PlotOptions options;
  options.kind = PlotKind::grid;
  render_figure(load_plot_data({dir.path() / "cache.npz"}), options, dir.path() / "grid.png");
  const test::PngImage png(dir.path() / "grid.png");
  const MapLayout layout = map_layout(options);

  const CellPixels a = interior(layout, 10, 40, 10), c = interior(layout, -20, -80, 10);
  EXPECT_EQ(count_pixels(png, a, diverging_colour(-30, hand_range)).first, area(a));
  EXPECT_EQ(count_pixels(png, c, diverging_colour(-10, hand_range)).first, area(c));

  const CellPixels b = interior(layout, -40, 100, 10);
  const auto [fill, hatch] = count_pixels(png, b, diverging_colour(60, hand_range));
  EXPECT_GT(fill, area(b) / 3) << "sparse cell coloured by its median";
  EXPECT_GT(hatch, area(b) / 20) << "sparse cell hatched";

  const CellPixels empty = interior(layout, 40, -140, 10);
  EXPECT_EQ(count_pixels(png, empty, moon_grey).first, area(empty));
  EXPECT_NE(moon_grey, diverging_colour(-30, hand_range));
}

TEST(GridPlot, SampledCountClassesFollowTheNamedThreshold) {
  EXPECT_EQ(cell_sampling(0), CellSampling::empty);
  EXPECT_EQ(cell_sampling(well_sampled_spectra - 1), CellSampling::sparse);
  EXPECT_EQ(cell_sampling(well_sampled_spectra), CellSampling::well_sampled);
}

TEST(GridPlot, IlluminationAndCellSizeSelectTheTable) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(known_cells()));
  const PlotData data = load_plot_data({dir.path() / "cache.npz"});
  PlotOptions options;
  options.kind = PlotKind::grid;
  options.illumination = Illumination::night;
  options.grid_deg = 30;
  const product::StatsTable table = grid_stats(data, options);
  ASSERT_EQ(table.axes.size(), 2u);
  EXPECT_EQ(table.axes[0].size(), 6u);
  EXPECT_EQ(table.axes[1].size(), 12u);
  std::size_t counted = 0;
  for (const auto& bin : table.quantities[0].bins) counted += bin.count;
  EXPECT_EQ(counted, 3u);  // the three dark footpoints
  // Cell lat 0..30, lon 30..60 (row 3, column 7): the two dark spectra of A, median (−80 + 200)/2.
  EXPECT_EQ(table.quantities[0].bins[3 * 12 + 7].count, 2u);
  EXPECT_DOUBLE_EQ(table.quantities[0].bins[3 * 12 + 7].median, 60.0);

  options.grid_deg = 7;
  EXPECT_THROW(render_figure(data, options, dir.path() / "bad.png"), std::invalid_argument);
  options.grid_deg = 10;
  options.orthographic = GlobeCentre{0, 0};
  EXPECT_THROW(render_figure(data, options, dir.path() / "globe.png"), std::invalid_argument);
}

TEST(GridPlot, StatsFileDrawsTheSamePictureAsItsCacheByteForByte) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(known_cells()));
  const PlotData data = load_plot_data({dir.path() / "cache.npz"});
  for (Illumination side : {Illumination::all, Illumination::day}) {
    PlotOptions options;
    options.kind = PlotKind::grid;
    options.illumination = side;
    product::StatsOptions stats;
    stats.illumination = side;
    product::write_stats_netcdf((dir.path() / "grid.nc").string(), product::compute_stats(data, stats),
                                {{product::stats_settings_attribute, product::stats_settings_text(stats)}});
    render_figure(data, options, dir.path() / "from_cache.png");

    const StatsFigureData file = load_stats_file(dir.path() / "grid.nc");
    EXPECT_EQ(file.illumination, side);
    PlotOptions file_options;
    file_options.kind = PlotKind::grid;
    render_stats_figure(file, file_options, dir.path() / "from_file.png");
    const std::string from_cache = test::read_bytes(dir.path() / "from_cache.png");
    EXPECT_GT(from_cache.size(), 1000u);
    EXPECT_TRUE(from_cache == test::read_bytes(dir.path() / "from_file.png")) << product::to_string(side);

    file_options.kind = PlotKind::sza;  // a grid file is no profile
    EXPECT_THROW(render_stats_figure(file, file_options, dir.path() / "sza.png"), std::invalid_argument);
  }
}

}  // namespace
}  // namespace lpm::plot
