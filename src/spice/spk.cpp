#include "spice/spk.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/std.h>

#include "spice/daf.hpp"
#include "spice/error.hpp"
#include "spice/spk_segment_data.hpp"

namespace lpm::spice {
namespace {

// A count or size stored as a double in a trailer: must be a whole number in [lo, hi].
std::size_t whole_number(double value, double lo, double hi, const char* what) {
  if (!std::isfinite(value) || value < lo || value > hi || value != std::floor(value))
    throw SpiceError(fmt::format("invalid {} {} in the segment trailer", what, value));
  return static_cast<std::size_t>(value);
}

void require_length(std::size_t actual, std::size_t expected, const char* layout) {
  if (actual != expected)
    throw SpiceError(fmt::format("segment has {} words but its trailer implies {} ({})", actual, expected, layout));
}

void require_increasing(const double* epochs, std::size_t n, bool strictly) {
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(epochs[i])) throw SpiceError("segment epoch table holds a non-finite value");
    if (i > 0 && (strictly ? epochs[i] <= epochs[i - 1] : epochs[i] < epochs[i - 1]))
      throw SpiceError(fmt::format("segment epochs are not increasing at entry {}", i + 1));
  }
}

}  // namespace

std::size_t first_epoch_at_or_after(const double* epochs, std::size_t count, double et) {
  return static_cast<std::size_t>(std::lower_bound(epochs, epochs + count, et) - epochs);
}

SegmentData make_segment_data(int type, std::vector<double> words, double start_et, double end_et) {
  SegmentData s;
  s.type = type;
  s.start_et = start_et;
  s.end_et = end_et;
  const std::size_t L = words.size();
  const double max_count = static_cast<double>(L);
  auto last = [&](std::size_t k) { return words[L - k]; };  // k-th word from the end (1 = last)
  auto need_words = [&](std::size_t k) {
    if (L < k) throw SpiceError(fmt::format("segment of type {} has only {} words", type, L));
  };

  switch (type) {
    case 2:
    case 3: {
      need_words(4);
      s.init_et = last(4);
      s.interval_s = last(3);
      s.record_size = whole_number(last(2), 1, max_count, "record size");
      s.record_count = whole_number(last(1), 1, max_count, "record count");
      const std::size_t per = type == 2 ? 3 : 6;
      if (s.record_size < 2 + per || (s.record_size - 2) % per != 0)
        throw SpiceError(fmt::format("invalid Chebyshev record size {} for type {}", s.record_size, type));
      if (!std::isfinite(s.init_et) || !(s.interval_s > 0) || !std::isfinite(s.interval_s))
        throw SpiceError("invalid Chebyshev record start or interval in the segment trailer");
      s.coefficient_count = (s.record_size - 2) / per;
      require_length(L, s.record_count * s.record_size + 4, "Chebyshev records + 4");
      break;
    }
    case 1:
    case 21: {
      need_words(type == 1 ? 1 : 2);
      s.maxdim = type == 1 ? 15 : whole_number(last(2), 1, 100, "MAXDIM");
      s.record_size = 4 * s.maxdim + 11;
      s.record_count = whole_number(last(1), 1, max_count, "record count");
      const std::size_t n = s.record_count;
      require_length(L, n * s.record_size + n + n / 100 + (type == 1 ? 1 : 2),
                     "difference lines, final epochs, directory, trailer");
      s.epochs_offset = n * s.record_size;
      require_increasing(&words[s.epochs_offset], n, false);
      break;
    }
    case 5:
    case 9:
    case 13: {
      need_words(2);
      s.state_count = whole_number(last(1), 1, max_count, "state count");
      const std::size_t n = s.state_count;
      if (type == 5) {
        s.gm_km3_s2 = last(2);
        if (!(s.gm_km3_s2 > 0) || !std::isfinite(s.gm_km3_s2)) throw SpiceError("invalid GM in type 5 segment");
        s.window = 2;
      } else {
        s.window = whole_number(last(2), 1, max_count, "window size - 1") + 1;
        if (s.window > n) throw SpiceError(fmt::format("interpolation window {} exceeds the {} states", s.window, n));
      }
      require_length(L, 7 * n + (n - 1) / 100 + 2, "states, epochs, directory, trailer");
      s.epochs_offset = 6 * n;
      require_increasing(&words[s.epochs_offset], n, true);
      break;
    }
    case 8:
    case 12: {
      need_words(4);
      s.first_epoch = last(4);
      s.step_s = last(3);
      s.window = whole_number(last(2), 1, max_count, "window size - 1") + 1;
      s.state_count = whole_number(last(1), 1, max_count, "state count");
      if (!std::isfinite(s.first_epoch) || !(s.step_s > 0) || !std::isfinite(s.step_s))
        throw SpiceError("invalid first epoch or step in the segment trailer");
      if (s.window > s.state_count)
        throw SpiceError(fmt::format("interpolation window {} exceeds the {} states", s.window, s.state_count));
      require_length(L, 6 * s.state_count + 4, "states + 4");
      break;
    }
    case 17: require_length(L, 12, "type 17 elements"); break;
    default: s.words = std::move(words); return s;  // listed, not evaluable
  }
  s.supported = true;
  s.words = std::move(words);
  return s;
}

