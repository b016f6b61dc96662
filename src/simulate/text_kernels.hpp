#pragma once
// The text kernels written by `simulate`: a leap-second kernel (NAIF LSK format; DELTET
// constants and the ΔAT table to 2017-01-01, as in naif0012.tls) and a text PCK with the
// Moon's IAU rotation (pck00010 BODY301_* and BODY3_NUT_PREC_ANGLES, D§4.7).

#include <string>

#include "spice/time.hpp"

namespace lpm::simulate {

std::string leapseconds_kernel_text();
std::string moon_pck_text();

// LeapSeconds parsed from leapseconds_kernel_text() (the conversions the written files imply).
const spice::LeapSeconds& simulated_leap_seconds();

}  // namespace lpm::simulate
