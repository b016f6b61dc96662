// Figures in PNG, PDF and SVG (issue 18 item 3, issue 19): the extension picks the format, an
// unknown one is refused, PDF and SVG are byte-identical on rerun and, rasterised by poppler's
// pdftoppm and librsvg's rsvg-convert (independent renderers), show the same dots in the same
// colours as the PNG.
#include <cmath>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "lsan_fontconfig.hpp"
#include "plot/figure_format.hpp"
#include "plot/map_plot.hpp"
#include "plot/render.hpp"
#include "png_pixels.hpp"
#include "synthetic_cache.hpp"
#include "test_support.hpp"

namespace lpm::plot {
namespace {

namespace fs = std::filesystem;

TEST(FigureFormat, ExtensionNamesTheFormatInAnyCase) {
  EXPECT_EQ(figure_format_of("a/map.png"), FigureFormat::png);
  EXPECT_EQ(figure_format_of("map.PDF"), FigureFormat::pdf);
  EXPECT_EQ(figure_format_of("map.Svg"), FigureFormat::svg);
  EXPECT_FALSE(figure_format_of("map.jpg"));
  EXPECT_FALSE(figure_format_of("map"));
  EXPECT_FALSE(figure_format_of("map.png.tmp"));
}

TEST(FigureFormat, UnknownExtensionIsRefusedNamingTheFileAndWritesNothing) {
  test::TempDir dir;
  try {
    render_figure(PlotData{}, {}, dir.path() / "map.jpg");
    FAIL() << "a .jpg figure was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("map.jpg"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(".pdf"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(test::folder_names(dir.path()).empty());
}

PlotOptions fixed_scale_map() {
  PlotOptions options;
  options.vmin = -500;
  options.vmax = 500;
  return options;
}

// Renders the three known points as `name` in the folder of the cache.
fs::path render_known_points(const test::TempDir& dir, const std::string& name, PlotKind kind = PlotKind::map) {
  if (!fs::exists(dir.path() / "cache.npz"))
    io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(test::three_known_points()));
  PlotOptions options = fixed_scale_map();
  options.kind = kind;
  render_figure(load_plot_data({dir.path() / "cache.npz"}), options, dir.path() / name);
  return dir.path() / name;
}

TEST(FigureFormat, PdfAndSvgOfEveryKindHaveTheirMagic) {
  for (PlotKind kind : {PlotKind::map, PlotKind::hist, PlotKind::timeseries}) {
    test::TempDir dir;
    const std::string pdf = test::read_bytes(render_known_points(dir, "a.pdf", kind));
    const std::string svg = test::read_bytes(render_known_points(dir, "a.svg", kind));
    EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
    EXPECT_EQ(pdf.find("CreationDate"), std::string::npos) << "a creation time makes reruns differ";
    EXPECT_NE(svg.find("<svg"), std::string::npos);
    EXPECT_EQ(test::folder_names(dir.path()).size(), 3u);  // cache + 2 figures; no temp file left
  }
}

// Cairo numbers SVG images per process, so reruns are compared as the user makes them: two runs
// of the program.
TEST(FigureFormat, PlotCommandRerunsPdfAndSvgByteForByte) {
  test::TempDir dir;
  io::write_npz(dir.path() / "cache.npz", test::synthetic_cache(test::three_known_points()));
  for (const std::string name : {"m.pdf", "m.svg"}) {
    std::string first;
    for (int run = 0; run < 2; ++run) {
      const fs::path out = dir.path() / (std::to_string(run) + name);
      auto r = test::run_command(test::binary().string() + " plot -q '" + (dir.path() / "cache.npz").string() +
                                 "' -o '" + out.string() + "'");
      ASSERT_EQ(r.exit_code, 0) << r.output;
      if (run == 0)
        first = test::read_bytes(out);
      else
        EXPECT_EQ(test::read_bytes(out), first) << name;
    }
  }
}

bool has_program(const std::string& name) {
  return test::run_command("command -v " + name + " >/dev/null").exit_code == 0;
}

int channel_distance(Rgb a, Rgb b) { return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)}); }

// The raster of a vector figure shows each dot in its scale colour (renderers may differ by a
// few levels of colour), and differs from the PNG in few pixels (text antialiasing only).
void expect_same_picture_as_png(const fs::path& raster, const fs::path& png_path) {
  test::PngImage image(raster), png(png_path);
  ASSERT_EQ(image.width(), png.width());
  ASSERT_EQ(image.height(), png.height());
  const MapLayout layout = map_layout(fixed_scale_map());
  for (const auto& k : test::three_known_points()) {
    auto p = map_pixel(layout, k.latitude_deg, k.longitude_deg);
    ASSERT_TRUE(p);
    const int x = static_cast<int>(std::floor(p->first)), y = static_cast<int>(std::floor(p->second));
    EXPECT_LE(channel_distance(image.at(x, y), diverging_colour(k.u_surface_v, {-500, 500})), 3)
        << raster.filename() << ": dot of U=" << k.u_surface_v << " V: " << image.at(x, y);
  }
  long differing = 0;
  for (int y = 0; y < png.height(); ++y)
    for (int x = 0; x < png.width(); ++x) differing += channel_distance(image.at(x, y), png.at(x, y)) > 40;
  EXPECT_LT(static_cast<double>(differing) / (png.width() * png.height()), 0.02) << raster.filename();
}

TEST(FigureFormat, PdfRasterisedByPopplerShowsWhatThePngShows) {
  if (!has_program("pdftoppm")) GTEST_SKIP() << "pdftoppm (Debian poppler-utils) is not installed";
  test::TempDir dir;
  const fs::path png = render_known_points(dir, "map.png");
  const fs::path pdf = render_known_points(dir, "map.pdf");
  // 72 dpi: one PDF point per pixel, the size of the PNG.
  auto r = test::run_command("pdftoppm -png -r 72 -singlefile '" + pdf.string() + "' '" +
                             (dir.path() / "from_pdf").string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_picture_as_png(dir.path() / "from_pdf.png", png);
}

TEST(FigureFormat, SvgRasterisedByLibrsvgShowsWhatThePngShows) {
  if (!has_program("rsvg-convert")) GTEST_SKIP() << "rsvg-convert (Debian librsvg2-bin) is not installed";
  test::TempDir dir;
  const fs::path png = render_known_points(dir, "map.png");
  const fs::path svg = render_known_points(dir, "map.svg");
  auto r = test::run_command("rsvg-convert -w 1600 -h 900 -o '" + (dir.path() / "from_svg.png").string() + "' '" +
                             svg.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_same_picture_as_png(dir.path() / "from_svg.png", png);
}

}  // namespace
}  // namespace lpm::plot