SpkFile SpkFile::open(const std::filesystem::path& path) {
  DafFile daf = DafFile::open(path);
  if (daf.nd() != 2 || daf.ni() != 6 || (daf.id_word() != "DAF/SPK " && daf.id_word() != "NAIF/DAF"))
    throw SpiceError(
        fmt::format("{} is not an SPK file (DAF id '{}', ND={}, NI={})", path, daf.id_word(), daf.nd(), daf.ni()));
  SpkFile spk;
  spk.path_ = path;
  const auto& summaries = daf.summaries();
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    const auto& sum = summaries[i];
    SpkSegment seg{sum.ints[0],    sum.ints[1], sum.ints[2], sum.ints[3], sum.doubles[0],
                   sum.doubles[1], sum.name,    sum.ints[4], sum.ints[5]};
    if (!std::isfinite(seg.start_et) || !std::isfinite(seg.end_et) || seg.start_et > seg.end_et)
      throw SpiceError(fmt::format("{}: segment {} '{}' has an invalid coverage {} .. {}", path, i, seg.name,
                                   seg.start_et, seg.end_et));
    try {
      spk.data_.push_back(std::make_shared<const SegmentData>(
          make_segment_data(seg.type, daf.read_words(seg.begin_addr, seg.end_addr), seg.start_et, seg.end_et)));
    } catch (const SpiceError& e) {
      throw SpiceError(
          fmt::format("{}: segment {} '{}' (type {}, body {}): {}", path, i, seg.name, seg.type, seg.target, e.what()));
    }
    spk.segments_.push_back(std::move(seg));
  }
  return spk;
}

StateVector SpkFile::evaluate(std::size_t segment_index, double et) const {
  if (segment_index >= segments_.size())
    throw SpiceError(fmt::format("{}: no segment {} (file has {})", path_, segment_index, segments_.size()));
  const SpkSegment& seg = segments_[segment_index];
  const SegmentData& data = *data_[segment_index];
  auto fail = [&](const std::string& why) {
    return SpiceError(fmt::format("{}: segment {} '{}' (body {} wrt {}, type {}): {}", path_, segment_index, seg.name,
                                  seg.target, seg.center, seg.type, why));
  };
  if (!data.supported) throw fail(fmt::format("SPK segment type {} is not supported", seg.type));
  if (!(et >= seg.start_et && et <= seg.end_et))
    throw fail(fmt::format("ET {:.6f} is outside the segment coverage {:.6f} .. {:.6f}", et, seg.start_et, seg.end_et));
  StateVector s;
  try {
    switch (data.type) {
      case 2:
      case 3: s = evaluate_chebyshev(data, et); break;
      case 1:
      case 21: s = evaluate_mda(data, et); break;
      case 5: s = evaluate_two_body_states(data, et); break;
      case 17: s = evaluate_equinoctial(data, et); break;
      default: s = evaluate_discrete_states(data, et); break;
    }
  } catch (const SpiceError& e) {
    throw fail(fmt::format("at ET {:.6f}: {}", et, e.what()));
  }
  for (int k = 0; k < 3; ++k)
    if (!std::isfinite(s.position_km[k]) || !std::isfinite(s.velocity_km_s[k]))
      throw fail(fmt::format("segment data give a non-finite state at ET {:.6f}", et));
  return s;
}

}  // namespace lpm::spice
