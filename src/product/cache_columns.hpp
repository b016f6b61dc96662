#pragma once
// The row- and spectrum-level arrays of the cache (SPEC §5, P§5.5), in their order: which value
// of a result goes under which key, said once. Each column is built from a block of sorted
// results; the array of a run is the concatenation of its blocks' arrays, so the cache can be
// written from the whole run at once or from blocks spilled to disk (result_spill.hpp).

#include <functional>
#include <string_view>
#include <vector>

#include "io/npy_array.hpp"
#include "pipeline/settings.hpp"
#include "pipeline/spectrum_result.hpp"
#include "product/cache_schema.hpp"

namespace lpm::product {

using ResultBlock = std::vector<pipeline::SpectrumResult>;

struct Column {
  const Key* key = nullptr;
  bool per_row = false;  // one element per row (er_rows_per_spectrum a spectrum), else per spectrum
  // A number or bool column: its array for `block` (exactly the key's dtype).
  std::function<io::NpyArray(const ResultBlock& block)> build;
  // A string column (key->dtype unicode): its values for `block`, as UTF-8 views into it.
  std::function<void(const ResultBlock& block, std::vector<std::string_view>& out)> strings;

  std::size_t elements(std::size_t spectra) const { return per_row ? spectra * er_rows_per_spectrum : spectra; }
};

// Every column of a cache made with `settings` (the --emit-u-width-qc ones only with it).
const std::vector<Column>& cache_columns(const pipeline::PipelineSettings& settings);

// The column's whole array for `block` (strings converted to the key's width).
io::NpyArray column_array(const Column& column, const ResultBlock& block);

}  // namespace lpm::product
