// Text kernels (KPL): data blocks, values, @dates, +=, errors naming file and line (D§4.6, kernel.req).
#include "spice/text_kernel.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spice/error.hpp"
#include "support/test_support.hpp"

namespace {

using lpm::spice::SpiceError;
using lpm::spice::TextKernelPool;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string parse_error(std::string_view text) {
  TextKernelPool pool;
  try {
    pool.parse(text, "bad.tk");
  } catch (const SpiceError& e) {
    return e.what();
  }
  return "no error";
}

TEST(TextKernel, ReadsLeapSecondKernelWithDatesAsFormalSecondsPastJ2000) {
  LPM_REQUIRE_SHARED_KERNELS();
  TextKernelPool pool;
  pool.load(lpm::test::kernels_dir() / "naif0012.tls");
  EXPECT_THAT(pool.numbers("DELTET/DELTA_T_A"), ElementsAre(32.184));
  EXPECT_THAT(pool.numbers("DELTET/K"), ElementsAre(1.657e-3));
  EXPECT_THAT(pool.numbers("DELTET/M"), ElementsAre(6.239996, 1.99096871e-7));
  auto table = pool.numbers("DELTET/DELTA_AT");
  ASSERT_EQ(table.size(), 56u);
  EXPECT_EQ(table[0], 10);
  EXPECT_EQ(table[1], -883656000.0);  // 1972-01-01T00:00 = 10227.5 days before J2000
  EXPECT_EQ(table[44], 32);
  EXPECT_EQ(table[45], -31579200.0);  // 1999-01-01T00:00
  EXPECT_EQ(table[55], 536500800.0);  // 2017-01-01T00:00
}

TEST(TextKernel, ReadsBothTextPcksAndTheLunarFramesKernel) {
  LPM_REQUIRE_SHARED_KERNELS();
  TextKernelPool pool;
  pool.load(lpm::test::kernels_dir() / "pck00008.tpc");
  EXPECT_THAT(pool.numbers("BODY301_POLE_RA"), ElementsAre(269.9949, 0.0031, 0.0));
  pool.load(lpm::test::kernels_dir() / "pck00010.tpc");
  EXPECT_THAT(pool.numbers("BODY301_PM"), ElementsAre(38.3213, 13.17635815, -1.4e-12));
  EXPECT_EQ(pool.numbers("BODY3_NUT_PREC_ANGLES").size(), 26u);
  EXPECT_EQ(pool.numbers("BODY301_NUT_PREC_PM").size(), 13u);
  pool.load(lpm::test::kernels_dir() / "moon_080317.tf");
  EXPECT_THAT(pool.numbers("FRAME_MOON_PA"), ElementsAre(31000));
  EXPECT_THAT(pool.strings("FRAME_31000_NAME"), ElementsAre("MOON_PA"));
  EXPECT_THAT(pool.strings("TKFRAME_31007_UNITS"), ElementsAre("ARCSECONDS"));
  EXPECT_THAT(pool.numbers("TKFRAME_31007_ANGLES"), ElementsAre(67.92, 78.56, 0.30));
  EXPECT_FALSE(pool.has("FRAME_MOON_PA_DE403_X"));
}

TEST(TextKernel, ParsesValuesListsStringsDatesAndAppends) {
  TextKernelPool pool;
  pool.parse(R"(KPL/PCK
Comment text A = ( 1 2 is ignored.
\begindata
A = 1.5D3
B = ( 1, 2 , -3.25d-1
      +4 )
S = ( 'it''s' 'two words' )
DATES = ( @2000-JAN-01/12:00, @1972-JAN-1 @1999-01-01T00:00:30 )
B += 5
NEW += 'x'
S += 'more'
\begintext
C = 7 (not data)
\begindata
A = 2
)",
             "inline");
  EXPECT_THAT(pool.numbers("A"), ElementsAre(2.0));
  EXPECT_THAT(pool.numbers("B"), ElementsAre(1, 2, -0.325, 4, 5));
  EXPECT_THAT(pool.strings("S"), ElementsAre("it's", "two words", "more"));
  EXPECT_THAT(pool.strings("NEW"), ElementsAre("x"));
  EXPECT_THAT(pool.numbers("DATES"), ElementsAre(0.0, -883656000.0, -31579170.0));
  EXPECT_FALSE(pool.has("C"));
  EXPECT_TRUE(pool.is_numeric("A"));
  EXPECT_THAT(pool.names_with_prefix("D"), ElementsAre("DATES"));
}

TEST(TextKernel, SyntaxErrorsNameSourceAndLine) {
  EXPECT_THAT(parse_error("\\begindata\nA = ( 1 2\n\\begintext\n"), HasSubstr("bad.tk:2"));
  EXPECT_THAT(parse_error("\\begindata\nA = ( 1 2\n"), HasSubstr("not terminated"));
  EXPECT_THAT(parse_error("\\begindata\n\nA = ( 1 'x' )\n"), HasSubstr("bad.tk:3: A mixes numbers and strings"));
  EXPECT_THAT(parse_error("\\begindata\nA = 1.2.3\n"), HasSubstr("bad value '1.2.3' for A"));
  EXPECT_THAT(parse_error("\\begindata\nA 1\n"), HasSubstr("expected '=' or '+=' after A"));
  EXPECT_THAT(parse_error("\\begindata\nA = 'open\n"), HasSubstr("unterminated string"));
  EXPECT_THAT(parse_error("\\begindata\nA = @1999-FOO-01\n"), HasSubstr("bad value '@1999-FOO-01'"));
  EXPECT_THAT(parse_error("\\begindata\nA = ( )\n"), HasSubstr("empty value list"));
  EXPECT_THAT(parse_error("\\begindata\nA = 1\nA += 'x'\n"), HasSubstr("mixes numbers and strings"));
}

TEST(TextKernel, FailedParseLeavesPoolUnchanged) {
  TextKernelPool pool;
  pool.parse("\\begindata\nA = 1\n", "ok");
  EXPECT_THROW(pool.parse("\\begindata\nA = 2\nB = (\n", "bad"), SpiceError);
  EXPECT_THAT(pool.numbers("A"), ElementsAre(1.0));
  EXPECT_FALSE(pool.has("B"));
}

TEST(TextKernel, MissingOrWrongKindVariableNamesIt) {
  TextKernelPool pool;
  pool.parse("\\begindata\nA = 1\nS = 'x'\n", "inline");
  EXPECT_THROW(pool.numbers("NOPE"), SpiceError);
  try {
    pool.numbers("BODY301_POLE_RA");
    FAIL();
  } catch (const SpiceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("BODY301_POLE_RA"));
  }
  EXPECT_THROW(pool.strings("A"), SpiceError);
  EXPECT_THROW(pool.numbers("S"), SpiceError);
}

TEST(TextKernel, MissingFileNamesIt) {
  TextKernelPool pool;
  try {
    pool.load("/nonexistent/x.tls");
    FAIL();
  } catch (const SpiceError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/x.tls"));
  }
}

}  // namespace
