#pragma once
// The frame tree (NAIF frames.req): inertial frames (inertial_frames.hpp), built-in IAU_<body>
// frames from text-PCK constants (body_rotation.hpp), binary-PCK frames (class 2, e.g.
// MOON_PA_DE421) and fixed-offset TK frames (class 4, e.g. MOON_PA, MOON_ME) defined in frame
// kernels by FRAME_<name>, FRAME_<id>_NAME/_CLASS/_CLASS_ID/_CENTER and TKFRAME_<id>_RELATIVE/
// _SPEC ('MATRIX' or 'ANGLES')/_MATRIX/_ANGLES/_AXES/_UNITS. Every frame is reduced to its
// rotation from J2000; frame names are case-insensitive.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "spice/binary_pck.hpp"
#include "spice/body_rotation.hpp"
#include "spice/euler.hpp"

namespace lpm::spice {

class TextKernelPool;

class FrameSystem {
 public:
  FrameSystem();

  // Re-reads frame definitions and body constants from the pool (call after every text kernel).
  void update_from_pool(const TextKernelPool& pool);
  void add_binary_pck(std::shared_ptr<const BinaryPck> pck);

  bool is_known(std::string_view name) const;
  // v_to = M v_from at `et`; SpiceError naming the frame when unknown or when its data are
  // missing (constants, PCK coverage).
  Mat3 rotation(std::string_view from, std::string_view to, double et) const;
  // The same with the time derivative dM/dt (for velocities in rotating frames).
  RotationState rotation_state(std::string_view from, std::string_view to, double et) const;

 private:
  struct Inertial {
    int code;
  };
  struct TextPck {
    std::shared_ptr<const BodyRotationModel> model;  // null: constants missing, see `problem`
    std::string problem;
  };
  struct BinaryPckFrame {
    int class_id;
    std::shared_ptr<const BodyRotationModel> text_fallback;  // BODY<class_id>_* constants, if any
  };
  struct FixedOffset {
    std::string relative;  // upper-case name
    Mat3 from_relative;    // v_this = from_relative · v_relative
  };
  struct Unsupported {
    std::string problem;
  };
  using Definition = std::variant<Inertial, TextPck, BinaryPckFrame, FixedOffset, Unsupported>;

  std::map<std::string, Definition, std::less<>> frames_;  // by upper-case name
  std::vector<std::shared_ptr<const BinaryPck>> pcks_;     // load order

  RotationState from_j2000(const std::string& name, double et, int depth) const;
};

}  // namespace lpm::spice
