#include "io/npy_array.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "io/npy_le_bytes.hpp"

namespace lpm::io {
namespace {

constexpr char32_t replacement_char = 0xFFFD;
constexpr int max_unicode_width = 1 << 20;  // far above any real use; keeps 4 * width in range

void require_dtype(const NpyArray& array, DType expected, int unicode_width = 0) {
  if (array.dtype == expected) return;
  NpyArray wanted{expected, unicode_width, {}, {}};
  std::string wanted_name = expected == DType::unicode ? std::string("<U") : wanted.descr();
  throw std::runtime_error(fmt::format("NPY array has dtype {}, not the requested {}", array.descr(), wanted_name));
}

template <typename Out, typename UInt>
std::vector<Out> decode_numbers(const NpyArray& array, DType dtype) {
  require_dtype(array, dtype);
  const std::size_t n = checked_element_count(array);
  std::vector<Out> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = std::bit_cast<Out>(load_le<UInt>(array.data.data() + i * sizeof(UInt)));
  return out;
}

template <typename UInt, typename In>
NpyArray encode_numbers(DType dtype, const std::vector<In>& values) {
  NpyArray array{dtype, 0, {values.size()}, std::vector<std::uint8_t>(values.size() * sizeof(UInt))};
  for (std::size_t i = 0; i < values.size(); ++i)
    store_le<UInt>(array.data.data() + i * sizeof(UInt), std::bit_cast<UInt>(values[i]));
  return array;
}

NpyArray as_scalar(NpyArray array) {
  array.shape.clear();
  return array;
}

// UTF-8 → code points. Each maximal invalid subsequence becomes one U+FFFD (Unicode §3.9,
// "U+FFFD substitution of maximal subparts"); overlongs, surrogates and > U+10FFFF are invalid.
std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      out.push_back(lead);
      ++i;
      continue;
    }
    std::size_t length = 0;
    char32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2, cp = lead & 0x1Fu;
    } else if ((lead & 0xF0u) == 0xE0u) {
      length = 3, cp = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4, cp = lead & 0x07u;
    } else {
      out.push_back(replacement_char);
      ++i;
      continue;
    }
    std::size_t j = 1;
    for (; j < length && i + j < text.size(); ++j) {
      const auto c = static_cast<unsigned char>(text[i + j]);
      if ((c & 0xC0u) != 0x80u) break;
      if (j == 1 && ((lead == 0xE0 && c < 0xA0) || (lead == 0xED && c > 0x9F) || (lead == 0xF0 && c < 0x90) ||
                     (lead == 0xF4 && c > 0x8F)))
        break;  // overlong, surrogate or beyond U+10FFFF: the lead byte alone is the bad part
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (j < length) {
      out.push_back(replacement_char);
      i += j;
      continue;
    }
    out.push_back(cp);
    i += length;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = replacement_char;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::size_t item_size(DType dtype, int unicode_width) {
  switch (dtype) {
    case DType::f8:
    case DType::i8: return 8;
    case DType::i4: return 4;
    case DType::i1:
    case DType::b1: return 1;
    case DType::unicode:
      if (unicode_width < 1 || unicode_width > max_unicode_width)
        throw std::runtime_error(fmt::format("NPY unicode width {} outside 1..{}", unicode_width, max_unicode_width));
      return 4 * static_cast<std::size_t>(unicode_width);
  }
  throw std::runtime_error("NPY array has an unknown dtype");
}

std::size_t checked_element_count(const NpyArray& array) {
  const std::size_t n = array.size();
  const std::size_t bytes_per_element = item_size(array.dtype, array.unicode_width);
  const std::size_t expected = n * bytes_per_element;
  if (n > SIZE_MAX / bytes_per_element || array.data.size() != expected)
    throw std::runtime_error(fmt::format("NPY array of dtype {} and {} elements holds {} bytes, not {}", array.descr(),
                                         n, array.data.size(), expected));
  return n;
}

std::size_t NpyArray::size() const {
  std::size_t n = 1;
  for (std::size_t extent : shape) {
    if (extent != 0 && n > SIZE_MAX / extent)
      throw std::runtime_error("NPY array shape has more elements than memory can address");
    n *= extent;
  }
  return n;
}

std::string NpyArray::descr() const {
  switch (dtype) {
    case DType::f8: return "<f8";
    case DType::i8: return "<i8";
    case DType::i4: return "<i4";
    case DType::i1: return "|i1";
    case DType::b1: return "|b1";
    case DType::unicode: return fmt::format("<U{}", unicode_width);
  }
  return "?";
}

std::vector<double> NpyArray::as_f8() const { return decode_numbers<double, std::uint64_t>(*this, DType::f8); }
std::vector<std::int64_t> NpyArray::as_i8() const {
  return decode_numbers<std::int64_t, std::uint64_t>(*this, DType::i8);
}
std::vector<std::int32_t> NpyArray::as_i4() const {
  return decode_numbers<std::int32_t, std::uint32_t>(*this, DType::i4);
}
std::vector<std::int8_t> NpyArray::as_i1() const { return decode_numbers<std::int8_t, std::uint8_t>(*this, DType::i1); }

std::vector<bool> NpyArray::as_bool() const {
  require_dtype(*this, DType::b1);
  const std::size_t n = checked_element_count(*this);
  std::vector<bool> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = data[i] != 0;
  return out;
}

std::string NpyArray::string_at(std::size_t i) const {
  require_dtype(*this, DType::unicode);
  if (i >= checked_element_count(*this))
    throw std::runtime_error(fmt::format("string element {} of {} requested", i, size()));
  const auto width = static_cast<std::size_t>(unicode_width);
  const std::uint8_t* element = data.data() + i * 4 * width;
  std::size_t length = width;
  while (length > 0 && load_le<std::uint32_t>(element + 4 * (length - 1)) == 0) --length;
  std::string text;
  for (std::size_t k = 0; k < length; ++k) append_utf8(text, load_le<std::uint32_t>(element + 4 * k));
  return text;
}

std::vector<std::string> NpyArray::as_strings() const {
  require_dtype(*this, DType::unicode);
  std::vector<std::string> out(checked_element_count(*this));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = string_at(i);
  return out;
}

NpyArray make_f8(const std::vector<double>& values) { return encode_numbers<std::uint64_t>(DType::f8, values); }
NpyArray make_i8(const std::vector<std::int64_t>& values) { return encode_numbers<std::uint64_t>(DType::i8, values); }
NpyArray make_i4(const std::vector<std::int32_t>& values) { return encode_numbers<std::uint32_t>(DType::i4, values); }
NpyArray make_i1(const std::vector<std::int8_t>& values) { return encode_numbers<std::uint8_t>(DType::i1, values); }

NpyArray make_bool(const std::vector<bool>& values) {
  NpyArray array{DType::b1, 0, {values.size()}, std::vector<std::uint8_t>(values.size())};
  for (std::size_t i = 0; i < values.size(); ++i) array.data[i] = values[i] ? 1 : 0;
  return array;
}

NpyArray make_unicode(const std::vector<std::string>& values, int width) {
  const std::vector<std::string_view> views(values.begin(), values.end());
  return make_unicode(std::span<const std::string_view>(views), width);
}

NpyArray make_unicode(std::span<const std::string_view> values, int width) {
  const std::size_t element_bytes = item_size(DType::unicode, width);
  NpyArray array{DType::unicode, width, {values.size()}, std::vector<std::uint8_t>(values.size() * element_bytes)};
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::u32string cps = decode_utf8(values[i]);
    const std::size_t kept = std::min(cps.size(), static_cast<std::size_t>(width));
    for (std::size_t k = 0; k < kept; ++k)
      store_le<std::uint32_t>(array.data.data() + i * element_bytes + 4 * k, cps[k]);
  }
  return array;
}

NpyArray scalar_f8(double value) { return as_scalar(make_f8({value})); }
NpyArray scalar_i8(std::int64_t value) { return as_scalar(make_i8({value})); }
NpyArray scalar_bool(bool value) { return as_scalar(make_bool({value})); }
NpyArray scalar_unicode(const std::string& value, int width) { return as_scalar(make_unicode({value}, width)); }

}  // namespace lpm::io
