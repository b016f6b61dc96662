// `potential-mapper spice …` against the CSPICE reference tables; bad input exits 2 with one line.
#include <fstream>
#include <iterator>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../spice/reference_csv.hpp"
#include "support/test_support.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string kernel(const std::string& name) { return (lpm::test::kernels_dir() / name).string(); }

lpm::test::CommandResult spice(const std::string& args) {
  return lpm::test::run_command(lpm::test::binary().string() + " spice " + args);
}

std::vector<double> numbers_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<double> values;
  for (double v; in >> v;) values.push_back(v);
  return values;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Segment counts per file from segment_summary.txt ("## file" then one row per segment).
std::map<std::string, int> segment_counts() {
  std::ifstream in(kernel("segment_summary.txt"));
  std::map<std::string, int> counts;
  std::string current;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## ")) {
      current = line.substr(3, line.find(' ', 3) - 3);
      counts[current] = 0;
    } else if (!line.empty() && line[0] != '#' && !current.empty()) {
      ++counts[current];
    }
  }
  return counts;
}

TEST(SpiceCommand, SegmentsListsEverySegmentOfEverySharedKernel) {
  LPM_REQUIRE_SHARED_KERNELS();
  const auto counts = segment_counts();
  ASSERT_GT(counts.size(), 20u);
  for (const auto& [file, count] : counts) {
    auto result = spice("segments --kernel " + kernel("naif0012.tls") + " " + kernel(file));
    EXPECT_EQ(result.exit_code, 0) << file << ": " << result.output;
    auto lines = lines_of(result.output);
    EXPECT_EQ(static_cast<int>(lines.size()), count) << file;
    for (const auto& line : lines) {
      std::istringstream in(line);
      std::vector<std::string> fields{std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()};
      EXPECT_EQ(fields.size(), 6u) << file << ": " << line;
    }
  }
  auto pck = spice("segments " + kernel("moon_pa_de421_1900-2050.bpc"));
  EXPECT_EQ(pck.output, "31006 - J2000 2 -3155716800 1609416000\n");
  auto utc = spice("segments --kernel " + kernel("naif0012.tls") + " " + kernel("de440s-j2000.bsp"));
  EXPECT_THAT(utc.output, StartsWith("299 2 J2000 2 2000-01-01T00:00:00.000000 2000-01-02T00:00:00.000000\n"));
}

TEST(SpiceCommand, SegmentsRejectsNonDafTruncatedAndAsciiMangledFiles) {
  LPM_REQUIRE_SHARED_KERNELS();
  lpm::test::TempDir dir;
  std::ifstream in(kernel("de440s-j2000.bsp"), std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto truncated = dir.path() / "truncated.bsp";
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, 3000);
  std::string mangled = bytes;  // an ASCII-mode transfer turns CR LF into LF
  for (std::size_t at; (at = mangled.find("\r\n")) != std::string::npos;) mangled.erase(at, 1);
  const auto ascii = dir.path() / "ascii.bsp";
  std::ofstream(ascii, std::ios::binary) << mangled;
  for (const std::string& file :
       {kernel("README.txt"), truncated.string(), ascii.string(), (dir.path() / "missing.bsp").string()}) {
    auto result = spice("segments " + file);
    EXPECT_EQ(result.exit_code, 2) << file << ": " << result.output;
    EXPECT_THAT(result.output, StartsWith("error: ")) << file;
    EXPECT_EQ(lines_of(result.output).size(), 1u) << result.output;
  }
}

TEST(SpiceCommand, EtAndUtcMatchCspiceRows) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto table = lpm::test::read_reference_table(kernel("reference_frames_1998_1999.csv"));
  std::string utcs, ets;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    utcs += " " + table.text(r, "input");
    ets += " " + table.text(r, "et_tdb");
  }
  auto et = spice("et --kernel " + kernel("naif0012.tls") + utcs);
  ASSERT_EQ(et.exit_code, 0) << et.output;
  auto et_lines = lines_of(et.output);
  ASSERT_EQ(et_lines.size(), table.rows.size());
  auto utc = spice("utc --kernel " + kernel("naif0012.tls") + ets);
  ASSERT_EQ(utc.exit_code, 0) << utc.output;
  auto utc_lines = lines_of(utc.output);
  ASSERT_EQ(utc_lines.size(), table.rows.size());
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    EXPECT_NEAR(std::stod(et_lines[r]), table.number(r, "et_tdb"), 1e-6);
    EXPECT_EQ(utc_lines[r], table.text(r, "utc_isoc"));
  }
}

