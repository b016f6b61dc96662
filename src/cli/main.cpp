// potential-mapper: Lunar Prospector ER spectra -> lunar surface potential maps.
#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include <spdlog/spdlog.h>

#include "base/version.hpp"
#include "cli/commands.hpp"

namespace {

// After a parse error: "did you mean ...?" for the first word of the command line that the chosen
// subcommand (or the program) does not know, if one of its names is close.
void suggest(const CLI::App& app, int argc, char** argv) {
  const CLI::App* scope = &app;
  bool known_subcommand = false;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (argc > 1 && sub->get_name() == argv[1]) known_subcommand = true;
    for (int i = 1; i < argc; ++i)
      if (sub->get_name() == argv[i]) scope = sub;
  }
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (const auto eq = word.find('='); word.starts_with("--") && eq != std::string::npos) word.resize(eq);
    const bool is_option = word.starts_with("--");
    const bool is_subcommand_slot = scope == &app && i == 1;
    if (!is_option && !is_subcommand_slot) continue;
    if (is_option && scope->get_option_no_throw(word)) continue;
    if (!is_option && known_subcommand) continue;
    if (const std::string best = lpm::cli::did_you_mean(*scope, word); !best.empty() && best != word) {
      std::fprintf(stderr, "did you mean %s?\n", best.c_str());
      return;
    }
  }
}

}  // namespace

int run(int argc, char** argv) {
  using namespace lpm::cli;
  CLI::App app{
      "potential-mapper: lunar surface electrostatic potential from Lunar Prospector\n"
      "Electron Reflectometer spectra, mapped to magnetic footpoints on the Moon."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("potential-mapper ") + lpm::program_version);

  std::vector<Command> commands = {
      add_batch_command(app), add_map_command(app),     add_fetch_command(app), add_simulate_command(app),
      add_plot_command(app),  add_inspect_command(app), add_spice_command(app), add_explain_command(app),
      add_stats_command(app), add_view_command(app),
  };
  commands.push_back(add_merge_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    suggest(app, argc, argv);
    return exit_usage;
  }

  try {
    for (const auto& command : commands)
      if (command.app->parsed()) return command.run();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return exit_usage;
  } catch (const std::bad_alloc&) {  // its what() is only "std::bad_alloc"
    std::fprintf(stderr, "error: out of memory\n");
    return exit_failure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return exit_failure;
  }
  return exit_usage;
}

// Whatever escapes (building the command line, printing help) is one line and exit 1, never an
// abort through std::terminate.
int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "error: unknown failure\n");
  }
  return lpm::cli::exit_failure;
}
