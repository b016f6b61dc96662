#pragma once
// The SPICE façade: load kernels of any kind (recognised by content, not name) and ask for
// times, states and rotations. After loading, every const method is safe to call from many
// threads at once (nothing is cached or mutated).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spice/ephemeris.hpp"
#include "spice/frames.hpp"
#include "spice/linear.hpp"
#include "spice/text_kernel.hpp"
#include "spice/time.hpp"

namespace lpm::spice {

class KernelSet {
 public:
  // DAF/SPK → ephemeris, DAF/PCK → binary PCK, text (KPL) → variable pool (LSK, PCK, FK);
  // a KPL/MK meta-kernel loads its KERNELS_TO_LOAD (with PATH_SYMBOLS/PATH_VALUES) in order.
  // SpiceError naming the file on any problem.
  void load(const std::filesystem::path& path);
  const std::vector<std::filesystem::path>& files() const { return files_; }

  bool has_leap_seconds() const { return leap_seconds_.has_value(); }
  double utc_to_et(std::string_view utc) const;
  std::string et_to_utc(double et, int decimals = 6) const;

  // Geometric state (no aberration correction) of `target` relative to `observer` in `frame`
  // at `et` (km, km/s); velocities include the frame's rotation.
  StateVector state(int target, int observer, std::string_view frame, double et) const;
  // v_to = M v_from.
  Mat3 rotation(std::string_view from, std::string_view to, double et) const;

  const Ephemeris& ephemeris() const { return ephemeris_; }
  const TextKernelPool& pool() const { return pool_; }
  const FrameSystem& frames() const { return frames_; }

 private:
  TextKernelPool pool_;
  std::optional<LeapSeconds> leap_seconds_;
  FrameSystem frames_;
  Ephemeris ephemeris_;
  std::vector<std::filesystem::path> files_;

  void load_text(const std::filesystem::path& path);
  void load_meta_kernel(const std::filesystem::path& path);
};

}  // namespace lpm::spice
