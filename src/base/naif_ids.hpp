#pragma once
// NAIF integer ids of the bodies this program uses (NAIF ids required reading; D§4.3).

namespace lpm {

inline constexpr int naif_solar_system_barycenter_id = 0;
inline constexpr int naif_earth_moon_barycenter_id = 3;
inline constexpr int naif_sun_id = 10;
inline constexpr int naif_moon_id = 301;
inline constexpr int naif_earth_id = 399;
inline constexpr int naif_lunar_prospector_id = -25;

}  // namespace lpm
