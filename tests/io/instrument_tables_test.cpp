#include "io/instrument_tables.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/text_file.hpp"
#include "support/test_support.hpp"

namespace {

using lpm::io::InstrumentTables;
using ::testing::HasSubstr;

constexpr int channels = lpm::er_channels;

std::string lines_of(const std::array<double, channels>& values) {
  std::string text;
  for (double value : values) text += std::to_string(value) + "\n";
  return text;
}

// Expects read_theta_table(file with `text`) to throw a message containing every part.
void expect_theta_error(const std::string& text, const std::vector<std::string>& parts) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "theta.tab";
  std::ofstream(path) << text;
  try {
    lpm::io::read_theta_table(path);
    ADD_FAILURE() << "expected an exception";
  } catch (const std::runtime_error& error) {
    EXPECT_THAT(error.what(), HasSubstr(path.string()));
    for (const auto& part : parts) EXPECT_THAT(error.what(), HasSubstr(part));
  }
}

TEST(SolidAngleForTheta, GivesThePdsValueForBothSigns) {
  EXPECT_EQ(lpm::io::solid_angle_for_theta(78.75), 0.119570);
  EXPECT_EQ(lpm::io::solid_angle_for_theta(-56.25), 0.170253);
  EXPECT_EQ(lpm::io::solid_angle_for_theta(33.75), 0.127401);
  EXPECT_EQ(lpm::io::solid_angle_for_theta(-11.25), 0.150279);
  EXPECT_THROW(lpm::io::solid_angle_for_theta(45.0), std::invalid_argument);
}

TEST(BinsInRing, AreFourEightSixteenSixteen) {
  EXPECT_EQ(lpm::io::bins_in_ring_for_theta(-78.75), 4);
  EXPECT_EQ(lpm::io::bins_in_ring_for_theta(56.25), 8);
  EXPECT_EQ(lpm::io::bins_in_ring_for_theta(-33.75), 16);
  EXPECT_EQ(lpm::io::bins_in_ring_for_theta(11.25), 16);
}

TEST(MockThetaLayout, IsSortedByAbsoluteThetaAndCoversTheSphere) {
  auto theta = lpm::io::mock_theta_layout_deg();
  EXPECT_EQ(theta[0], 11.25);
  EXPECT_EQ(theta[16], -11.25);
  EXPECT_EQ(theta[32], 33.75);
  EXPECT_EQ(theta[64], 56.25);
  EXPECT_EQ(theta[72], -56.25);
  EXPECT_EQ(theta[80], 78.75);
  EXPECT_EQ(theta[87], -78.75);
  InstrumentTables tables = lpm::io::make_instrument_tables(theta);
  double total = 0.0;
  for (double omega : tables.solid_angle_sr) total += omega;
  EXPECT_NEAR(total, 4.0 * lpm::pi, 1e-4);  // D§2.4 check
}

TEST(ReadThetaTable, KeepsTheFileOrderForAnUnsortedFile) {
  auto theta = lpm::io::mock_theta_layout_deg();
  std::mt19937 rng(7);
  std::shuffle(theta.begin(), theta.end(), rng);
  lpm::test::TempDir dir;
  auto path = dir.path() / "theta.tab";
  std::ofstream(path) << lines_of(theta);
  InstrumentTables tables = lpm::io::read_theta_table(path);
  for (int k = 0; k < channels; ++k) {
    EXPECT_EQ(tables.theta_deg[k], theta[k]) << k;
    EXPECT_EQ(tables.solid_angle_sr[k], lpm::io::solid_angle_for_theta(theta[k])) << k;
    EXPECT_EQ(tables.bins_in_ring[k], lpm::io::bins_in_ring_for_theta(theta[k])) << k;
  }
}

TEST(ReadThetaTable, AcceptsSeveralValuesPerLineAndCrlf) {
  auto theta = lpm::io::mock_theta_layout_deg();
  std::string text;
  for (int k = 0; k < channels; ++k) text += std::to_string(theta[k]) + (k % 8 == 7 ? "\r\n" : "  ");
  lpm::test::TempDir dir;
  std::ofstream(dir.path() / "theta.tab") << text;
  EXPECT_EQ(lpm::io::read_theta_table(dir.path() / "theta.tab").theta_deg, theta);
}

