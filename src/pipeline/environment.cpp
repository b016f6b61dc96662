#include "pipeline/environment.hpp"

#include <cmath>

#include "base/constants.hpp"

namespace lpm::pipeline {

EnvironmentClass classify_environment(double electron_temperature_ev, bool projection_in_sun) {
  if (!projection_in_sun) return EnvironmentClass::wake;
  if (!std::isfinite(electron_temperature_ev) || electron_temperature_ev <= 0) return EnvironmentClass::unknown;
  if (electron_temperature_ev < solar_wind_max_temperature_ev) return EnvironmentClass::solar_wind;
  if (electron_temperature_ev < magnetosheath_max_temperature_ev) return EnvironmentClass::magnetosheath;
  if (electron_temperature_ev < tail_lobes_max_temperature_ev) return EnvironmentClass::tail_lobes;
  return EnvironmentClass::plasma_sheet;
}

const char* to_string(EnvironmentClass environment) {
  switch (environment) {
    case EnvironmentClass::unknown: return "unknown";
    case EnvironmentClass::solar_wind: return "solar_wind";
    case EnvironmentClass::magnetosheath: return "magnetosheath";
    case EnvironmentClass::tail_lobes: return "tail_lobes";
    case EnvironmentClass::plasma_sheet: return "plasma_sheet";
    case EnvironmentClass::wake: return "wake";
  }
  return "invalid";
}

}  // namespace lpm::pipeline
