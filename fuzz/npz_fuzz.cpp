// libFuzzer target: the NPZ readers (src/io/npz.hpp) and, behind them, the .npy parser.
// The first byte chooses: odd → the rest is one .npy entry (parse_npy), so that header parsing is
// reached without having to forge a zip container and CRC around it; even → the rest is a whole
// .npz archive, read at once (read_npz: bit 1 clear) or entry by entry in pieces as `merge` reads
// it (NpzReader's layout and data_pieces: bit 1 set; the piece size comes from the upper bits, so
// that pieces of 1 byte up to 64 KiB cross every boundary). A defect must be a std::runtime_error.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>

#include "fuzz_input_file.hpp"
#include "io/npy_format.hpp"
#include "io/npz.hpp"

namespace {

void read_in_pieces(const std::filesystem::path& path, std::size_t piece_bytes) {
  const lpm::io::NpzReader reader(path);
  for (const std::string& key : reader.keys()) {
    (void)lpm::io::npy_header(reader.layout(key));
    const lpm::io::NpzReader::DataPieces pieces = reader.data_pieces(key);
    while (!pieces(piece_bytes).empty()) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  const std::uint8_t* body = data + 1;
  const std::size_t body_size = size - 1;
  try {
    if (mode % 2 == 1) {
      const lpm::io::NpyArray array = lpm::io::parse_npy(std::span<const std::uint8_t>(body, body_size));
      (void)lpm::io::npy_header(array);
    } else if ((mode & 2) == 0) {
      const lpm::io::NpzArchive archive = lpm::io::read_npz(lpm::fuzz::as_file(body, body_size));
      for (const auto& [key, array] : archive.entries()) (void)lpm::io::npy_header(array);
    } else {
      read_in_pieces(lpm::fuzz::as_file(body, body_size), 1 + static_cast<std::size_t>(mode >> 2) * 1040);
    }
  } catch (const std::runtime_error&) {
  }
  return 0;
}