TEST(SpiceCommand, StateMatchesCspiceRowInIauMoon) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto table = lpm::test::read_reference_table(kernel("reference_states.csv"));
  const std::size_t r = 3;
  const std::string kernels = " --kernel " + kernel("naif0012.tls") + " --kernel " + kernel("pck00010.tpc") +
                              " --kernel " + kernel("synthetic_lp_type13.bsp");
  for (const std::string& time : {table.text(r, "input"), "--et " + table.text(r, "et_tdb")}) {
    auto result = spice("state" + kernels + " --target -25 --observer 301 --frame IAU_MOON " + time);
    ASSERT_EQ(result.exit_code, 0) << result.output;
    auto v = numbers_of(result.output);
    ASSERT_EQ(v.size(), 6u);
    const char* names[6] = {"x_km", "y_km", "z_km", "vx_kms", "vy_kms", "vz_kms"};
    for (int i = 0; i < 6; ++i)
      EXPECT_NEAR(v[i], table.number(r, std::string("-25_wrt_MOON_IAU_MOON_t13_") + names[i]), i < 3 ? 1e-6 : 1e-9);
  }
}

TEST(SpiceCommand, RotateMatchesCspiceRowForMoonMe) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto table = lpm::test::read_reference_table(kernel("reference_frames_1998_1999.csv"));
  const std::size_t r = 10;  // inside the leap second
  auto result = spice("rotate --kernel " + kernel("naif0012.tls") + " --kernel " + kernel("pck00010.tpc") +
                      " --kernel " + kernel("moon_080317.tf") + " --kernel " + kernel("moon_pa_de421_1900-2050.bpc") +
                      " --from J2000 --to MOON_ME " + table.text(r, "input"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto v = numbers_of(result.output);
  ASSERT_EQ(v.size(), 9u);
  for (int i = 0; i < 9; ++i)
    EXPECT_NEAR(v[i], table.number(r, "J2000_to_MOON_ME_m" + std::to_string(i / 3 + 1) + std::to_string(i % 3 + 1)),
                1e-12);
}

TEST(SpiceCommand, BadInputExitsTwoWithOneLineNamingIt) {
  LPM_REQUIRE_SHARED_KERNELS();
  const std::string lp = " --kernel " + kernel("naif0012.tls") + " --kernel " + kernel("synthetic_lp_type13.bsp");
  struct Case {
    std::string args, mentions;
  };
  for (const Case& c :
       {Case{"state" + lp + " --target 999999 --observer 301 1998-06-15T01:00:00", "999999"},
        Case{"state" + lp + " --target -25 --observer 301 1999-06-15T00:00:00", "-25"},
        Case{"state" + lp + " --target -25 --observer 301 --frame NOPE 1998-06-15T01:00:00", "NOPE"},
        Case{"et --kernel " + kernel("naif0012.tls") + " 1998-06-15T25:00:00", "1998-06-15T25:00:00"},
        Case{"et --kernel " + kernel("README.txt") + " 1998-06-15T01:00:00", "leap-second"},
        Case{"utc --kernel " + kernel("naif0012.tls") + " twelve", "twelve"},
        Case{"rotate --kernel /nonexistent.tpc --from J2000 --to IAU_MOON 2000-01-01", "nonexistent"}}) {
    auto result = spice(c.args);
    EXPECT_EQ(result.exit_code, 2) << c.args << ": " << result.output;
    EXPECT_THAT(result.output, HasSubstr(c.mentions)) << c.args;
    EXPECT_EQ(lines_of(result.output).size(), 1u) << c.args << ": " << result.output;
  }
}

}  // namespace
