// `potential-mapper inspect` (SPEC §2).
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "io/npz.hpp"
#include "product/inspect.hpp"

namespace lpm::cli {

Command add_inspect_command(CLI::App& root) {
  auto file = std::make_shared<std::string>();
  CLI::App* sub = root.add_subcommand(
      "inspect", "Summarise a potential cache: keys, counts, fit fraction, U percentiles, metadata.");
  sub->add_option("file", *file, "NPZ cache")->required();
  return {sub, [file]() -> int {
            io::NpzArchive cache;
            try {
              cache = io::read_npz(*file);
            } catch (const std::exception& e) {
              throw UsageError(e.what());
            }
            std::fputs(product::describe_cache(cache, *file).c_str(), stdout);
            return exit_ok;
          }};
}

}  // namespace lpm::cli
