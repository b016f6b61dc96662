#pragma once
// Splitting text into lines, and allocation-free scanning of the whitespace-separated fields
// of one line of a text table.
// Numbers are read with std::from_chars (locale-independent, exact rounding).

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
    if constexpr (std::is_floating_point_v<Number>) {
      // "0E+00", how the ER tables write most of their fluxes (no count), without from_chars.
      constexpr std::string_view zero = "0E+00";
      if (static_cast<std::size_t>(end_ - p_) >= zero.size() && std::memcmp(p_, zero.data(), zero.size()) == 0 &&
          (end_ - p_ == static_cast<std::ptrdiff_t>(zero.size()) || is_field_space(p_[zero.size()]))) {
        value = 0.0;
        p_ += zero.size();
        return ScanResult::ok;
      }
    }
    const char* digits = (*p_ == '+' && p_ + 1 != end_ && p_[1] != '-') ? p_ + 1 : p_;  // allow "+1.5"
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
