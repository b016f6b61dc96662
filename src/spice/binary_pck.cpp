#include "spice/binary_pck.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/std.h>

#include "spice/daf.hpp"
#include "spice/error.hpp"

namespace lpm::spice {
namespace {

// Σ c_k T_k(s) and its derivative d/ds by Clenshaw's recurrence (b_k = c_k + 2s b_{k+1} − b_{k+2};
// value = c_0 + s b_1 − b_2; the derivative recurrence is its s-derivative). Summing from the
// highest degree down keeps rounding close to CSPICE's for large angles (DE421 w ≈ 10^4 rad).
void chebyshev(const double* c, int n, double s, double& value, double& derivative) {
  double b1 = 0, b2 = 0, d1 = 0, d2 = 0;
  for (int k = n - 1; k >= 1; --k) {
    const double b0 = c[k] + (2 * s * b1 - b2);
    const double d0 = 2 * b1 + (2 * s * d1 - d2);
    b2 = b1;
    b1 = b0;
    d2 = d1;
    d1 = d0;
  }
  value = c[0] + (s * b1 - b2);
  derivative = b1 + (s * d1 - d2);
}

}  // namespace

BinaryPck BinaryPck::open(const std::filesystem::path& path) {
  DafFile daf = DafFile::open(path);
  if (daf.id_word() != "DAF/PCK ")
    throw SpiceError(fmt::format("{} is not a binary PCK (identification word '{}')", path, daf.id_word()));
  if (daf.nd() != 2 || daf.ni() != 5)
    throw SpiceError(fmt::format("{}: binary PCK must have ND=2, NI=5, has ND={}, NI={}", path, daf.nd(), daf.ni()));
  BinaryPck pck;
  pck.path_ = path;
  for (const auto& summary : daf.summaries()) {
    BinaryPckSegment seg;
    seg.start_et = summary.doubles[0];
    seg.end_et = summary.doubles[1];
    seg.frame_class_id = summary.ints[0];
    seg.reference_frame = summary.ints[1];
    seg.type = summary.ints[2];
    seg.name = summary.name;
    const std::int64_t begin = summary.ints[3], end = summary.ints[4];
    const auto where = fmt::format("{} segment '{}' (frame class {})", path, seg.name, seg.frame_class_id);
    if (seg.type != 2) throw SpiceError(fmt::format("{}: unsupported binary PCK data type {}", where, seg.type));
    if (end - begin + 1 < 4) throw SpiceError(fmt::format("{}: data array too short", where));
    std::vector<double> data = daf.read_words(begin, end);
    const double* trailer = data.data() + data.size() - 4;
    seg.init = trailer[0];
    seg.interval = trailer[1];
    const double rsize = trailer[2], count = trailer[3];
    if (!(rsize >= 5 && rsize < 1e6 && count >= 1 && count < 1e9) || std::fmod(rsize - 2, 3) != 0 ||
        !(seg.interval > 0) || rsize * count + 4 != static_cast<double>(data.size()))
      throw SpiceError(
          fmt::format("{}: inconsistent type 2 trailer (RSIZE {}, N {}, {} words)", where, rsize, count, data.size()));
    seg.record_size = static_cast<int>(rsize);
    seg.record_count = static_cast<int>(count);
    data.resize(data.size() - 4);
    seg.records = std::move(data);
    pck.segments_.push_back(std::move(seg));
  }
  return pck;
}

const BinaryPckSegment* BinaryPck::find(int frame_class_id, double et) const {
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it)  // later segments take precedence
    if (it->frame_class_id == frame_class_id && it->start_et <= et && et <= it->end_et) return &*it;
  return nullptr;
}

RotationState evaluate(const BinaryPckSegment& seg, double et) {
  double index = std::floor((et - seg.init) / seg.interval);
  index = std::clamp(index, 0.0, static_cast<double>(seg.record_count - 1));  // et at the segment end
  const double* record = seg.records.data() + static_cast<std::size_t>(index) * seg.record_size;
  const double mid = record[0], radius = record[1];
  const double s = (et - mid) / radius;
  const int n = (seg.record_size - 2) / 3;
  double angle[3], rate[3];
  for (int i = 0; i < 3; ++i) {
    chebyshev(record + 2 + static_cast<std::ptrdiff_t>(i) * n, n, s, angle[i], rate[i]);
    rate[i] /= radius;
  }
  // (φ, δ, w) → M = R3(w)·R1(δ)·R3(φ)
  const int axes[3] = {3, 1, 3};
  const double angles[3] = {angle[2], angle[1], angle[0]};
  const double rates[3] = {rate[2], rate[1], rate[0]};
  return euler_rotation(axes, angles, rates);
}

}  // namespace lpm::spice
