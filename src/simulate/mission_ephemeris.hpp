#pragma once
// What every simulated day reads back from the written mission files: the kernels (through
// the pipeline's KernelSet), the attitude series and the theta.tab layout.

#include <array>
#include <filesystem>
#include <string_view>

#include "base/constants.hpp"
#include "geometry/row_geometry.hpp"
#include "io/attitude.hpp"
#include "spice/kernel_set.hpp"

namespace lpm::simulate {

class MissionEphemeris {
 public:
  // Loads the four kernels simulate writes (simulated_kernels.hpp) and the attitude table.
  MissionEphemeris(const std::filesystem::path& kernels_dir, const std::filesystem::path& attitude_path,
                   const std::array<double, er_channels>& theta_deg);

  double utc_to_et(std::string_view utc) const;
  // D§4.2 vectors of one row (LP, Sun, Moon; IAU_MOON and ECLIPJ2000).
  geometry::RowEphemeris row_ephemeris(double et) const;
  io::SpinAxis spin_axis(double et) const;
  // Geocentric Moon and Sun, J2000 (for the plasma region).
  spice::Vec3 moon_from_earth(double et) const;
  spice::Vec3 sun_from_earth(double et) const;

  const std::array<double, er_channels>& theta_deg() const { return theta_deg_; }

 private:
  spice::KernelSet kernels_;
  io::AttitudeSeries attitude_;
  spice::Mat3 ecl_to_j2000_{};
  std::array<double, er_channels> theta_deg_{};
};

}  // namespace lpm::simulate
