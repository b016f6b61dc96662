#include "io/text_file.hpp"

#include "io/input_limits.hpp"
#include "io/regular_file.hpp"

namespace lpm::io {

std::string read_whole_file(const std::filesystem::path& path) {
  return read_regular_file(path, max_er_table_bytes, "text table");  // ER tables are the largest
}

}  // namespace lpm::io
