#pragma once
// Spin-axis history of the simulated LP (attitude.tab, D§2.6): a record every 6 hours, spin
// axis within 1.5°–4.5° of the ecliptic north pole (LP spun about an axis near the ecliptic
// normal), ~12 rpm. A smooth function of time, independent of the seed, so that runs for
// different days write the same file.

#include <cstdint>
#include <vector>

#include "io/attitude.hpp"

namespace lpm::simulate {

inline constexpr int attitude_record_spacing_hours = 6;

// Records from 00:00 of first_day to 00:00 of last_day (days since 2000-01-01, inclusive).
std::vector<io::AttitudeRecord> simulated_attitude(std::int64_t first_day, std::int64_t last_day);

}  // namespace lpm::simulate
