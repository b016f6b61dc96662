#include "io/date_selection.hpp"

#include <gtest/gtest.h>

using lpm::io::batch_output_name;
using lpm::io::DateSelection;
using lpm::io::validate;

TEST(BatchOutputName, FullDateGivesYearMonthDay) {
  EXPECT_EQ(batch_output_name({1998, 6, 15}), "potential_batch_1998_06_15.npz");
}
TEST(BatchOutputName, YearOnly) { EXPECT_EQ(batch_output_name({1998, {}, {}}), "potential_batch_1998.npz"); }
TEST(BatchOutputName, NoFilterIsAll) { EXPECT_EQ(batch_output_name({}), "potential_batch_all.npz"); }
TEST(BatchOutputName, OnlyGivenPartsAppear) {
  EXPECT_EQ(batch_output_name({{}, 6, {}}), "potential_batch_06.npz");
  EXPECT_EQ(batch_output_name({1999, 1, {}}), "potential_batch_1999_01.npz");
}

TEST(DateSelectionValidate, AcceptsValidSelections) {
  EXPECT_EQ(validate({}), "");
  EXPECT_EQ(validate({1998, 12, 31}), "");
}
TEST(DateSelectionValidate, RejectsMonthOutsideRange) {
  EXPECT_NE(validate({1998, 13, {}}), "");
  EXPECT_NE(validate({1998, 0, {}}), "");
}
TEST(DateSelectionValidate, RejectsDayOutsideRange) { EXPECT_NE(validate({1998, 6, 32}), ""); }
TEST(DateSelectionValidate, RejectsDayWithoutMonth) { EXPECT_EQ(validate({1998, {}, 15}), "--day needs --month"); }
TEST(DateSelectionMatches, AllGivenFiltersMustHold) {
  DateSelection s{1998, 6, {}};
  EXPECT_TRUE(s.matches(1998, 6, 1));
  EXPECT_FALSE(s.matches(1998, 7, 1));
  EXPECT_FALSE(s.matches(1999, 6, 1));
}

// Issue 20: one date model for batch, map, fetch and simulate.
using lpm::CalendarDate;
using lpm::io::date_bounds;
using lpm::io::parse_date;

namespace {
DateSelection range(const char* start, const char* end = nullptr) {
  DateSelection s;
  s.start = parse_date(start);
  if (end) s.end = parse_date(end);
  return s;
}
}  // namespace

TEST(ParseDate, AcceptsOnlyRealDatesWrittenYYYYMMDD) {
  auto d = parse_date("1998-06-15");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 1998);
  EXPECT_EQ(d->month, 6);
  EXPECT_EQ(d->day, 15);
  EXPECT_TRUE(parse_date("2000-02-29"));
  for (const char* bad : {"1998-02-30", "1999-02-29", "98-06-15", "1998-6-15", "1998/06/15", "1998-06-15x", "",
                          "1998-13-01", "1998-06-00"})
    EXPECT_FALSE(parse_date(bad)) << bad;
}

TEST(BatchOutputName, RangeNamesBothInclusiveEnds) {
  EXPECT_EQ(batch_output_name(range("1998-06-01", "1998-06-30")), "potential_batch_1998_06_01_to_1998_06_30.npz");
  EXPECT_EQ(batch_output_name(range("1998-06-15")), "potential_batch_1998_06_15_to_1998_06_15.npz");
}

TEST(DateSelectionValidate, RejectsImpossibleDatesAndShortYears) {
  EXPECT_NE(validate({1998, 2, 30}), "");
  EXPECT_NE(validate({1999, 2, 29}), "");
  EXPECT_EQ(validate({2000, 2, 29}), "");
  EXPECT_NE(validate({{}, 4, 31}), "");
  EXPECT_NE(validate({98, {}, {}}).find("four digits"), std::string::npos);
}

TEST(DateSelectionValidate, RangeRules) {
  EXPECT_EQ(validate(range("1998-06-01", "1998-07-02")), "");
  EXPECT_NE(validate(range("1998-06-02", "1998-06-01")), "");
  DateSelection mixed = range("1998-06-01");
  mixed.year = 1998;
  EXPECT_NE(validate(mixed), "");
  DateSelection end_only;
  end_only.end = parse_date("1998-06-01");
  EXPECT_EQ(validate(end_only), "--end needs --start");
}

TEST(DateSelectionMatches, RangeIsInclusiveAcrossMonthsAndYears) {
  DateSelection s = range("1998-12-30", "1999-01-02");
  EXPECT_FALSE(s.matches(1998, 12, 29));
  EXPECT_TRUE(s.matches(1998, 12, 30));
  EXPECT_TRUE(s.matches(1999, 1, 2));
  EXPECT_FALSE(s.matches(1999, 1, 3));
  EXPECT_TRUE(range("1998-06-15").matches(1998, 6, 15));
  EXPECT_FALSE(range("1998-06-15").matches(1998, 6, 16));
}

TEST(DateBounds, YearMonthAndRange) {
  auto b = date_bounds({1998, 2, {}});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->second.day, 28);
  EXPECT_FALSE(date_bounds({{}, 6, {}}));
  b = date_bounds(range("1998-06-01", "1998-06-03"));
  ASSERT_TRUE(b);
  EXPECT_EQ(b->first.day, 1);
  EXPECT_EQ(b->second.day, 3);
}
