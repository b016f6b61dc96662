// `potential-mapper plot` on the command line: output file, exit codes, error messages.
#include <gtest/gtest.h>

#include "lsan_fontconfig.hpp"
#include "png_pixels.hpp"
#include "synthetic_cache.hpp"
#include "test_support.hpp"

namespace lpm::test {
namespace {

const bool children_quiet = (suppress_fontconfig_leaks_in_children(), true);

std::string quoted(const std::filesystem::path& p) {
  std::string s = "'";  // built step by step: GCC 12 warns falsely (-Wrestrict) on "'" + s + "'"
  s += p.string();
  s += '\'';
  return s;
}

TEST(PlotCommand, WritesAMapOfSeveralCaches) {
  TempDir dir;
  auto points = three_known_points();
  io::write_npz(dir.path() / "a.npz", synthetic_cache({points[0], points[1]}));
  io::write_npz(dir.path() / "b.npz", synthetic_cache({points[2]}));
  auto result =
      run_command(quoted(binary()) + " plot " + quoted(dir.path() / "a.npz") + " " + quoted(dir.path() / "b.npz") +
                  " -o " + quoted(dir.path() / "out" / "map.png") + " --vmin -500 --vmax 500 --ground-track");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("3 spectra"), std::string::npos) << result.output;
  PngImage png(dir.path() / "out" / "map.png");
  EXPECT_EQ(png.width(), 1600);
  EXPECT_EQ(png.height(), 900);
}

TEST(PlotCommand, EveryKindAndTheGlobeViewRun) {
  TempDir dir;
  io::write_npz(dir.path() / "c.npz", synthetic_cache(three_known_points()));
  for (std::string extra : {"--kind hist", "--kind timeseries --illumination day", "--orthographic 30,-60",
                            "--kind map --width 800 --height 450"}) {
    auto result = run_command(quoted(binary()) + " plot " + quoted(dir.path() / "c.npz") + " -o " +
                              quoted(dir.path() / "f.png") + " " + extra);
    EXPECT_EQ(result.exit_code, 0) << extra << "\n" << result.output;
  }
  EXPECT_EQ(PngImage(dir.path() / "f.png").width(), 800);
}

TEST(PlotCommand, MissingKeyIsBadInputNamingFileAndKey) {
  TempDir dir;
  const io::NpzArchive full = synthetic_cache(three_known_points());
  io::NpzArchive partial;
  for (const auto& [key, array] : full.entries())
    if (key != "rows_utc") partial.add(key, array);
  io::write_npz(dir.path() / "partial.npz", partial);
  auto result = run_command(quoted(binary()) + " plot " + quoted(dir.path() / "partial.npz") + " -o " +
                            quoted(dir.path() / "f.png"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("partial.npz"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("rows_utc"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "f.png"));
}

TEST(PlotCommand, UnreadableCacheAndBadFlagsAreUsageErrors) {
  TempDir dir;
  io::write_npz(dir.path() / "c.npz", synthetic_cache(three_known_points()));
  const std::string out = " -o " + quoted(dir.path() / "f.png");
  auto missing = run_command(quoted(binary()) + " plot " + quoted(dir.path() / "nope.npz") + out);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("nope.npz"), std::string::npos) << missing.output;
  auto reversed = run_command(quoted(binary()) + " plot " + quoted(dir.path() / "c.npz") + out + " --vmin 5 --vmax -5");
  EXPECT_EQ(reversed.exit_code, 2) << reversed.output;
  auto globe = run_command(quoted(binary()) + " plot " + quoted(dir.path() / "c.npz") + out + " --orthographic 95,0");
  EXPECT_EQ(globe.exit_code, 2) << globe.output;
  auto kind = run_command(quoted(binary()) + " plot " + quoted(dir.path() / "c.npz") + out + " --kind pie");
  EXPECT_EQ(kind.exit_code, 2) << kind.output;
}

}  // namespace
}  // namespace lpm::test