TEST(ReadThetaTable, RejectsWrongCount) {
  auto theta = lpm::io::mock_theta_layout_deg();
  std::string text = lines_of(theta);
  expect_theta_error(text.substr(0, text.rfind('\n', text.size() - 2) + 1), {"87", "expected 88"});
  expect_theta_error(text + "11.25\n", {"89"});
}

TEST(ReadThetaTable, RejectsValueOutsideTheRingsNamingTheLine) {
  auto theta = lpm::io::mock_theta_layout_deg();
  theta[4] = 12.0;
  expect_theta_error(lines_of(theta), {":5:", "12"});
  expect_theta_error("11.25\nabc\n", {":2:", "'abc'"});
}

TEST(ReadThetaTable, RejectsWrongRingMultiplicity) {
  auto theta = lpm::io::mock_theta_layout_deg();
  theta[0] = 33.75;  // 15 x 11.25 and 17 x 33.75
  expect_theta_error(lines_of(theta), {"theta 33.75 occurs 17 times, expected 16"});
}

TEST(ReadThetaTable, EmptyFileNamesThePathAndCount) { expect_theta_error("", {"holds 0 theta values"}); }

TEST(ReadThetaTable, MissingFileNamesThePath) {
  lpm::test::TempDir dir;
  EXPECT_THAT([&] { lpm::io::read_theta_table(dir.path() / "theta.tab"); },
              ::testing::ThrowsMessage<std::runtime_error>(HasSubstr((dir.path() / "theta.tab").string())));
}

TEST(WriteThetaTable, RoundTripsAndWritesOneValuePerLine) {
  auto theta = lpm::io::mock_theta_layout_deg();
  std::reverse(theta.begin(), theta.end());
  lpm::test::TempDir dir;
  auto path = dir.path() / "theta.tab";
  lpm::io::write_theta_table(path, theta);
  EXPECT_EQ(lpm::io::read_theta_table(path).theta_deg, theta);
  std::string text = lpm::io::read_whole_file(path);
  EXPECT_THAT(text, ::testing::StartsWith("-78.75\n-78.75\n"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), channels);
}

TEST(WriteSolidAnglesTable, WritesSixDecimalsInThetaOrder) {
  auto theta = lpm::io::mock_theta_layout_deg();
  std::reverse(theta.begin(), theta.end());
  lpm::test::TempDir dir;
  auto path = dir.path() / "solid_angles.tab";
  lpm::io::write_solid_angles_table(path, lpm::io::make_instrument_tables(theta));
  std::istringstream lines(lpm::io::read_whole_file(path));
  std::vector<std::string> values;
  for (std::string line; std::getline(lines, line);) values.push_back(line);
  ASSERT_EQ(values.size(), 88u);
  EXPECT_EQ(values[0], "0.119570");   // -78.75
  EXPECT_EQ(values[4], "0.119570");   // 78.75
  EXPECT_EQ(values[8], "0.170253");   // -56.25
  EXPECT_EQ(values[87], "0.150279");  // 11.25
}

TEST(RowCount, SumsRoundedPseudoCountsWithFillAndNegativeFluxAsZero) {
  InstrumentTables tables = lpm::io::make_instrument_tables(lpm::io::mock_theta_layout_deg());
  lpm::io::ErRow row;
  row.energy_ev = 100.0;
  row.flux.fill(std::nan(""));
  row.flux[0] = 1000.0;  // 11.25 deg, N = 16: 1000 * 0.02 * 100 * 2.5 / 16 = 312.5 -> 312 (rint, half to even)
  row.flux[1] = 1064.0;  // 332.5 -> 332
  row.flux[2] = -5e4;    // negative -> 0
  row.flux[80] = 10.0;   // 78.75 deg, N = 4: 10 * 0.02 * 100 * 0.625 = 12.5 -> 12
  row.flux[81] = 14.0;   // 17.5 -> 18
  row.flux[64] = 3.0;    // 56.25 deg, N = 8: 3 * 0.02 * 100 * 0.3125 = 1.875 -> 2
  EXPECT_EQ(lpm::io::row_count(row, tables), 312.0 + 332.0 + 12.0 + 18.0 + 2.0);
}

}  // namespace
