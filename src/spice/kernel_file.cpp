#include "spice/kernel_file.hpp"

#include <stdexcept>

#include "io/input_limits.hpp"
#include "io/regular_file.hpp"
#include "spice/error.hpp"

namespace lpm::spice {
namespace {

// The io errors already start with the path; they only change type.
template <typename Read>
auto as_spice_error(Read&& read) {
  try {
    return read();
  } catch (const SpiceError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw SpiceError(e.what());
  }
}

}  // namespace

std::vector<std::uint8_t> read_binary_kernel(const std::filesystem::path& path) {
  return as_spice_error(
      [&] { return io::read_regular_file_bytes(path, io::max_binary_kernel_bytes, "binary kernel"); });
}

std::string read_text_kernel(const std::filesystem::path& path) {
  return as_spice_error([&] { return io::read_regular_file(path, io::max_text_kernel_bytes, "text kernel"); });
}

std::string read_kernel_head(const std::filesystem::path& path, std::size_t head_bytes) {
  return as_spice_error(
      [&] { return io::read_regular_file_head(path, head_bytes, io::max_binary_kernel_bytes, "SPICE kernel"); });
}

}  // namespace lpm::spice
