#include "io/attitude.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/text_file.hpp"
#include "support/test_support.hpp"

namespace {

using lpm::io::AttitudeRecord;
using lpm::io::AttitudeSeries;
using lpm::io::interpolate_attitude;
using ::testing::HasSubstr;

// Expects `call` to throw std::runtime_error whose message contains every part.
template <class Call>
void expect_error(Call call, const std::vector<std::string>& parts) {
  try {
    call();
    ADD_FAILURE() << "expected an exception";
  } catch (const std::runtime_error& error) {
    for (const auto& part : parts) EXPECT_THAT(error.what(), HasSubstr(part));
  }
}

std::vector<AttitudeRecord> read_text(const lpm::test::TempDir& dir, const std::string& text) {
  auto path = dir.path() / "attitude.tab";
  std::ofstream(path, std::ios::binary) << text;
  return lpm::io::read_attitude_table(path);
}

TEST(ReadAttitudeTable, ReadsFixedWidthCrlfRecords) {
  lpm::test::TempDir dir;
  auto records = read_text(dir,
                           "1998-01-07T04:00, 12.123, 123.45, -12.34\r\n"
                           "1998-01-08T16:30, 11.900, 350.00,  89.99\r\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].utc, "1998-01-07T04:00");
  EXPECT_EQ(records[0].rpm, 12.123);
  EXPECT_EQ(records[0].ra_deg, 123.45);
  EXPECT_EQ(records[0].dec_deg, -12.34);
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].utc, "1998-01-08T16:30");
  EXPECT_EQ(records[1].dec_deg, 89.99);
  EXPECT_EQ(records[1].line, 2u);
}

TEST(ReadAttitudeTable, ToleratesLfExtraSpacesAndBlankLines) {
  lpm::test::TempDir dir;
  auto records = read_text(dir, "\n  1998-01-07T04:00 ,12.1,  1.5 ,  -2 \n\n1998-01-07T05:00:30,12,2,3");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].ra_deg, 1.5);
  EXPECT_EQ(records[0].line, 2u);
  EXPECT_EQ(records[1].utc, "1998-01-07T05:00:30");
}

TEST(ReadAttitudeTable, MalformedRecordsNameFileAndLine) {
  lpm::test::TempDir dir;
  std::string path = (dir.path() / "attitude.tab").string();
  std::string good = "1998-01-07T04:00, 12.123, 123.45, -12.34\r\n";
  expect_error([&] { read_text(dir, good + "1998-01-07T05:00, 12.1, 3.0\r\n"); }, {path + ":2:", "found 3"});
  expect_error([&] { read_text(dir, good + good + "1998-01-07T05:00, 12.1, x, 3\r\n"); },
               {path + ":3:", "'x'", "RIGHT_ASCENSION"});
  expect_error([&] { read_text(dir, "1998-1-7T05:00, 12.1, 1, 3\r\n"); }, {path + ":1:", "START_TIME"});
  expect_error([&] { read_text(dir, "\r\n"); }, {path, "no attitude records"});
  expect_error([&] { lpm::io::read_attitude_table(dir.path() / "missing.tab"); }, {"missing.tab"});
}

TEST(WriteAttitudeTable, WritesFortranFixedWidth42ByteRecordsAndRoundTrips) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "attitude.tab";
  std::vector<AttitudeRecord> records = {{"1998-01-07T04:00", 12.123, 123.45, -12.34, 0},
                                         {"1999-05-31T12:00", 9.5, 0.0, 5.0, 0}};
  lpm::io::write_attitude_table(path, records);
  EXPECT_EQ(lpm::io::read_whole_file(path),
            "1998-01-07T04:00, 12.123, 123.45, -12.34\r\n"
            "1999-05-31T12:00,  9.500,   0.00,   5.00\r\n");
  auto back = lpm::io::read_attitude_table(path);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].utc, records[1].utc);
  EXPECT_EQ(back[1].rpm, records[1].rpm);
  EXPECT_EQ(back[0].dec_deg, records[0].dec_deg);
}

