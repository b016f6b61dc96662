// `potential-mapper map` (standard mode, SPEC §2).
#include <cstdio>
#include <memory>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "io/date_selection.hpp"
#include "pipeline/cancellation.hpp"
#include "plot/render.hpp"
#include "product/standard_mode.hpp"

namespace lpm::cli {

Command add_map_command(CLI::App& root) {
  auto common = std::make_shared<CommonOptions>();
  auto selection = std::make_shared<io::DateSelection>();
  CLI::App* sub = root.add_subcommand(
      "map", "Standard mode: process the selected ER tables one at a time, sequentially, and\n"
             "print a summary per file (same numbers as batch).");
  add_common_options(*sub, *common);
  add_selection_options(*sub, *selection, "Only ER tables of");
  auto output = std::make_shared<std::string>();
  auto plot = std::make_shared<std::string>();
  auto illumination = std::make_shared<std::string>();
  sub->add_option("--output", *output, "Also write the results to this NPZ file");
  sub->add_option("--plot", *plot, "Also draw a map into this PNG file");
  sub->add_option("--illumination", *illumination, "Summary/plot only for day or night")
      ->check(CLI::IsMember({"day", "night"}));
  return {sub, [=]() -> int {
            if (auto problem = io::validate(*selection); !problem.empty()) throw UsageError(problem);
            setup_logging(*common);
            product::StandardModeOptions options;
            options.data_dir = common->data_dir;
            options.selection = *selection;
            if (!output->empty()) options.output = *output;
            options.illumination = product::illumination_from_name(*illumination);
            options.keep_payload = !plot->empty();
            pipeline::install_cancellation_handlers();
            auto result = product::run_standard_mode(options);
            if (result.nothing_matched) {
              spdlog::info("no ER tables under {} match the selection", options.data_dir.string());
              return exit_ok;
            }
            if (result.cancelled) {
              spdlog::error("interrupted: no output written");
              return exit_failure;
            }
            std::fputs(result.table.c_str(), stdout);
            if (options.output) spdlog::info("wrote {}", options.output->string());
            if (result.payload) {
              plot::PlotOptions plot_options;
              plot_options.illumination = options.illumination;
              plot::render_cache_png(*result.payload, "standard mode", plot_options, *plot);
              spdlog::info("wrote {}", *plot);
            }
            return exit_ok;
          }};
}

}  // namespace lpm::cli
