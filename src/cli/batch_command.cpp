// `potential-mapper batch` (SPEC §2).
#include <memory>
#include <optional>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "io/date_selection.hpp"
#include "pipeline/cancellation.hpp"
#include "product/batch.hpp"

namespace lpm::cli {
namespace {

struct BatchFlags {
  CommonOptions common;
  io::DateSelection selection;
  std::string output_dir = "artifacts/potential_cache";
  bool no_parallel = false;
  bool overwrite = false;
  std::optional<int> threads;
  std::string split;
  FitFlags fit;
};

product::BatchSplit split_of(const std::string& flag) {
  if (flag == "day") return product::BatchSplit::day;
  if (flag == "month") return product::BatchSplit::month;
  return product::BatchSplit::none;
}

void log_written(const product::BatchResult& result) {
  for (const auto& line : result.summary) spdlog::info("{}", line);
  spdlog::info("wrote {}", result.output.string());
}

}  // namespace

Command add_batch_command(CLI::App& root) {
  auto flags = std::make_shared<BatchFlags>();
  CLI::App* sub = root.add_subcommand(
      "batch",
      "Merge the ER tables matching --year/--month/--day (or --start/--end), fit every spectrum in\n"
      "parallel and write potential_batch_<date>.npz into --output-dir. An existing output is kept\n"
      "only when it is the same product (version, settings, input checksums); otherwise exit 2.");
  add_common_options(*sub, flags->common);
  add_selection_options(*sub, flags->selection, "Only ER tables of");
  sub->add_option("--output-dir", flags->output_dir, "Folder of the NPZ cache")->capture_default_str();
  sub->add_flag("--no-parallel", flags->no_parallel, "One worker thread");
  sub->add_flag("--overwrite", flags->overwrite, "Replace an existing output file");
  sub->add_option("--threads", flags->threads, "Worker threads (default: hardware threads)")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--split", flags->split,
                  "One output per day or month (potential_batch_YYYY_MM_DD.npz / _YYYY_MM.npz); a part\n"
                  "already written with the same settings and inputs is skipped, one made otherwise is\n"
                  "run again. Join the parts with `merge`.")
      ->check(CLI::IsMember({"day", "month"}));
  add_fit_options(*sub, flags->fit);

  return {sub, [flags]() -> int {
            check_selection(flags->selection);
            setup_logging(flags->common);
            product::BatchOptions options;
            options.data_dir = flags->common.data_dir;
            options.output_dir = flags->output_dir;
            options.selection = flags->selection;
            options.overwrite = flags->overwrite;
            options.threads = flags->no_parallel ? 1 : flags->threads.value_or(0);
            options.settings = pipeline_settings(flags->fit);
            options.split = split_of(flags->split);
            pipeline::install_cancellation_handlers();
            auto result = product::run_batch(options, [](const product::BatchResult& part) {
              if (part.outcome == product::BatchOutcome::written) log_written(part);
            });
            switch (result.outcome) {
              case product::BatchOutcome::nothing_matched:
              case product::BatchOutcome::output_exists: return exit_ok;
              case product::BatchOutcome::output_differs: throw UsageError(result.refusal);
              case product::BatchOutcome::cancelled:
                spdlog::error("interrupted: no output written");
                return exit_failure;
              case product::BatchOutcome::written: break;
            }
            if (options.split == product::BatchSplit::none) log_written(result);
            return exit_ok;
          }};
}

}  // namespace lpm::cli
