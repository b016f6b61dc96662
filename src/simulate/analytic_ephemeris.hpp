#pragma once
// Low-precision analytic ephemeris of the Sun and the Moon for the simulated mission.
// Sun: Meeus, "Astronomical Algorithms" (2nd ed.) ch. 25, low-accuracy solar coordinates
// (~0.01°). Moon: Meeus ch. 47 (ELP-2000/82 truncated: tables 47.A/47.B, ~10" in longitude,
// ~4" in latitude). Both give mean-equinox-of-date ecliptic coordinates; they are referred to
// J2000 by subtracting the general precession in longitude (the motion of the ecliptic,
// < 1" over 1998-1999, is ignored) and rotated to J2000 equatorial by the J2000 obliquity.
//
// The simulated world puts the Sun at the solar-system barycentre; the Earth-Moon barycentre
// (EMB) follows from the Earth/Moon mass ratio.

#include "spice/linear.hpp"

namespace lpm::simulate {

// Vec3 is a std::array: argument-dependent lookup does not find the spice operators.
using spice::Vec3;
using spice::operator+;
using spice::operator-;
using spice::operator*;

inline constexpr double astronomical_unit_km = 149597870.7;   // IAU 2012 B2
inline constexpr double earth_moon_mass_ratio = 81.30056907;  // DE430/DE440 value
inline constexpr double j2000_obliquity_deg = 23.4392794444;  // 84381.448" (IAU 1976)

// Times are ET = TDB seconds past J2000 (TT and TDB differ by < 2 ms, far below the theory).

// Geocentric Sun, J2000 equatorial, km.
Vec3 sun_geocentric_j2000_km(double et);
// Geocentric Moon, J2000 equatorial, km.
Vec3 moon_geocentric_j2000_km(double et);

// The same as ecliptic longitude/latitude (deg, mean equinox of date) and distance (km),
// for tests against the published worked examples.
struct EclipticPosition {
  double longitude_deg, latitude_deg, distance_km;
};
EclipticPosition sun_ecliptic_of_date(double et);
EclipticPosition moon_ecliptic_of_date(double et);

// Positions of the SPK chain written for the simulation (all J2000, km):
// 10 wrt 0 (zero: Sun at the barycentre), 3 wrt 0 (EMB), 399 wrt 3, 301 wrt 3.
Vec3 emb_wrt_sun_km(double et);
Vec3 earth_wrt_emb_km(double et);
Vec3 moon_wrt_emb_km(double et);

// Ecliptic (J2000 mean ecliptic and equinox) → J2000 equatorial rotation of a vector.
Vec3 ecliptic_j2000_to_equatorial(const Vec3& v);

}  // namespace lpm::simulate
