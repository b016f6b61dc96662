#include "simulate/mission_ephemeris.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "base/naif_ids.hpp"
#include "geometry/compute_geometry.hpp"
#include "simulate/simulated_kernels.hpp"
#include "spice/kernel_set.hpp"

namespace lpm::simulate {
MissionEphemeris::MissionEphemeris(const std::filesystem::path& kernels_dir, const std::filesystem::path& attitude_path,
                                   const std::array<double, er_channels>& theta_deg)
    : theta_deg_(theta_deg) {
  // Exactly the kernels simulate wrote (other files in the folder would not be the truth's).
  for (const char* name : {leapseconds_file, moon_pck_file, planets_spk_file, lp_spk_file})
    kernels_.load(kernels_dir / name);
  ecl_to_j2000_ = kernels_.rotation("ECLIPJ2000", "J2000", 0.0);
  attitude_ = io::make_attitude_series(io::read_attitude_table(attitude_path),
                                       [this](std::string_view utc) { return kernels_.utc_to_et(utc); });
}

double MissionEphemeris::utc_to_et(std::string_view utc) const { return kernels_.utc_to_et(utc); }

geometry::RowEphemeris MissionEphemeris::row_ephemeris(double et) const {
  geometry::EphemerisLookup lookup = geometry::lookup_row_ephemeris(kernels_, et, "IAU_MOON", ecl_to_j2000_);
  if (lookup.status != geometry::GeometryStatus::ok)
    throw std::runtime_error("simulate: the written kernels do not cover ET " + std::to_string(et) + ": " +
                             lookup.message);
  return lookup.ephemeris;
}

io::SpinAxis MissionEphemeris::spin_axis(double et) const { return io::interpolate_attitude(attitude_, et); }

spice::Vec3 MissionEphemeris::moon_from_earth(double et) const {
  return kernels_.state(naif_moon_id, naif_earth_id, "J2000", et).position_km;
}

spice::Vec3 MissionEphemeris::sun_from_earth(double et) const {
  return kernels_.state(naif_sun_id, naif_earth_id, "J2000", et).position_km;
}

}  // namespace lpm::simulate
