// Reading the numbers of a text table (io/text_scan.hpp): the exact fast path must give what
// std::from_chars gives, bit for bit and token for token, accepted or refused.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/text_scan.hpp"

namespace lpm::io {
namespace {

// The reader's rule without the fast paths: an optional '+' (not "+-"), then std::from_chars
// over the whole token, finite. ok holds whether the token is accepted.
struct Expected {
  bool ok;
  double value;
};
Expected from_chars_rule(const std::string& token) {
  const char* first = token.data();
  const char* last = token.data() + token.size();
  const char* digits = (*first == '+' && first + 1 != last && first[1] != '-') ? first + 1 : first;
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(digits, last, value);
  return {ec == std::errc{} && ptr == last && ptr != digits && std::isfinite(value), value};
}

void expect_same_as_from_chars(const std::string& token) {
  SCOPED_TRACE("token '" + token + "'");
  const Expected expected = from_chars_rule(token);
  const std::string line = token + " 7";
  FieldScanner scanner(line);
  double value = -1.0;
  const ScanResult result = scanner.next_double(value);
  ASSERT_EQ(result == ScanResult::ok, expected.ok);
  if (expected.ok) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(value), std::bit_cast<std::uint64_t>(expected.value));
    double next = 0.0;  // the scanner stopped at the token's end
    ASSERT_EQ(scanner.next_double(next), ScanResult::ok);
    EXPECT_EQ(next, 7.0);
  }
}

TEST(TextScan, TokensOfTheErTablesReadAsFromCharsReadsThem) {
  for (const char* token : {"4.723E-02", "325.8", "-2.3156", "0E+00", "1.000E+31", "-1.000E+31", "9.999E+30", "0.0",
                            "-0.0", "-0", "20000", "897004824", "1.5E-07", "6.02214076E+23", "2.2250738585072014E-308"})
    expect_same_as_from_chars(token);
}

TEST(TextScan, EdgeTokensAreAcceptedOrRefusedAsFromCharsDoes) {
  for (const char* token : {"5.",
                            ".5",
                            "-.5",
                            "+.5",
                            "+5",
                            "+-5",
                            "-+5",
                            "1e5",
                            "1E+05",
                            "1e-22",
                            "1e22",
                            "1e23",
                            "1e-23",
                            "1e",
                            "1e+",
                            "1E-",
                            "e5",
                            ".",
                            "-",
                            "+",
                            "..5",
                            "1..5",
                            "1.2.3",
                            "1e5.5",
                            "1e+0005",
                            "1e99999",
                            "000000000000000000012.5",
                            "123456789012345",
                            "1234567890123456",
                            "0.123456789012345",
                            "0.1234567890123456",
                            "9007199254740993",
                            "nan",
                            "inf",
                            "-inf",
                            "0x1p3",
                            "1_0",
                            "1e5x",
                            "5x",
                            "1,5",
                            "1E+308",
                            "1E+309",
                            "4.9E-324",
                            "1E-400"})
    expect_same_as_from_chars(token);
}

// Random decimals of every shape the fast path meets and of those it hands on: integer and
// fraction digits 0–20, exponents of 0–5 digits with or without sign, a sign, an odd suffix.
TEST(TextScan, RandomDecimalsReadAsFromCharsReadsThemToTheBit) {
  std::mt19937_64 random(20261201);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<std::uint64_t>(n)); };
  auto digits = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + pick(10));
    return s;
  };
  int fast = 0;
  for (int k = 0; k < 400000; ++k) {
    std::string token;
    const int sign = pick(6);
    if (sign == 0) token += '-';
    if (sign == 1) token += '+';
    token += digits(pick(4) == 0 ? pick(21) : pick(6));
    if (pick(3) != 0) token += '.' + digits(pick(4) == 0 ? pick(21) : pick(6));
    if (pick(2) == 0) {
      token += pick(2) == 0 ? 'E' : 'e';
      const int exponent_sign = pick(3);
      if (exponent_sign == 0) token += '-';
      if (exponent_sign == 1) token += '+';
      token += digits(pick(5) == 0 ? pick(6) : 1 + pick(2));
    }
    if (pick(50) == 0) token += "x.e+-"[pick(5)];
    if (token.empty()) continue;
    double value = 0.0;
    const char* stop = read_short_decimal(token.data(), token.data() + token.size(), value);
    fast += stop == token.data() + token.size();
    expect_same_as_from_chars(token);
    if (HasFailure()) return;
  }
  EXPECT_GT(fast, 100000);  // the fast path itself was exercised, not only the fallback
}

}  // namespace
}  // namespace lpm::io
