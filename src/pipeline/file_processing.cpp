#include "pipeline/file_processing.hpp"

#include <algorithm>
#include <unordered_set>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "pipeline/cancellation.hpp"
#include "pipeline/usc_continuity.hpp"

namespace lpm::pipeline {

std::vector<SpectrumResult> process_file(const io::ErFile& file, std::int32_t file_index, SpecNumbering& numbering,
                                         const Mission& mission, const PipelineSettings& settings,
                                         tbb::task_arena& arena, Progress* progress, RunReport& report) {
  // Keep the first spectrum of each spec_no: a repeated number would make the output ambiguous.
  std::vector<const io::ErSpectrum*> spectra;
  std::unordered_set<std::int64_t> seen;
  for (const auto& spectrum : file.spectra) {
    if (seen.insert(spectrum.spec_no).second)
      spectra.push_back(&spectrum);
    else
      ++report.duplicate_spec_no;
  }

  std::vector<SpectrumResult> results(spectra.size());
  std::vector<char> done(spectra.size(), 0);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, spectra.size(), 4), [&](const auto& range) {
      if (cancellation_requested()) return;
      for (std::size_t i = range.begin(); i != range.end(); ++i) {
        results[i] = process_spectrum(*spectra[i], mission, settings);
        done[i] = 1;
      }
      if (progress) progress->spectra_done(range.size());
    });
  });

  std::int64_t largest = numbering.offset - 1;
  std::vector<SpectrumResult> kept;
  kept.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!done[i]) continue;  // cancelled
    results[i].spec_no = spectra[i]->spec_no + numbering.offset;
    results[i].file_index = file_index;
    largest = std::max(largest, results[i].spec_no);
    kept.push_back(std::move(results[i]));
  }
  if (!spectra.empty()) numbering.offset = largest + 1;
  choose_by_neighbours(kept);
  return kept;
}

}  // namespace lpm::pipeline
