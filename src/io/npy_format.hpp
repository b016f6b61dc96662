#pragma once
// The `.npy` file format, version 1.0 for writing (1.0, 2.0 and 3.0 for reading):
//   "\x93NUMPY" major minor, header length (uint16 LE; uint32 LE from 2.0), header text, data.
// The header text is the Python dict literal numpy writes, e.g.
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3,), }
// padded with spaces and a final '\n' so that the data starts at a multiple of 64 bytes.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "io/npy_array.hpp"

namespace lpm::io {

// A shape as numpy prints it: "(3,)", "(2, 3)", "()".
std::string npy_shape_repr(const std::vector<std::size_t>& shape);

// Everything in front of the data, byte-identical to numpy 1.24's np.save (including the spare
// spaces numpy leaves after the dict for growing the first axis in place).
std::vector<std::uint8_t> npy_header(const NpyArray& array);
// The same from dtype and shape alone (`array.data` is not looked at), for arrays whose data is
// written in pieces.
std::vector<std::uint8_t> npy_header_for_layout(const NpyArray& array);

// numpy writes headers of at most 65535 bytes (version 1.0) plus the 12-byte preamble of 2.0.
inline constexpr std::size_t max_npy_header_bytes = 12 + 0xFFFF;

// What the header of a .npy file says, so that its size is known before the data is read.
struct NpyLayout {
  NpyArray array;                // dtype and shape, no data
  std::size_t header_bytes = 0;  // where the data starts
  std::uint64_t data_bytes = 0;  // what the shape implies (checked for overflow)
  std::uint64_t total_bytes() const { return header_bytes + data_bytes; }
};

// Parses the header at the start of `bytes` (the data after it may be missing or cut). Throws
// std::runtime_error with a one-line reason (no file name; the caller adds it) on a bad magic, an
// unsupported version or dtype, fortran_order True, a header that is not the expected dict or
// is longer than max_npy_header_bytes, or a shape whose size does not fit 64 bits.
NpyLayout parse_npy_header(std::span<const std::uint8_t> bytes);

// Parses a whole .npy file: the header as above, and a data length that must match the shape.
NpyArray parse_npy(std::span<const std::uint8_t> bytes);
// The same, moving the data into the array instead of copying it (large entries of an NPZ).
NpyArray parse_npy(std::vector<std::uint8_t>&& bytes);

}  // namespace lpm::io
