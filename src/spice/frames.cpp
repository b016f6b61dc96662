#include "spice/frames.hpp"

#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "base/angles.hpp"
#include "spice/error.hpp"
#include "spice/inertial_frames.hpp"
#include "spice/text_kernel.hpp"

namespace lpm::spice {
namespace {

constexpr int max_chain_length = 32;  // longer chains can only be cycles

// Built-in PCK frames (frames.req, "built-in PCK-based frames"): name and body.
struct BuiltInIauFrame {
  std::string_view name;
  int body;
};
constexpr BuiltInIauFrame builtin_iau_frames[] = {
    {"IAU_SUN", 10},     {"IAU_MERCURY", 199},  {"IAU_VENUS", 299},    {"IAU_EARTH", 399},   {"IAU_MOON", 301},
    {"IAU_MARS", 499},   {"IAU_PHOBOS", 401},   {"IAU_DEIMOS", 402},   {"IAU_JUPITER", 599}, {"IAU_IO", 501},
    {"IAU_EUROPA", 502}, {"IAU_GANYMEDE", 503}, {"IAU_CALLISTO", 504}, {"IAU_SATURN", 699},  {"IAU_TITAN", 606},
    {"IAU_URANUS", 799}, {"IAU_NEPTUNE", 899},  {"IAU_PLUTO", 999},
};

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

double unit_in_radians(const std::string& frame, const std::string& unit) {
  const std::string u = upper(unit);
  if (u == "RADIANS") return 1.0;
  if (u == "DEGREES") return radians_per_degree;
  if (u == "ARCMINUTES") return pi / (180.0 * 60.0);
  if (u == "ARCSECONDS") return pi / (180.0 * 3600.0);
  if (u == "HOURANGLE") return pi / 12.0;
  if (u == "MINUTEANGLE") return pi / (12.0 * 60.0);
  if (u == "SECONDANGLE") return pi / (12.0 * 3600.0);
  throw SpiceError(fmt::format("frame {}: unknown angle unit '{}'", frame, unit));
}

// Rotation TK -> relative frame from a SPICE quaternion (cos(θ/2), sin(θ/2)·axis).
Mat3 quaternion_matrix(const std::vector<double>& q) {
  const double n = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  const double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
  return {{{1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)},
           {2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)},
           {2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)}}};
}

bool is_rotation(const Mat3& m) {
  const Mat3 p = m * transpose(m);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      if (std::abs(p[i][j] - (i == j ? 1.0 : 0.0)) > 1e-6) return false;
  const double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  return det > 0;
}

// A TK frame's fixed rotation from its RELATIVE frame (frames.req: the kernel gives the
// rotation from the TK frame to RELATIVE, as a column-major MATRIX, ANGLES with
// M = [a1]_ax1·[a2]_ax2·[a3]_ax3 — verified on MOON_ME against CSPICE — or a QUATERNION).
std::pair<std::string, Mat3> tk_definition(const TextKernelPool& pool, int id, const std::string& name) {
  auto key = [&](std::string_view item) {
    std::string by_id = fmt::format("TKFRAME_{}_{}", id, item);
    return pool.has(by_id) ? by_id : fmt::format("TKFRAME_{}_{}", name, item);
  };
  auto one_string = [&](std::string_view item) {
    auto v = pool.strings(key(item));
    if (v.size() != 1) throw SpiceError(fmt::format("frame {}: {} must hold one string", name, key(item)));
    return v[0];
  };
  auto count_numbers = [&](std::string_view item, std::size_t n) {
    auto v = pool.numbers(key(item));
    if (v.size() != n) throw SpiceError(fmt::format("frame {}: {} must hold {} numbers", name, key(item), n));
    return v;
  };

  std::string relative;
  if (pool.is_numeric(key("RELATIVE"))) {
    const int code = static_cast<int>(count_numbers("RELATIVE", 1)[0]);
    const std::string code_name = fmt::format("FRAME_{}_NAME", code);
    if (!pool.has(code_name))
      throw SpiceError(fmt::format("frame {}: relative frame code {} has no FRAME_{}_NAME", name, code, code));
    relative = upper(pool.strings(code_name).at(0));
  } else {
    relative = upper(one_string("RELATIVE"));
  }

  const std::string spec = upper(one_string("SPEC"));
  Mat3 tk_to_relative;
  if (spec == "MATRIX") {
    auto v = count_numbers("MATRIX", 9);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        tk_to_relative[i][j] = v[static_cast<std::size_t>(j) * 3 + static_cast<std::size_t>(i)];  // column-major
  } else if (spec == "ANGLES") {
    auto angles = count_numbers("ANGLES", 3);
    auto axes = count_numbers("AXES", 3);
    const double unit = unit_in_radians(name, one_string("UNITS"));
    tk_to_relative = identity3();
    for (int i = 0; i < 3; ++i) {
      if (axes[i] != 1 && axes[i] != 2 && axes[i] != 3)
        throw SpiceError(fmt::format("frame {}: {} must hold axes 1, 2 or 3", name, key("AXES")));
      tk_to_relative = tk_to_relative * axis_rotation(static_cast<int>(axes[i]), angles[i] * unit);
    }
  } else if (spec == "QUATERNION") {
    tk_to_relative = quaternion_matrix(count_numbers("Q", 4));
  } else {
    throw SpiceError(fmt::format("frame {}: unsupported {} '{}'", name, key("SPEC"), spec));
  }
  if (!is_rotation(tk_to_relative))
    throw SpiceError(fmt::format("frame {}: the TK rotation is not a proper rotation matrix", name));
  return {relative, transpose(tk_to_relative)};
}

}  // namespace

