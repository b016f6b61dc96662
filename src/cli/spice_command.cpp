// `potential-mapper spice`: the SPICE library's answers, for users and tests (SPICE issue).
#include "cli/commands.hpp"

namespace lpm::cli {

Command add_spice_command(CLI::App& root) {
  CLI::App* sub = root.add_subcommand(
      "spice", "Ask the built-in SPICE reader: segments, et, utc, state, rotate.");
  sub->require_subcommand(1);
  sub->add_subcommand("segments", "One line per segment of each kernel");
  sub->add_subcommand("et", "ET (TDB seconds past J2000) of each UTC");
  sub->add_subcommand("utc", "ISO UTC of each ET");
  sub->add_subcommand("state", "Geometric state x y z vx vy vz (km, km/s)");
  sub->add_subcommand("rotate", "Rotation matrix between two frames, row by row");
  return {sub, [] { return not_implemented("spice"); }};
}

}  // namespace lpm::cli
