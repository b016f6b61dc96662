#pragma once
// One numpy array as stored in a `.npy` file: dtype, shape and the raw little-endian bytes.
// Only the dtypes of the output NPZ (SPEC §5, P§5.5) are supported: <f8, <i8, <i4, |i1, |b1 and
// fixed-width unicode <U{n} (UTF-32LE, n code points, shorter strings padded with U+0000).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lpm::io {

enum class DType { f8, i8, i4, i1, b1, unicode };

struct NpyArray {
  DType dtype = DType::f8;
  int unicode_width = 0;           // code points per element, for DType::unicode (e.g. 64)
  std::vector<std::size_t> shape;  // {} = 0-d scalar, {n} = 1-D (C order for more dimensions)
  std::vector<std::uint8_t> data;  // raw little-endian bytes as stored in the .npy

  std::size_t size() const;   // number of elements (1 for a 0-d scalar)
  std::string descr() const;  // numpy dtype string, e.g. "<f8", "|b1", "<U64"

  // Each accessor throws std::runtime_error naming both dtypes when the dtype does not match.
  std::vector<double> as_f8() const;
  std::vector<std::int64_t> as_i8() const;
  std::vector<std::int32_t> as_i4() const;
  std::vector<std::int8_t> as_i1() const;
  std::vector<bool> as_bool() const;
  std::vector<std::string> as_strings() const;  // UTF-8, trailing U+0000 padding removed
  std::string string_at(std::size_t i) const;   // element i alone, as as_strings()[i]
};

// Number of elements, after checking that `data` holds exactly that many elements of the
// dtype; throws std::runtime_error otherwise (e.g. a hand-built array with a wrong shape).
std::size_t checked_element_count(const NpyArray& array);

// Bytes per element: 8, 8, 4, 1, 1 and 4 * unicode_width.
std::size_t item_size(DType dtype, int unicode_width);

// 1-D arrays.
NpyArray make_f8(const std::vector<double>& values);
NpyArray make_i8(const std::vector<std::int64_t>& values);
NpyArray make_i4(const std::vector<std::int32_t>& values);
NpyArray make_i1(const std::vector<std::int8_t>& values);
NpyArray make_bool(const std::vector<bool>& values);
// UTF-8 input is decoded to code points (each invalid sequence becomes U+FFFD) and cut after
// `width` code points, as numpy does when assigning into a <U{width} array. Throws if width < 1.
NpyArray make_unicode(const std::vector<std::string>& values, int width);
NpyArray make_unicode(std::span<const std::string_view> values, int width);

// 0-d scalars (shape ()).
NpyArray scalar_f8(double value);
NpyArray scalar_i8(std::int64_t value);
NpyArray scalar_bool(bool value);
NpyArray scalar_unicode(const std::string& value, int width);

}  // namespace lpm::io
