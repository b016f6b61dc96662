#pragma once
// Which spectra a summary or picture takes, by the illumination of their footpoint row
// (footpoint_row.hpp).

#include <string_view>

namespace lpm::product {

enum class Illumination { all, day, night };

// "day", "night"; anything else (e.g. "all" or empty) is all.
constexpr Illumination illumination_from_name(std::string_view name) {
  return name == "day" ? Illumination::day : name == "night" ? Illumination::night : Illumination::all;
}
constexpr const char* to_string(Illumination illumination) {
  return illumination == Illumination::day ? "day" : illumination == Illumination::night ? "night" : "all";
}

// day: the footpoint is sunlit; night: the footpoint is in shadow. A spectrum without a footpoint
// (its field line misses the Moon) is neither: only `all` takes it.
constexpr bool selects(Illumination illumination, bool has_footpoint, bool footpoint_in_sun) {
  if (illumination == Illumination::all) return true;
  return has_footpoint && footpoint_in_sun == (illumination == Illumination::day);
}

}  // namespace lpm::product
