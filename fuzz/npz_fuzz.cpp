// libFuzzer target: the NPZ reader (src/io/npz.hpp) and, behind it, the .npy parser.
// The first byte chooses: even → the rest is a whole .npz archive (read_npz, through a file),
// odd → the rest is one .npy entry (parse_npy), so that header parsing is reached without
// having to forge a zip container and CRC around it. A defect must be a std::runtime_error.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>

#include "fuzz_input_file.hpp"
#include "io/npy_format.hpp"
#include "io/npz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t* body = data + 1;
  const std::size_t body_size = size - 1;
  try {
    if (data[0] % 2 == 0) {
      const lpm::io::NpzArchive archive = lpm::io::read_npz(lpm::fuzz::as_file(body, body_size));
      for (const auto& [key, array] : archive.entries()) (void)lpm::io::npy_header(array);
    } else {
      const lpm::io::NpyArray array = lpm::io::parse_npy(std::span<const std::uint8_t>(body, body_size));
      (void)lpm::io::npy_header(array);
    }
  } catch (const std::runtime_error&) {
  }
  return 0;
}
