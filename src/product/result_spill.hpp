#pragma once
// The results of a long `batch` kept on disk instead of in memory (issue 22): each table's
// results, once fitted, are appended column by column (cache_columns.hpp) to one temporary file
// per key in a hidden folder beside the output, and each cache array is later streamed from its
// file. Memory is then one table's results plus a piece of a column, whatever the run's length;
// the bytes written are those of the in-memory path. The folder is removed with the object
// (success, failure or cancellation); one left by a killed run is removed by the next run of the
// same output, as io::AtomicOutput does with temp files.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include "io/npz.hpp"
#include "io/zip_posix_file.hpp"
#include "product/cache_columns.hpp"

namespace lpm::product {

class ResultSpill {
 public:
  // Creates the folder beside `output`; throws std::runtime_error naming it when it cannot.
  ResultSpill(const std::filesystem::path& output, const pipeline::PipelineSettings& settings);
  ~ResultSpill();
  ResultSpill(const ResultSpill&) = delete;
  ResultSpill& operator=(const ResultSpill&) = delete;

  // One table's results (any order; sorted here by spec_no, pipeline::sort_and_check).
  void append(ResultBlock block);

  std::size_t spectra() const { return spec_no_.size(); }
  const std::vector<Column>& columns() const { return *columns_; }
  const std::filesystem::path& folder() const { return folder_; }

  // The data bytes of columns()[index] for the whole run in ascending spec_no, in pieces (an
  // io::NpzWriter::ChunkProducer). Tables whose spec_no ranges interleave (possible only with
  // negative spec_no) are ordered here, then one column is held in memory at a time.
  // Throws std::runtime_error if a spec_no appears twice across tables. The producers of
  // different columns may run at the same time, on different threads.
  io::NpzWriter::ChunkProducer column_data(std::size_t index) const;
  // false when tables' spec_no ranges interleave: column_data then holds a whole column.
  bool in_spec_order() const { return in_order_; }

 private:
  struct File;
  std::filesystem::path folder_;
  io::UniqueFd lock_;  // write-locked while the run lives (io::lock_whole_file)
  const std::vector<Column>* columns_;
  std::vector<std::unique_ptr<File>> files_;  // one per column
  std::vector<std::int64_t> spec_no_;         // in spill order
  std::int64_t largest_spec_no_ = 0;
  bool in_order_ = true;  // every table's spec_no above the previous ones
};

// Removes the spill folders of `output` that no living run holds (left by a killed run). The
// constructor does it; a run that keeps an existing output calls it instead: a run killed after
// its output's rename, before its exit, leaves a complete output and its folder.
void remove_left_over_spills(const std::filesystem::path& output);

}  // namespace lpm::product
