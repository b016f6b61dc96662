#pragma once
// One ER table → spectrum results, spectra fitted in parallel. Shared by batch and map.

#include <cstdint>
#include <vector>

#include <tbb/task_arena.h>

#include "io/er_table.hpp"
#include "pipeline/mission.hpp"
#include "pipeline/progress.hpp"
#include "pipeline/run_report.hpp"
#include "pipeline/settings.hpp"
#include "pipeline/spectrum_result.hpp"

namespace lpm::pipeline {

// Global spec_no of the reference (P§1.5): each file's numbers are shifted by `offset`, and the
// next file's offset is the largest shifted spec_no of this file + 1.
struct SpecNumbering {
  std::int64_t offset = 0;
};

// Fits every spectrum of `file` on the arena's threads. Results are stored by spectrum index, so
// they do not depend on the thread count or scheduling. A spectrum whose spec_no repeats an
// earlier one of the same file is dropped and counted (report.duplicate_spec_no).
// Stops early (returning what is done) when cancellation is requested.
std::vector<SpectrumResult> process_file(const io::ErFile& file, std::int32_t file_index, SpecNumbering& numbering,
                                         const Mission& mission, const PipelineSettings& settings,
                                         tbb::task_arena& arena, Progress* progress, RunReport& report);

// Fits one spectrum (15 rows): geometry, κ fit, U_sc, loss cone, environment
// (pipeline/spectrum_trace.hpp keeps the intermediate results, e.g. the loss-cone input).
SpectrumResult process_spectrum(const io::ErSpectrum& spectrum, const Mission& mission,
                                const PipelineSettings& settings);

}  // namespace lpm::pipeline
