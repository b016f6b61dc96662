#include "spice/inertial_frames.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "base/constants.hpp"
#include "spice/error.hpp"

namespace lpm::spice {
namespace {

constexpr double arcsec_rad = pi / (180.0 * 3600.0);

struct FrameName {
  int code;
  const char* name;
};
constexpr std::array<FrameName, 5> frames{
    {{1, "J2000"}, {2, "B1950"}, {3, "FK4"}, {17, "ECLIPJ2000"}, {18, "ECLIPB1950"}}};

// v_B1950 -> v_J2000: IAU 1976 precession (Lieske angles at t = -0.5 century from J2000,
// Standish's values, SPICE's built-in B1950): v_J2000 = R3(-1153.04066200330") R2(1002.26108439117")
// R3(-1152.84248596724") v_B1950.
Mat3 b1950_to_j2000() {
  return rot3(-1153.04066200330 * arcsec_rad) * rot2(1002.26108439117 * arcsec_rad) *
         rot3(-1152.84248596724 * arcsec_rad);
}

}  // namespace

std::optional<int> inertial_frame_code(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  for (const auto& f : frames)
    if (upper == f.name) return f.code;
  return std::nullopt;
}

std::string inertial_frame_name(int code) {
  for (const auto& f : frames)
    if (code == f.code) return f.name;
  return fmt::format("frame {}", code);
}

Mat3 rotation_to_j2000(int code) {
  switch (code) {
    case 1: return identity3();
    // Mean ecliptic and equinox of J2000: obliquity 84381.448" (v_ecl = R1(eps) v_J2000).
    case 17: return transpose(rot1(84381.448 * arcsec_rad));
    case 2: return b1950_to_j2000();
    // FK4 differs from B1950 by the 0.525" equinox offset about z (v_FK4 = R3(0.525") v_B1950).
    case 3: return b1950_to_j2000() * transpose(rot3(0.525 * arcsec_rad));
    // Mean ecliptic of B1950: obliquity 84404.836" from B1950.
    case 18: return b1950_to_j2000() * transpose(rot1(84404.836 * arcsec_rad));
    default:
      throw SpiceError(
          fmt::format("unsupported inertial frame code {} (supported: J2000, B1950, FK4, "
                      "ECLIPJ2000, ECLIPB1950)",
                      code));
  }
}

}  // namespace lpm::spice
