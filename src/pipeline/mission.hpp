#pragma once
// Everything a run reads once from --data-dir before the ER tables: SPICE kernels, theta.tab
// and attitude.tab (D§1.1 layout: data/spice_kernels/, data/theta.tab, data/attitude.tab).

#include <filesystem>
#include <string>
#include <vector>

#include "io/attitude.hpp"
#include "io/instrument_tables.hpp"
#include "spice/kernel_set.hpp"

namespace lpm::pipeline {

struct Mission {
  spice::KernelSet kernels;
  io::InstrumentTables instrument;
  io::AttitudeSeries attitude;
  std::vector<std::filesystem::path> kernel_files;  // in load order
};

// Loads data_dir/spice_kernels/ (SPKs, binary PCKs, then text PCK/FK, then LSKs; each group in
// name order, so overlap precedence is defined: a later name wins), theta.tab and attitude.tab.
// Throws std::runtime_error with a one-line message naming the missing or bad file.
Mission load_mission(const std::filesystem::path& data_dir);

// The kernel files load_mission loads, in its load order (empty when there is no kernel folder).
std::vector<std::filesystem::path> mission_kernel_files(const std::filesystem::path& data_dir);

}  // namespace lpm::pipeline
