#pragma once
// Splitting text into lines, and allocation-free scanning of the whitespace-separated fields
// of one line of a text table.
// Numbers are read with std::from_chars (locale-independent, exact rounding), most of them by
// its exact fast path below first.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace lpm::io {

// Field separators inside a line; CR is included so CRLF files read like LF files.
inline bool is_field_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

inline bool is_blank(std::string_view line) {
  for (char c : line)
    if (!is_field_space(c)) return false;
  return true;
}

// Line ends: "\n", "\r\n" and a lone "\r" (tables saved with classic Mac OS line ends) each end
// one line. Position of the first line-end byte at or after `from` (text.size() if none).
inline std::size_t find_line_end(std::string_view text, std::size_t from) {
  const char* start = text.data() + from;
  const std::size_t rest = text.size() - from;
  // Two memchr scans are much faster than a byte loop over the ~1.8 kB lines of an ER table.
  const auto* lf = static_cast<const char*>(std::memchr(start, '\n', rest));
  const std::size_t before_lf = lf ? static_cast<std::size_t>(lf - start) : rest;
  const auto* cr = static_cast<const char*>(std::memchr(start, '\r', before_lf));
  return from + (cr ? static_cast<std::size_t>(cr - start) : before_lf);
}

// Length of the line end at `at` (a position find_line_end returned): 2 for "\r\n", 1 for a
// lone "\n" or "\r", 0 at the end of the text.
inline std::size_t line_end_length(std::string_view text, std::size_t at) {
  if (at >= text.size()) return 0;
  return text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n' ? 2 : 1;
}

// Calls visit(line_number, line) for every line of `text` (numbers from 1; the line without
// its line end; a final line without a line end is visited too).
template <class Visit>
void for_each_line(std::string_view text, Visit&& visit) {
  std::size_t line_number = 0;
  for (std::size_t position = 0; position < text.size();) {
    const std::size_t line_end = find_line_end(text, position);
    visit(++line_number, text.substr(position, line_end - position));
    position = line_end + line_end_length(text, line_end);
  }
}

// Clinger's fast path (W. D. Clinger 1990, "How to read floating point numbers accurately",
// PLDI '90): a decimal whose significant digits form an integer m < 10^15 and whose power of ten
// 10^e has |e| ≤ 22 is m·10^e or m / 10^−e, both operands exact doubles, so the one rounding of
// that operation gives the correctly rounded value: the one std::from_chars gives. Reads
// [-] (digits [. digits] | . digits) [(e|E) [+|-] digits] from `first`; returns where the number
// ends, or nullptr for anything else (more digits, a larger exponent, inf, nan, hex, a bad
// exponent), which the caller hands to from_chars. Most fields of an ER table qualify
// ("4.723E-02", "325.8", "-2.3156").
inline const char* read_short_decimal(const char* first, const char* last, double& value) {
  static constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr int max_digits = 15, max_power = 22;
  const char* p = first;
  const bool negative = p != last && *p == '-';
  if (negative) ++p;
  std::uint64_t m = 0;
  int significant = 0, digits = 0, exponent = 0;
  auto digit = [&](char c) {
    if (significant > 0 || c != '0') ++significant;
    m = 10 * m + static_cast<std::uint64_t>(c - '0');
    ++digits;
  };
  for (; p != last && *p >= '0' && *p <= '9'; ++p) digit(*p);
  if (p != last && *p == '.') {
    for (++p; p != last && *p >= '0' && *p <= '9'; ++p) {
      digit(*p);
      --exponent;
    }
  }
  if (digits == 0 || significant > max_digits) return nullptr;
  if (p != last && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool down = p != last && *p == '-';
    if (p != last && (*p == '-' || *p == '+')) ++p;
    int written = 0, exponent_digits = 0;
    for (; p != last && *p >= '0' && *p <= '9' && exponent_digits < 4; ++p, ++exponent_digits)
      written = 10 * written + (*p - '0');
    if (exponent_digits == 0 || (p != last && *p >= '0' && *p <= '9')) return nullptr;
    exponent += down ? -written : written;
  }
  if (exponent < -max_power || exponent > max_power) return nullptr;
  const double magnitude = static_cast<double>(m);  // exact: m < 10^15 < 2^53
  const double v = exponent >= 0 ? magnitude * powers_of_ten[exponent] : magnitude / powers_of_ten[-exponent];
  value = negative ? -v : v;
  return p;
}

enum class ScanResult { ok, end_of_line, bad_text };

class FieldScanner {
 public:
  explicit FieldScanner(std::string_view line) : p_(line.data()), end_(line.data() + line.size()) {}

  // The next blank-delimited token, or an empty view at the end of the line.
  std::string_view next_token() {
    skip_spaces();
    const char* start = p_;
    while (p_ != end_ && !is_field_space(*p_)) ++p_;
    token_ = std::string_view(start, static_cast<std::size_t>(p_ - start));
    return token_;
  }

  // The next field as a finite double. "nan", "inf" and out-of-range numbers are bad_text.
  ScanResult next_double(double& value) { return next_number(value); }
  ScanResult next_integer(std::int64_t& value) { return next_number(value); }

  // True when only blanks remain.
  bool at_end() {
    skip_spaces();
    return p_ == end_;
  }

  // The token last read (for error messages).
  std::string_view last_token() const { return token_; }

 private:
  template <class Number>
  ScanResult next_number(Number& value) {
    skip_spaces();
    if (p_ == end_) return ScanResult::end_of_line;
    const char* start = p_;
    const char* digits = (*p_ == '+' && p_ + 1 != end_ && p_[1] != '-') ? p_ + 1 : p_;  // allow "+1.5"
    if constexpr (std::is_floating_point_v<Number>) {
      const char* stop = read_short_decimal(digits, end_, value);
      if (stop && (stop == end_ || is_field_space(*stop))) {
        p_ = stop;
        return ScanResult::ok;
      }
    }
    auto [ptr, ec] = std::from_chars(digits, end_, value);
    bool whole_token = ptr != digits && (ptr == end_ || is_field_space(*ptr));
    bool finite = true;
    if constexpr (std::is_floating_point_v<Number>) finite = std::isfinite(value);
    if (ec == std::errc{} && whole_token && finite) {
      p_ = ptr;
      return ScanResult::ok;
    }
    p_ = start;
    next_token();  // consume the bad token so it can be reported
    return ScanResult::bad_text;
  }

  void skip_spaces() {
    while (p_ != end_ && is_field_space(*p_)) ++p_;
  }

  const char* p_;
  const char* end_;
  std::string_view token_;
};

}  // namespace lpm::io
