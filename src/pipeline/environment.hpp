#pragma once
// Plasma environment class of a row (P§5.4, the reference's PlasmaEnvironment bands).

#include <cstdint>

namespace lpm::pipeline {

enum class EnvironmentClass : std::int8_t {
  unknown = 0,
  solar_wind = 1,
  magnetosheath = 2,
  tail_lobes = 3,
  plasma_sheet = 4,
  wake = 5,
};

// Footpoint in shadow → wake (overrides everything); otherwise by electron temperature with
// the half-open bands of base/constants.hpp (< 30 eV solar wind, < 80 magnetosheath, < 150 tail
// lobes, else plasma sheet); a non-finite or non-positive temperature → unknown.
EnvironmentClass classify_environment(double electron_temperature_ev, bool projection_in_sun);

const char* to_string(EnvironmentClass environment);

}  // namespace lpm::pipeline
