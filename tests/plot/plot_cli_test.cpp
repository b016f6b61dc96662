// `potential-mapper plot` on the command line: output file, exit codes, error messages.
#include <algorithm>

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

// Spectra with solar zenith angles in two 10° cells, for grid and sza from caches and stats files.
io::NpzArchive profile_cache() {
  std::vector<KnownSpectrum> spectra;
  for (int i = 0; i < 6; ++i) {
    KnownSpectrum k{12.0 + i, 41.0 + i, -40.0 + 10 * i, i % 2 == 0, "1998-06-01T00:00:00"};
    k.solar_zenith_deg = 30.0 + 20 * i;
    spectra.push_back(k);
  }
  return synthetic_cache(spectra);
}

TEST(PlotCommand, GridAndSzaKindsDrawCachesAndStatsFiles) {
  TempDir dir;
  io::write_npz(dir.path() / "c.npz", profile_cache());
  const std::string plot = quoted(binary()) + " plot ";
  const std::string cache = quoted(dir.path() / "c.npz");
  for (std::string extra : {"--kind grid", "--kind grid --grid-deg 30 --illumination day", "--kind sza",
                            "--kind sza --illumination night"}) {
    auto result = run_command(plot + cache + " -o " + quoted(dir.path() / "f.png") + " " + extra);
    EXPECT_EQ(result.exit_code, 0) << extra << "\n" << result.output;
  }
  for (std::string by : {"grid", "sza"}) {
    const auto nc = dir.path() / (by + ".nc");
    auto stats = run_command(quoted(binary()) + " stats " + cache + " --by " + by + " -o " + quoted(nc));
    ASSERT_EQ(stats.exit_code, 0) << stats.output;
    const auto out = dir.path() / (by + ".svg");
    auto result = run_command(plot + quoted(nc) + " --kind " + by + " -o " + quoted(out));
    EXPECT_EQ(result.exit_code, 0) << by << "\n" << result.output;
    EXPECT_EQ(read_bytes(out).substr(0, 5), "<?xml") << by;
  }
}

TEST(PlotCommand, StatsFileAndGridMisuseIsOneLineExitTwo) {
  TempDir dir;
  io::write_npz(dir.path() / "c.npz", profile_cache());
  const std::string plot = quoted(binary()) + " plot ";
  const std::string cache = quoted(dir.path() / "c.npz");
  const std::string grid_nc = quoted(dir.path() / "grid.nc"), sza_nc = quoted(dir.path() / "sza.nc");
  ASSERT_EQ(run_command(quoted(binary()) + " stats " + cache + " -o " + grid_nc).exit_code, 0);
  ASSERT_EQ(run_command(quoted(binary()) + " stats " + cache + " --by sza -o " + sza_nc).exit_code, 0);
  const std::string out = " -o " + quoted(dir.path() / "f.png");
  const std::pair<std::string, std::string> cases[] = {
      {grid_nc + out, "--kind grid or sza"},                        // a stats file drawn as a dot map
      {grid_nc + out + " --kind hist", "--kind grid or sza"},       // ... or a histogram
      {sza_nc + out + " --kind grid", "--by sza"},                  // made with another --by
      {grid_nc + out + " --kind sza", "--by grid"},                 // the other way round
      {grid_nc + " " + cache + out + " --kind grid", "alone"},      // mixed with caches
      {grid_nc + out + " --kind grid --grid-deg 5", "--grid-deg"},  // the file has its cells
      {grid_nc + out + " --kind grid --illumination day", "--illumination"},
      {quoted(dir.path() / "nope.nc") + out + " --kind grid", "nope.nc"},
      {cache + out + " --kind grid --grid-deg 7", "180"},  // 7 does not divide 180
      {cache + out + " --grid-deg 10", "--kind grid"},     // grid size for a dot map
      {cache + out + " --kind grid --orthographic 0,0", "equirectangular"},
  };
  for (const auto& [arguments, needle] : cases) {
    auto result = run_command(plot + arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments << "\n" << result.output;
    EXPECT_NE(result.output.find(needle), std::string::npos) << arguments << "\n" << result.output;
    EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << arguments << "\n" << result.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "f.png"));
}

}  // namespace
}  // namespace lpm::test