TEST(WriteAttitudeTable, RejectsValuesThatDoNotFitAndBadTimes) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "attitude.tab";
  EXPECT_THROW(lpm::io::write_attitude_table(path, {{"1998-01-07T04:00", 1000.0, 1.0, 1.0, 0}}), std::invalid_argument);
  EXPECT_THROW(lpm::io::write_attitude_table(path, {{"1998-01-07T04:00", 1.0, NAN, 1.0, 0}}), std::invalid_argument);
  EXPECT_THROW(lpm::io::write_attitude_table(path, {{"1998-01-07T04:00:00", 1.0, 1.0, 1.0, 0}}), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(path));
}

// UTC -> fake ET table for make_attitude_series.
double fake_et(std::string_view utc) {
  static const std::map<std::string, double, std::less<>> table = {
      {"1998-01-07T04:00", 100.0}, {"1998-01-07T05:00", 200.0}, {"1998-01-07T06:00", 150.0}};
  auto it = table.find(utc);
  if (it == table.end()) throw std::runtime_error("unknown time");
  return it->second;
}

TEST(MakeAttitudeSeries, ConvertsTimesWithTheCallersConverter) {
  AttitudeSeries series =
      lpm::io::make_attitude_series({{"1998-01-07T04:00", 12, 10, 1, 1}, {"1998-01-07T05:00", 12, 20, 2, 2}}, fake_et);
  EXPECT_EQ(series.et, (std::vector<double>{100.0, 200.0}));
  EXPECT_EQ(series.ra_deg, (std::vector<double>{10.0, 20.0}));
  EXPECT_EQ(series.dec_deg, (std::vector<double>{1.0, 2.0}));
}

TEST(MakeAttitudeSeries, RejectsTimesNotStrictlyIncreasingNamingTheLine) {
  std::vector<AttitudeRecord> records = {
      {"1998-01-07T04:00", 12, 10, 1, 1}, {"1998-01-07T05:00", 12, 20, 2, 2}, {"1998-01-07T06:00", 12, 30, 3, 3}};
  expect_error([&] { lpm::io::make_attitude_series(records, fake_et); }, {"line 3", "1998-01-07T06:00"});
  records[2] = records[1];
  records[2].line = 3;
  expect_error([&] { lpm::io::make_attitude_series(records, fake_et); }, {"line 3", "strictly increase"});
  records[2].utc = "1998-01-07T07:00";
  expect_error([&] { lpm::io::make_attitude_series(records, fake_et); }, {"line 3", "unknown time"});
}

// Records at t = 0, 10, ..., 40 with RA 10, 15, ..., 30 and DEC 1, 2, ..., 5 (D§6).
AttitudeSeries five_records() { return {{0, 10, 20, 30, 40}, {10, 15, 20, 25, 30}, {1, 2, 3, 4, 5}}; }

TEST(InterpolateAttitude, MidpointsAreLinear) {
  AttitudeSeries series = five_records();
  const double expected_ra[] = {12.5, 17.5, 22.5, 27.5};
  const double expected_dec[] = {1.5, 2.5, 3.5, 4.5};
  for (int i = 0; i < 4; ++i) {
    auto axis = interpolate_attitude(series, 5.0 + 10.0 * i);
    EXPECT_NEAR(axis.ra_deg, expected_ra[i], 1e-12);
    EXPECT_NEAR(axis.dec_deg, expected_dec[i], 1e-12);
  }
}

TEST(InterpolateAttitude, OutsideTheRangeOrNonFiniteIsNaN) {
  AttitudeSeries series = five_records();
  for (double et : {-1e-9, 40.000001, -1e9, double(NAN), double(INFINITY)}) {
    auto axis = interpolate_attitude(series, et);
    EXPECT_TRUE(std::isnan(axis.ra_deg)) << et;
    EXPECT_TRUE(std::isnan(axis.dec_deg)) << et;
  }
  EXPECT_TRUE(std::isnan(interpolate_attitude(AttitudeSeries{}, 0.0).ra_deg));
}

