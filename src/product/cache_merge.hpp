#pragma once
// `merge` (issue 22): caches written by `batch` over disjoint days (e.g. `batch --split day`)
// combined into the bytes one `batch` over all those days writes. Arrays are streamed one part
// at a time, so memory is bounded by one part's largest array, not by the total.

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "io/atomic_output.hpp"

namespace lpm::product {

// A part that cannot be merged (bad input: exit 2), as opposed to a failure while writing.
struct MergeInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes `output` from `parts` (any order: they are put in the order of their ER tables). The
// global spec_no of P§1.5 continues across parts as it does across the files of one run, and
// spec_file_index points into the joined `files`. Throws std::runtime_error, one line naming the
// part, for a file that is not a cache, parts made with other settings, version or kernels
// (every run-level key must be equal), parts that share an ER table or whose tables interleave
// in time, and spec_no ranges that would interleave. Returns false, with nothing written, when
// cancelled (Ctrl-C, SIGTERM) before the output is in place.
bool merge_caches(const std::vector<std::filesystem::path>& parts, const std::filesystem::path& output,
                  io::ExistingOutput existing = io::ExistingOutput::replace);

}  // namespace lpm::product
