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
TEST(DateSelectionValidate, RejectsDayWithoutMonth) {
  EXPECT_EQ(validate({1998, {}, 15}), "--day needs --month");
}
TEST(DateSelectionMatches, AllGivenFiltersMustHold) {
  DateSelection s{1998, 6, {}};
  EXPECT_TRUE(s.matches(1998, 6, 1));
  EXPECT_FALSE(s.matches(1998, 7, 1));
  EXPECT_FALSE(s.matches(1999, 6, 1));
}
