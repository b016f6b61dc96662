#pragma once
// Little-endian loads and stores of unsigned integers, independent of the host byte order.
// Shared by the .npy payload code and the zip container code (both formats are little-endian).

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace lpm::io {

template <typename UInt>
UInt load_le(const std::uint8_t* bytes) {
  static_assert(std::is_unsigned_v<UInt>);
  UInt value = 0;
  for (std::size_t i = 0; i < sizeof(UInt); ++i) value |= static_cast<UInt>(bytes[i]) << (8 * i);
  return value;
}

template <typename UInt>
void store_le(std::uint8_t* bytes, UInt value) {
  static_assert(std::is_unsigned_v<UInt>);
  for (std::size_t i = 0; i < sizeof(UInt); ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

template <typename UInt>
void append_le(std::vector<std::uint8_t>& out, UInt value) {
  static_assert(std::is_unsigned_v<UInt>);
  for (std::size_t i = 0; i < sizeof(UInt); ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

}  // namespace lpm::io
