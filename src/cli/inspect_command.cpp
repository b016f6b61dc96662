// `potential-mapper inspect` (SPEC §2).
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "io/npz.hpp"
#include "product/inspect.hpp"

namespace lpm::cli {

Command add_inspect_command(CLI::App& root) {
  struct Flags {
    std::vector<std::string> files;
    bool json = false;
    CommonOptions common;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* sub =
      root.add_subcommand("inspect",
                          "Summarise potential caches: keys, counts per spec_status (with meanings), per input\n"
                          "table and in all, fit fraction, U percentiles, kernels used, metadata.");
  sub->add_option("files", f->files, "NPZ caches")->required();
  sub->add_flag("--json", f->json, "The counts as JSON on stdout instead of the text summary");
  add_log_options(*sub, f->common);
  return {sub, [f]() -> int {
            setup_logging(f->common);
            std::vector<product::NamedCache> caches;
            for (const auto& file : f->files) {
              try {
                caches.push_back({file, io::read_npz(file)});
              } catch (const std::exception& e) {
                throw UsageError(e.what());
              }
            }
            const std::string text = f->json ? product::caches_json(caches) : product::describe_caches(caches);
            std::fputs(text.c_str(), stdout);
            return exit_ok;
          }};
}

}  // namespace lpm::cli
