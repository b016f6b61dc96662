#pragma once
// The few random draws of the simulation (all from one seeded std::mt19937_64 per day).

#include <cmath>
#include <random>

#include "base/portable_math.hpp"

namespace lpm::simulate {

inline double uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}
inline double log_uniform(std::mt19937_64& rng, double lo, double hi) {
  return math::exp(uniform(rng, math::log(lo), math::log(hi)));
}
inline double gaussian(std::mt19937_64& rng) { return std::normal_distribution<double>(0.0, 1.0)(rng); }

}  // namespace lpm::simulate
