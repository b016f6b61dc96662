#pragma once
// The parts of `batch --split day|month` (issue 22): the selected ER tables grouped by day or
// month, each group with the date selection that names its output (io::batch_output_name, the
// one owner of output names), e.g. potential_batch_1998_06_15.npz for a day.

#include <vector>

#include "io/date_selection.hpp"
#include "io/file_discovery.hpp"

namespace lpm::product {

enum class BatchSplit { none, day, month };

struct BatchPart {
  io::DateSelection selection;        // names the part's output
  std::vector<io::ErFileRef> tables;  // in discovery order
};

// Groups `tables` (discovery order) by day or month; none gives one part named by `selection`.
// A month part is named by year and month when the selection takes every day of the month,
// else by the part of a --start/--end range inside the month, or by its day with --day.
std::vector<BatchPart> split_batch(const std::vector<io::ErFileRef>& tables, const io::DateSelection& selection,
                                   BatchSplit split);

}  // namespace lpm::product
