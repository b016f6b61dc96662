#pragma once
// A temporary file without a name, for data kept on disk only while the program needs it (the
// entries of an NPZ compressed ahead of their turn, npz.hpp): nothing to remove afterwards,
// however the process ends.

#include <filesystem>

#include "io/zip_posix_file.hpp"

namespace lpm::io {

// Opens, for reading and writing, a new file in `folder` that has no name (O_TMPFILE; on a file
// system without it, a mkstemp name removed at once). Throws std::runtime_error naming the folder.
UniqueFd unnamed_temp_file(const std::filesystem::path& folder);

}  // namespace lpm::io
