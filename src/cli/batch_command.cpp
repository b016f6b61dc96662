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
  std::string fit_method = "halekas";
  std::string kappa_method = "joint";
  std::optional<double> u_spacecraft;
  bool emit_u_width_qc = false;
  double u_width_identifiable_max_v = 200.0;
  std::string moon_frame = "iau";
};

pipeline::PipelineSettings pipeline_settings(const BatchFlags& flags) {
  pipeline::PipelineSettings settings;
  settings.fit_method = flags.fit_method == "lillis" ? pipeline::FitMethod::lillis : pipeline::FitMethod::halekas;
  settings.kappa_method =
      flags.kappa_method == "reference" ? pipeline::KappaMethod::reference : pipeline::KappaMethod::joint;
  settings.u_spacecraft_override_v = flags.u_spacecraft;
  settings.emit_u_width_qc = flags.emit_u_width_qc;
  settings.u_width_identifiable_max_v = flags.u_width_identifiable_max_v;
  settings.moon_frame = pipeline::moon_frame_name(flags.moon_frame);
  return settings;
}

}  // namespace

Command add_batch_command(CLI::App& root) {
  auto flags = std::make_shared<BatchFlags>();
  CLI::App* sub = root.add_subcommand(
      "batch",
      "Merge the ER tables matching --year/--month/--day, fit every spectrum in parallel and\n"
      "write potential_batch_<date>.npz into --output-dir.");
  add_common_options(*sub, flags->common);
  add_selection_options(*sub, flags->selection, "Only ER tables of");
  sub->add_option("--output-dir", flags->output_dir, "Folder of the NPZ cache")->capture_default_str();
  sub->add_flag("--no-parallel", flags->no_parallel, "One worker thread");
  sub->add_flag("--overwrite", flags->overwrite, "Replace an existing output file");
  sub->add_option("--threads", flags->threads, "Worker threads (default: hardware threads)")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--losscone-fit-method", flags->fit_method, "Loss-cone objective")
      ->check(CLI::IsMember({"halekas", "lillis"}))
      ->capture_default_str();
  sub->add_option("--kappa-method", flags->kappa_method,
                  "n, T, kappa and U_sc: joint (Poisson fit with U_sc, the default) or reference (P§2-3)")
      ->check(CLI::IsMember({"joint", "reference"}))
      ->capture_default_str();
  sub->add_option("--u-spacecraft", flags->u_spacecraft,
                  "Constant spacecraft potential in V (skips the charging model)");
  sub->add_flag("--emit-u-width-qc", flags->emit_u_width_qc,
                "Also write the reference's U-width identifiability keys");
  sub->add_option("--u-width-identifiable-max-v", flags->u_width_identifiable_max_v,
                  "Widest U interval (V) still called identifiable")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  sub->add_option("--moon-frame", flags->moon_frame, "Lunar body-fixed frame")
      ->check(CLI::IsMember({"iau", "pa", "me"}))
      ->capture_default_str();

  return {sub, [flags]() -> int {
            if (auto problem = io::validate(flags->selection); !problem.empty())
              throw UsageError(problem);
            setup_logging(flags->common);
            product::BatchOptions options;
            options.data_dir = flags->common.data_dir;
            options.output_dir = flags->output_dir;
            options.selection = flags->selection;
            options.overwrite = flags->overwrite;
            options.threads = flags->no_parallel ? 1 : flags->threads.value_or(0);
            options.settings = pipeline_settings(*flags);
            pipeline::install_cancellation_handlers();
            auto result = product::run_batch(options);
            switch (result.outcome) {
              case product::BatchOutcome::nothing_matched:
              case product::BatchOutcome::output_exists:
                return exit_ok;
              case product::BatchOutcome::cancelled:
                spdlog::error("interrupted: no output written");
                return exit_failure;
              case product::BatchOutcome::written:
                break;
            }
            for (const auto& line : result.summary) spdlog::info("{}", line);
            spdlog::info("wrote {}", result.output.string());
            return exit_ok;
          }};
}

}  // namespace lpm::cli
