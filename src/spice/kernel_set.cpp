#include "spice/kernel_set.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/std.h>

#include "spice/binary_pck.hpp"
#include "spice/daf.hpp"
#include "spice/error.hpp"
#include "spice/kernel_file.hpp"

namespace lpm::spice {
namespace {

bool is_j2000(std::string_view frame) {
  return frame.size() == 5 && std::toupper(static_cast<unsigned char>(frame[0])) == 'J' && frame.substr(1) == "2000";
}

}  // namespace

void KernelSet::load(const std::filesystem::path& path) {
  const std::string head = read_kernel_head(path, 1024);  // enough to recognise its kind
  if (head.starts_with("DAF/SPK ") || head.starts_with("NAIF/DAF")) {
    ephemeris_.load(path);
  } else if (head.starts_with("DAF/PCK ")) {
    frames_.add_binary_pck(std::make_shared<const BinaryPck>(BinaryPck::open(path)));
  } else if (head.starts_with("DAF/") || head.starts_with("DAS/")) {
    throw SpiceError(fmt::format("{}: unsupported binary kernel kind '{}'", path, head.substr(0, 8)));
  } else if (head.find('\0') != std::string::npos) {
    throw SpiceError(fmt::format("{} is not a SPICE kernel (binary, but no DAF identification word)", path));
  } else if (head.starts_with("KPL/MK")) {
    load_meta_kernel(path);
    return;  // the listed files were recorded themselves
  } else {
    load_text(path);
  }
  files_.push_back(path);
}

void KernelSet::load_text(const std::filesystem::path& path) {
  TextKernelPool updated = pool_;  // a kernel that fails half-way leaves the set unchanged
  updated.load(path);
  std::optional<LeapSeconds> fresh;
  if (updated.has("DELTET/DELTA_AT")) {
    try {
      fresh.emplace(LeapSeconds::from_pool(updated));
    } catch (const SpiceError& e) {
      throw SpiceError(fmt::format("{}: {}", path, e.what()));
    }
  }
  FrameSystem frames = frames_;
  frames.update_from_pool(updated);
  pool_ = std::move(updated);
  if (fresh) leap_seconds_.emplace(*fresh);
  frames_ = std::move(frames);
}

void KernelSet::load_meta_kernel(const std::filesystem::path& path) {
  TextKernelPool meta;
  meta.load(path);
  if (!meta.has("KERNELS_TO_LOAD")) throw SpiceError(fmt::format("meta-kernel {} has no KERNELS_TO_LOAD", path));
  std::vector<std::string> symbols, values;
  if (meta.has("PATH_SYMBOLS")) symbols = meta.strings("PATH_SYMBOLS");
  if (meta.has("PATH_VALUES")) values = meta.strings("PATH_VALUES");
  if (symbols.size() != values.size())
    throw SpiceError(fmt::format("meta-kernel {}: PATH_SYMBOLS and PATH_VALUES differ in length", path));
  for (std::string file : meta.strings("KERNELS_TO_LOAD")) {
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      const std::string symbol = "$" + symbols[i];
      for (std::size_t at; (at = file.find(symbol)) != std::string::npos;) file.replace(at, symbol.size(), values[i]);
    }
    std::filesystem::path p = file;
    if (p.is_relative() && !std::filesystem::exists(p)) p = path.parent_path() / p;
    load(p);
  }
}

double KernelSet::utc_to_et(std::string_view utc) const {
  if (!leap_seconds_) throw SpiceError(fmt::format("cannot convert UTC '{}': no leap-second kernel loaded", utc));
  return leap_seconds_->utc_to_et(utc);
}

std::string KernelSet::et_to_utc(double et, int decimals) const {
  if (!leap_seconds_) throw SpiceError(fmt::format("cannot convert ET {}: no leap-second kernel loaded", et));
  return leap_seconds_->et_to_utc(et, decimals);
}

StateVector KernelSet::state(int target, int observer, std::string_view frame, double et) const {
  StateVector s = ephemeris_.state_j2000(target, observer, et);
  if (is_j2000(frame)) return s;
  const RotationState r = frames_.rotation_state("J2000", frame, et);
  return {r.m * s.position_km, r.m * s.velocity_km_s + r.dm * s.position_km};
}

Mat3 KernelSet::rotation(std::string_view from, std::string_view to, double et) const {
  return frames_.rotation(from, to, et);
}

}  // namespace lpm::spice
