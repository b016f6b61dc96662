#include "io/npy_format.hpp"

#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/npy_le_bytes.hpp"

namespace lpm::io {
namespace {

constexpr std::string_view magic = "\x93NUMPY";
constexpr std::size_t array_align = 64;         // numpy's ARRAY_ALIGN
constexpr std::size_t growth_axis_digits = 21;  // numpy's GROWTH_AXIS_MAX_DIGITS

[[noreturn]] void fail(const std::string& reason) { throw std::runtime_error(reason); }

// --- A parser for the small subset of Python literals found in .npy headers. ---

using Tuple = std::vector<std::size_t>;
using Value = std::variant<std::string, bool, Tuple>;

class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : text_(text) {}

  std::map<std::string, Value> parse_dict() {
    std::map<std::string, Value> dict;
    parse_list('{', '}', "header is not a dict (expected ',' or '}')", [&] {
      std::string key = parse_string();
      expect(':');
      Value value = parse_value();
      if (!dict.emplace(std::move(key), std::move(value)).second) fail("header repeats a key");
    });
    skip_space();
    if (pos_ != text_.size()) fail("header has text after the dict");
    return dict;
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail(fmt::format("header is not a dict (expected '{}' at byte {})", c, pos_));
    ++pos_;
  }
  bool consume_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  std::string parse_string() {
    skip_space();
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail(fmt::format("header is not a dict (expected a string at byte {})", pos_));
    const std::size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) fail("header has an unterminated string");
    std::string value(text_.substr(pos_ + 1, end - pos_ - 1));
    if (value.find('\\') != std::string::npos) fail("header string with escapes is not supported");
    pos_ = end + 1;
    return value;
  }

  std::size_t parse_integer() {
    skip_space();
    if (peek() < '0' || peek() > '9') fail(fmt::format("header shape has a non-integer at byte {}", pos_));
    std::size_t value = 0;
    while (peek() >= '0' && peek() <= '9') {
      const auto digit = static_cast<std::size_t>(peek() - '0');
      if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10) fail("header shape value is too large");
      value = value * 10 + digit;
      ++pos_;
    }
    if (peek() == 'L') ++pos_;  // Python 2 long literal, still found in old files
    return value;
  }

  Tuple parse_tuple() {
    Tuple tuple;
    parse_list('(', ')', "header shape is not a tuple of integers", [&] { tuple.push_back(parse_integer()); });
    return tuple;
  }

  // open item, item, ... close (a trailing comma allowed, as Python writes it).
  template <typename ParseItem>
  void parse_list(char open, char close, const char* malformed, ParseItem&& parse_item) {
    expect(open);
    while (true) {
      skip_space();
      if (peek() == close) break;
      parse_item();
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != close) fail(malformed);
    }
    ++pos_;
  }

  Value parse_value() {
    skip_space();
    const char c = peek();
    if (c == '\'' || c == '"') return parse_string();
    if (c == '(') return parse_tuple();
    if (consume_word("True")) return true;
    if (consume_word("False")) return false;
    fail(fmt::format("header value at byte {} is not supported (structured dtype?)", pos_));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// "<f8" → (f8, 0), "<U64" → (unicode, 64); anything else is unsupported.
std::pair<DType, int> parse_descr(const std::string& descr) {
  static const std::map<std::string, DType, std::less<>> fixed = {
      {"<f8", DType::f8}, {"<i8", DType::i8}, {"<i4", DType::i4}, {"|i1", DType::i1}, {"|b1", DType::b1}};
  if (auto it = fixed.find(descr); it != fixed.end()) return {it->second, 0};
  if (descr.size() > 2 && descr.size() <= 9 && descr.compare(0, 2, "<U") == 0 &&
      descr.find_first_not_of("0123456789", 2) == std::string::npos) {
    const int width = std::stoi(descr.substr(2));
    if (width >= 1) {
      item_size(DType::unicode, width);  // throws when out of the supported range
      return {DType::unicode, width};
    }
  }
  fail(fmt::format("unsupported dtype '{}' (supported: <f8 <i8 <i4 |i1 |b1 <U{{n}})", descr));
}

}  // namespace

std::string npy_shape_repr(const std::vector<std::size_t>& shape) {
  if (shape.size() == 1) return fmt::format("({},)", shape[0]);
  return fmt::format("({})", fmt::join(shape, ", "));  // "()" for a 0-d scalar
}

std::vector<std::uint8_t> npy_header(const NpyArray& array) {
  checked_element_count(array);
  return npy_header_for_layout(array);
}

