#include "io/er_spectrum_grouping.hpp"

#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>

namespace lpm::io {
namespace {

constexpr std::string_view epoch_zero_utc = "1970-01-01T00:00:00";
constexpr auto rows_per_spectrum = static_cast<std::size_t>(er_rows_per_spectrum);

bool has_bad_field_magnitude(const ErRow& row) {
  const auto& b = row.b_scd_nt;
  double magnitude = std::sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
  return !(magnitude > er_min_field_nt && magnitude < er_max_field_nt);  // NaN is bad too
}

// Epoch-zero sentinel rows (D§2.2): UTC at the Unix epoch, or a numeric time field of 0.
bool has_epoch_zero_time(const ErRow& row) {
  if (row.utc == epoch_zero_utc) return true;
  double time = 1.0;
  const char* end = row.time.data() + row.time.size();
  auto [ptr, ec] = std::from_chars(row.time.data(), end, time);
  return ec == std::errc{} && ptr == end && time == 0.0;
}

}  // namespace

// The rows of one sweep are consecutive in a table, or interleaved with another sweep's: a row
// joins its spec_no's newest group when that group took the previous readable line, or is still
// short of rows and took a line at most one spectrum's length ago. Otherwise it starts a new
// group (a spec_no repeated later in the file is a second spectrum, see process_file).
std::size_t SpectrumGrouper::group_for(std::int64_t spec_no) {
  if (auto it = latest_.find(spec_no); it != latest_.end()) {
    const Group& group = groups_[it->second];
    if (it->second == current_) return current_;
    if (group.lines < rows_per_spectrum && sequence_ - group.last_line <= rows_per_spectrum) return it->second;
  }
  groups_.emplace_back();
  groups_.back().spectrum.spec_no = spec_no;
  groups_.back().spectrum.rows.reserve(rows_per_spectrum);
  latest_[spec_no] = groups_.size() - 1;
  return groups_.size() - 1;
}

void SpectrumGrouper::add_row(ErRow&& row, bool well_formed) {
  ++sequence_;
  const std::size_t index = group_for(row.spec_no);
  if (run_open_) {
    without_spec_no_.back().after = index;
    run_open_ = false;
  }
  current_ = index;
  Group& group = groups_[index];
  ++group.lines;
  group.last_line = sequence_;
  if (!well_formed) {
    group.malformed = true;
    return;
  }
  group.epoch_zero = group.epoch_zero || has_epoch_zero_time(row);
  group.bad_field = group.bad_field || has_bad_field_magnitude(row);
  group.spectrum.rows.push_back(std::move(row));
}

void SpectrumGrouper::add_line_without_spec_no() {
  ++sequence_;
  if (!run_open_) {
    without_spec_no_.push_back({current_, none, 0});
    run_open_ = true;
  }
  ++without_spec_no_.back().lines;
}

// Lines without spec_no inside one spectrum belong to it. Between two spectra (or before the
// first, after the last) they belong to the neighbour that is short of rows, the one before
// first: the damaged first row of a spectrum then drops that spectrum and not the complete one
// before it. With no neighbour short of rows they are a stray header or trailer, of no spectrum.
bool SpectrumGrouper::give_lines(const LinesWithoutSpecNo& run) {
  auto short_of_rows = [&](std::size_t index) { return index != none && groups_[index].lines < rows_per_spectrum; };
  std::size_t target = none;
  if ((run.before != none && run.before == run.after) || short_of_rows(run.before))
    target = run.before;
  else if (short_of_rows(run.after))
    target = run.after;
  if (target == none) return false;
  groups_[target].lines += run.lines;
  groups_[target].malformed = true;
  return true;
}

void SpectrumGrouper::finish(ErFile& out) {
  for (const auto& run : without_spec_no_)
    if (!give_lines(run)) out.stray_lines += run.lines;
  for (Group& group : groups_) {
    DropReason reason = DropReason::count_;
    if (group.malformed)
      reason = DropReason::malformed_line;
    else if (group.epoch_zero)
      reason = DropReason::epoch_zero_time;
    else if (group.bad_field)
      reason = DropReason::bad_field_magnitude;
    else if (group.lines != rows_per_spectrum)
      reason = DropReason::wrong_row_count;
    if (reason == DropReason::count_)
      out.spectra.push_back(std::move(group.spectrum));
    else
      ++out.dropped[static_cast<int>(reason)];
  }
  groups_.clear();
  latest_.clear();
  without_spec_no_.clear();
}

}  // namespace lpm::io
