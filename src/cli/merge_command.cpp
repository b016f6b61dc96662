// `potential-mapper merge` (issue 22): parts of one job (e.g. `batch --split day`) into one cache.
#include <filesystem>
#include <memory>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "pipeline/cancellation.hpp"
#include "product/cache_merge.hpp"

namespace lpm::cli {

Command add_merge_command(CLI::App& root) {
  struct Flags {
    std::vector<std::string> parts;
    std::string output;
    bool overwrite = false;
    CommonOptions common;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub = root.add_subcommand(
      "merge",
      "Combine caches written by `batch` over disjoint days (e.g. with --split day|month) into the\n"
      "same bytes one `batch` over all those days writes. Parts must share settings, version and\n"
      "kernels and must not overlap in time; they may be given in any order.");
  sub->add_option("parts", f->parts, "NPZ caches written by batch")->required();
  sub->add_option("-o,--output", f->output, "The merged NPZ cache")->required();
  sub->add_flag("--overwrite", f->overwrite, "Replace an existing output file");
  add_log_options(*sub, f->common);
  return {sub, [f]() -> int {
            setup_logging(f->common);
            if (!f->overwrite && std::filesystem::exists(f->output))
              throw UsageError(f->output + " exists already; use --overwrite to replace it");
            std::vector<std::filesystem::path> parts(f->parts.begin(), f->parts.end());
            pipeline::install_cancellation_handlers();
            const auto existing = f->overwrite ? io::ExistingOutput::replace : io::ExistingOutput::keep;
            try {
              if (!product::merge_caches(parts, f->output, existing)) {
                spdlog::error("interrupted: no output written");
                return exit_failure;
              }
            } catch (const product::MergeInputError& e) {
              throw UsageError(e.what());
            }
            spdlog::info("wrote {} from {} parts", f->output, parts.size());
            return exit_ok;
          }};
}

}  // namespace lpm::cli