TEST(InterpolateAttitude, EndsGiveTheFirstAndLastRecords) {
  AttitudeSeries series = five_records();
  EXPECT_NEAR(interpolate_attitude(series, 40.0).ra_deg, 30.0, 1e-12);
  EXPECT_NEAR(interpolate_attitude(series, 40.0).dec_deg, 5.0, 1e-12);
  EXPECT_NEAR(interpolate_attitude(series, 0.0).ra_deg, 10.0, 1e-12);
  EXPECT_NEAR(interpolate_attitude(series, 20.0).ra_deg, 20.0, 1e-12);  // exactly at a record
}

TEST(InterpolateAttitude, JustBeforeTheLastRecord) {
  // Records (0: RA 50, DEC 5) and (10: RA 60, DEC 6); t = 9.999 -> 59.999 / 5.9999.
  AttitudeSeries series{{0, 10}, {50, 60}, {5, 6}};
  auto axis = interpolate_attitude(series, 9.999);
  EXPECT_NEAR(axis.ra_deg, 59.999, 1e-9);
  EXPECT_NEAR(axis.dec_deg, 5.9999, 1e-9);
}

TEST(InterpolateAttitude, SingleRecordOnlyMatchesItsExactTime) {
  AttitudeSeries series{{7.0}, {123.0}, {-4.0}};
  EXPECT_EQ(interpolate_attitude(series, 7.0).ra_deg, 123.0);
  EXPECT_EQ(interpolate_attitude(series, 7.0).dec_deg, -4.0);
  EXPECT_TRUE(std::isnan(interpolate_attitude(series, 7.0 + 1e-9).ra_deg));
}

TEST(InterpolateAttitude, RaTakesTheShortArcAcrossZero) {
  AttitudeSeries series{{0, 10}, {350, 10}, {0, 2}};
  EXPECT_NEAR(interpolate_attitude(series, 5.0).ra_deg, 0.0, 1e-12);
  EXPECT_NEAR(interpolate_attitude(series, 5.0).dec_deg, 1.0, 1e-12);
  EXPECT_NEAR(interpolate_attitude(series, 0.0).ra_deg, 350.0, 1e-12);
  EXPECT_NEAR(interpolate_attitude(series, 10.0).ra_deg, 10.0, 1e-12);
  EXPECT_NEAR(interpolate_attitude(series, 2.5).ra_deg, 355.0, 1e-12);
  AttitudeSeries backwards{{0, 10}, {10, 350}, {0, 0}};
  EXPECT_NEAR(interpolate_attitude(backwards, 7.5).ra_deg, 355.0, 1e-12);
}

TEST(InterpolateAttitude, MatchesLinearInterpolationOnNonWrappingData) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> step(0.5, 100.0), ra_step(-20.0, 20.0), dec(-90.0, 90.0);
  AttitudeSeries series;
  double t = -5e7, ra = 180.0;
  for (int i = 0; i < 50; ++i) {
    series.et.push_back(t);
    series.ra_deg.push_back(ra);
    series.dec_deg.push_back(dec(rng));
    t += step(rng);
    ra += ra_step(rng);
  }
  std::uniform_real_distribution<double> query(series.et.front(), series.et.back());
  for (int q = 0; q < 500; ++q) {
    double et = query(rng);
    std::size_t right = 1;
    while (series.et[right] <= et) ++right;
    double f = (et - series.et[right - 1]) / (series.et[right] - series.et[right - 1]);
    auto axis = interpolate_attitude(series, et);
    EXPECT_NEAR(axis.ra_deg, series.ra_deg[right - 1] + f * (series.ra_deg[right] - series.ra_deg[right - 1]), 1e-9);
    EXPECT_NEAR(axis.dec_deg, series.dec_deg[right - 1] + f * (series.dec_deg[right] - series.dec_deg[right - 1]),
                1e-9);
  }
}

}  // namespace
