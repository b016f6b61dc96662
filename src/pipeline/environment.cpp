#include "pipeline/environment.hpp"

#include <cmath>

namespace lpm::pipeline {

EnvironmentClass classify_environment(double te_ev, bool projection_in_sun) {
  if (!projection_in_sun) return EnvironmentClass::wake;
  if (!std::isfinite(te_ev) || te_ev <= 0) return EnvironmentClass::unknown;
  if (te_ev < 30) return EnvironmentClass::solar_wind;
  if (te_ev < 80) return EnvironmentClass::magnetosheath;
  if (te_ev < 150) return EnvironmentClass::tail_lobes;
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
