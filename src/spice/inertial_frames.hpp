#pragma once
// Inertial reference frames that SPK segments may use (D§4.3), and their constant rotations to
// J2000 (NAIF frames.req; built-in frame definitions of SPICE's CHGIRF).

#include <optional>
#include <string>
#include <string_view>

#include "spice/linear.hpp"

namespace lpm::spice {

// "J2000"->1, "B1950"->2, "FK4"->3, "ECLIPJ2000"->17, "ECLIPB1950"->18 (case-insensitive).
std::optional<int> inertial_frame_code(std::string_view name);
// Name of a supported inertial frame code; "frame <code>" for others.
std::string inertial_frame_name(int code);
// v_J2000 = M v_frame. Throws SpiceError for an unsupported frame code.
Mat3 rotation_to_j2000(int inertial_frame_code);

}  // namespace lpm::spice
