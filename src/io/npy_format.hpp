#pragma once
// The `.npy` file format, version 1.0 for writing (1.0, 2.0 and 3.0 for reading):
//   "\x93NUMPY" major minor, header length (uint16 LE; uint32 LE from 2.0), header text, data.
// The header text is the Python dict literal numpy writes, e.g.
//   {'descr': '<f8', 'fortran_order': False, 'shape': (3,), }
// padded with spaces and a final '\n' so that the data starts at a multiple of 64 bytes.

#include <cstdint>
#include <span>
#include <vector>

#include "io/npy_array.hpp"

namespace lpm::io {

// Everything in front of the data, byte-identical to numpy 1.24's np.save (including the spare
// spaces numpy leaves after the dict for growing the first axis in place).
std::vector<std::uint8_t> npy_header(const NpyArray& array);
// The same from dtype and shape alone (`layout.data` is not looked at), for arrays whose data is
// written in pieces.
std::vector<std::uint8_t> npy_header_for_layout(const NpyArray& layout);

// Parses a whole .npy file. Throws std::runtime_error with a one-line reason (no file name;
// the caller adds it) on a bad magic, an unsupported version or dtype, fortran_order True, a
// header that is not the expected dict, or a data length that does not match the shape.
NpyArray parse_npy(std::span<const std::uint8_t> bytes);

}  // namespace lpm::io