FrameSystem::FrameSystem() {
  for (const auto& f : builtin_iau_frames)
    frames_.emplace(std::string(f.name),
                    TextPck{nullptr, fmt::format("no text PCK constants loaded (BODY{}_POLE_RA)", f.body)});
}

void FrameSystem::update_from_pool(const TextKernelPool& pool) {
  for (const auto& f : builtin_iau_frames) {
    TextPck def;
    try {
      def.model = std::make_shared<const BodyRotationModel>(body_rotation_model(pool, f.body));
    } catch (const SpiceError& e) {
      def.problem = e.what();
    }
    frames_.insert_or_assign(std::string(f.name), std::move(def));
  }

  // Frame-kernel frames: every FRAME_<id>_NAME.
  for (const std::string& var : pool.names_with_prefix("FRAME_")) {
    if (!var.ends_with("_NAME")) continue;
    const std::string id_text = var.substr(6, var.size() - 6 - 5);
    if (id_text.empty() || id_text.find_first_not_of("-0123456789") != std::string::npos) continue;
    const int id = std::stoi(id_text);
    std::string name;
    Definition def = Unsupported{};
    try {
      auto names = pool.strings(var);
      if (names.size() != 1) throw SpiceError(fmt::format("{} must hold one name", var));
      name = upper(names[0]);
      const std::string class_var = fmt::format("FRAME_{}_CLASS", id);
      const std::string class_id_var = fmt::format("FRAME_{}_CLASS_ID", id);
      const int frame_class = static_cast<int>(pool.numbers(class_var).at(0));
      const int class_id = static_cast<int>(pool.numbers(class_id_var).at(0));
      if (frame_class == 1 && inertial_frame_code(name)) {
        def = Inertial{*inertial_frame_code(name)};
      } else if (frame_class == 2) {
        BinaryPckFrame pck{class_id, nullptr};
        if (pool.has(fmt::format("BODY{}_POLE_RA", class_id)))
          pck.text_fallback = std::make_shared<const BodyRotationModel>(body_rotation_model(pool, class_id));
        def = pck;
      } else if (frame_class == 4) {
        auto [relative, matrix] = tk_definition(pool, id, name);
        def = FixedOffset{relative, matrix};
      } else {
        def =
            Unsupported{fmt::format("frame {} has class {}: only inertial, PCK (2) and fixed TK (4) frames "
                                    "are supported",
                                    name, frame_class)};
      }
    } catch (const std::exception& e) {
      if (name.empty()) throw SpiceError(fmt::format("bad frame definition {}: {}", var, e.what()));
      def = Unsupported{fmt::format("bad definition of frame {}: {}", name, e.what())};
    }
    frames_.insert_or_assign(name, std::move(def));
  }
}

void FrameSystem::add_binary_pck(std::shared_ptr<const BinaryPck> pck) { pcks_.push_back(std::move(pck)); }

bool FrameSystem::is_known(std::string_view name) const {
  const std::string key = upper(name);
  return frames_.count(key) > 0 || inertial_frame_code(key).has_value();
}

RotationState FrameSystem::from_j2000(const std::string& name, double et, int depth) const {
  if (depth > max_chain_length) throw SpiceError(fmt::format("frame {}: definition chain is cyclic", name));
  auto it = frames_.find(name);
  if (it == frames_.end()) {
    auto code = inertial_frame_code(name);
    if (!code) throw SpiceError(fmt::format("unknown frame '{}'", name));
    return {transpose(rotation_to_j2000(*code)), {}};
  }
  const Definition& def = it->second;
  auto with_reference = [&](const RotationState& body, int reference_frame) {
    if (reference_frame == 1) return body;
    return compose(body, RotationState{transpose(rotation_to_j2000(reference_frame)), {}});
  };
  if (auto* inertial = std::get_if<Inertial>(&def)) return {transpose(rotation_to_j2000(inertial->code)), {}};
  if (auto* text = std::get_if<TextPck>(&def)) {
    if (!text->model) throw SpiceError(fmt::format("frame {}: {}", name, text->problem));
    return with_reference(body_rotation(*text->model, et), text->model->reference_frame);
  }
  if (auto* pck = std::get_if<BinaryPckFrame>(&def)) {
    for (auto p = pcks_.rbegin(); p != pcks_.rend(); ++p)  // last loaded file wins
      if (const BinaryPckSegment* seg = (*p)->find(pck->class_id, et))
        return with_reference(evaluate(*seg, et), seg->reference_frame);
    if (pck->text_fallback)
      return with_reference(body_rotation(*pck->text_fallback, et), pck->text_fallback->reference_frame);
    throw SpiceError(
        fmt::format("frame {}: no binary PCK data for frame class id {} at ET {:.17g}", name, pck->class_id, et));
  }
  if (auto* fixed = std::get_if<FixedOffset>(&def))
    return compose(RotationState{fixed->from_relative, {}}, from_j2000(fixed->relative, et, depth + 1));
  throw SpiceError(std::get<Unsupported>(def).problem);
}

RotationState FrameSystem::rotation_state(std::string_view from, std::string_view to, double et) const {
  const std::string from_name = upper(from), to_name = upper(to);
  const RotationState to_state = from_j2000(to_name, et, 0);
  if (from_name == "J2000") return to_state;
  return compose(to_state, inverse(from_j2000(from_name, et, 0)));
}

Mat3 FrameSystem::rotation(std::string_view from, std::string_view to, double et) const {
  return rotation_state(from, to, et).m;
}

}  // namespace lpm::spice
