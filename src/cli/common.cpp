#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"

namespace lpm::cli {

void add_common_options(CLI::App& sub, CommonOptions& common) {
  sub.add_option("--data-dir", common.data_dir, "Folder of the ER tables, kernels and tables")
      ->capture_default_str();
  sub.add_flag("-v,--verbose", common.verbose, "Debug log lines");
  sub.add_flag("-q,--quiet", common.quiet, "Only errors");
}

void add_selection_options(CLI::App& sub, io::DateSelection& selection, const std::string& subject) {
  sub.add_option("--year", selection.year, subject + " this year (e.g. 1998)");
  sub.add_option("--month", selection.month, subject + " this month (1-12)")->check(CLI::Range(1, 12));
  sub.add_option("--day", selection.day, subject + " this day of the month (1-31; needs --month)")
      ->check(CLI::Range(1, 31));
}

void setup_logging(const CommonOptions& common) {
  auto logger = spdlog::stderr_color_mt("lpm");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(common.quiet     ? spdlog::level::err
                    : common.verbose ? spdlog::level::debug
                                     : spdlog::level::info);
}

}  // namespace lpm::cli