std::vector<std::uint8_t> npy_header_for_layout(const NpyArray& array) {
  std::string dict = fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': {}, }}", array.descr(),
                                 npy_shape_repr(array.shape));
  if (!array.shape.empty()) {
    const std::size_t digits = fmt::formatted_size("{}", array.shape[0]);
    dict.append(growth_axis_digits > digits ? growth_axis_digits - digits : 0, ' ');
  }
  // magic (6) + version (2) + length (2) + dict + padding + '\n' ≡ 0 mod 64; numpy pads a
  // full 64 bytes when already aligned, so do the same.
  const std::size_t unpadded = magic.size() + 2 + 2 + dict.size() + 1;
  const std::size_t padding = array_align - unpadded % array_align;
  dict.append(padding, ' ');
  dict.push_back('\n');
  if (dict.size() > 0xFFFF) fail("NPY header longer than 65535 bytes");

  std::vector<std::uint8_t> out(magic.begin(), magic.end());
  out.push_back(1);  // format version 1.0
  out.push_back(0);
  append_le<std::uint16_t>(out, static_cast<std::uint16_t>(dict.size()));
  out.insert(out.end(), dict.begin(), dict.end());
  return out;
}

NpyLayout parse_npy_header(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < magic.size() + 2 || std::memcmp(bytes.data(), magic.data(), magic.size()) != 0)
    fail("not a .npy file (bad magic)");
  const std::uint8_t major = bytes[6];
  const std::uint8_t minor = bytes[7];
  if (minor != 0 || major < 1 || major > 3) fail(fmt::format("unsupported .npy version {}.{}", major, minor));
  const std::size_t length_bytes = major == 1 ? 2 : 4;
  const std::size_t header_start = 8 + length_bytes;
  if (bytes.size() < header_start) fail("truncated .npy header");
  const std::size_t header_length =
      major == 1 ? load_le<std::uint16_t>(bytes.data() + 8) : load_le<std::uint32_t>(bytes.data() + 8);
  if (header_length > max_npy_header_bytes - header_start)
    fail(fmt::format(".npy header of {} bytes is longer than numpy writes (at most {})", header_length,
                     max_npy_header_bytes - header_start));
  if (header_length > bytes.size() - header_start) fail("truncated .npy header");

  const std::string_view header(reinterpret_cast<const char*>(bytes.data() + header_start), header_length);
  const auto dict = HeaderParser(header).parse_dict();
  if (dict.size() != 3 || !dict.contains("descr") || !dict.contains("fortran_order") || !dict.contains("shape"))
    fail("header dict must hold exactly the keys descr, fortran_order and shape");
  const auto* descr = std::get_if<std::string>(&dict.at("descr"));
  const auto* fortran_order = std::get_if<bool>(&dict.at("fortran_order"));
  const auto* shape = std::get_if<Tuple>(&dict.at("shape"));
  if (!descr || !fortran_order || !shape) fail("header descr, fortran_order or shape has the wrong type");
  if (*fortran_order) fail("fortran_order True is not supported");

  NpyLayout layout;
  std::tie(layout.array.dtype, layout.array.unicode_width) = parse_descr(*descr);
  layout.array.shape = *shape;
  layout.header_bytes = header_start + header_length;
  // Bytes the shape implies, without overflowing.
  std::uint64_t size = item_size(layout.array.dtype, layout.array.unicode_width);
  const std::uint64_t room = std::numeric_limits<std::uint64_t>::max() - layout.header_bytes;
  for (std::size_t extent : layout.array.shape) {
    if (extent != 0 && size > room / extent)
      fail(fmt::format("shape {} of dtype {} is too large", npy_shape_repr(layout.array.shape), layout.array.descr()));
    size *= extent;
  }
  layout.data_bytes = size;
  return layout;
}

namespace {

// The layout of a whole .npy file, after checking its data length against the shape.
NpyLayout checked_layout(std::span<const std::uint8_t> bytes) {
  NpyLayout layout = parse_npy_header(bytes);
  const std::size_t data_size = bytes.size() - layout.header_bytes;
  if (layout.data_bytes != data_size)
    fail(fmt::format("data length {} bytes does not match shape {} of dtype {}", data_size,
                     npy_shape_repr(layout.array.shape), layout.array.descr()));
  return layout;
}

}  // namespace

NpyArray parse_npy(std::span<const std::uint8_t> bytes) {
  NpyLayout layout = checked_layout(bytes);
  const auto data = bytes.subspan(layout.header_bytes);
  layout.array.data.assign(data.begin(), data.end());
  return std::move(layout.array);
}

NpyArray parse_npy(std::vector<std::uint8_t>&& bytes) {
  NpyLayout layout = checked_layout(bytes);
  bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(layout.header_bytes));
  layout.array.data = std::move(bytes);
  return std::move(layout.array);
}

}  // namespace lpm::io
