#pragma once
// Which lines of an ER table make one spectrum, and whether that spectrum is kept or dropped
// (the rules are listed in er_table.hpp, "Reader decisions"). Fed one line at a time in file
// order by the table reader; the result is known only at the end of the file, because a
// damaged line without a readable spec_no is given to a neighbouring spectrum only when that
// one turns out to be short of rows.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "io/er_table.hpp"

namespace lpm::io {

class SpectrumGrouper {
 public:
  // A line whose spec_no could be read: a whole row (`well_formed`) or a malformed line of
  // that spec_no (only row.spec_no and row.line are used).
  void add_row(ErRow&& row, bool well_formed);
  // A malformed line whose spec_no could not be read (its spectrum is decided in finish()).
  void add_line_without_spec_no();
  // Moves the kept spectra (in order of their first row) to out.spectra and counts the dropped
  // ones in out.dropped and the damaged lines given to no spectrum in out.stray_lines.
  void finish(ErFile& out);

 private:
  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  struct Group {
    ErSpectrum spectrum;        // its well-formed rows
    std::size_t lines = 0;      // lines given to it, malformed ones included
    std::size_t last_line = 0;  // sequence number (non-blank lines) of its last line
    bool malformed = false;     // it holds a malformed line
    bool epoch_zero = false;    // some row has an epoch-zero time
    bool bad_field = false;     // some row has a bad |B|
  };
  // Consecutive lines without spec_no, between the groups of the readable lines around them.
  struct LinesWithoutSpecNo {
    std::size_t before = none, after = none;
    std::size_t lines = 0;
  };

  std::size_t group_for(std::int64_t spec_no);
  bool give_lines(const LinesWithoutSpecNo& run);  // false: a stray line of no spectrum

  std::vector<Group> groups_;                             // in order of their first line
  std::unordered_map<std::int64_t, std::size_t> latest_;  // spec_no -> its newest group
  std::vector<LinesWithoutSpecNo> without_spec_no_;
  bool run_open_ = false;       // the last line had no spec_no (without_spec_no_.back() grows)
  std::size_t current_ = none;  // group of the last line with a readable spec_no
  std::size_t sequence_ = 0;    // non-blank lines so far
};

}  // namespace lpm::io
