// potential-mapper: Lunar Prospector ER spectra -> lunar surface potential maps.
#include <cstdio>
#include <exception>
#include <string>

#include <spdlog/spdlog.h>

#include "base/version.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace lpm::cli;
  CLI::App app{
      "potential-mapper: lunar surface electrostatic potential from Lunar Prospector\n"
      "Electron Reflectometer spectra, mapped to magnetic footpoints on the Moon."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("potential-mapper ") + lpm::program_version);

  std::vector<Command> commands = {
      add_batch_command(app),    add_map_command(app),  add_fetch_command(app),
      add_simulate_command(app), add_plot_command(app), add_inspect_command(app),
      add_spice_command(app),    add_explain_command(app), add_stats_command(app),
  };

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
    return exit_usage;
  }

  try {
    for (const auto& command : commands)
      if (command.app->parsed()) return command.run();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return exit_usage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return exit_failure;
  }
  return exit_usage;
}
