#include "spice/ephemeris.hpp"

#include <fmt/format.h>
#include <fmt/std.h>

#include "spice/error.hpp"
#include "spice/inertial_frames.hpp"

namespace lpm::spice {
namespace {

constexpr std::size_t max_chain = 64;  // guards against cyclic centre chains in corrupt files

std::string file_list(const std::vector<SpkFile>& files) {
  if (files.empty()) return "none loaded";
  std::string s;
  for (const auto& f : files) s += (s.empty() ? "" : ", ") + f.path().string();
  return s;
}

}  // namespace

void Ephemeris::load(const std::filesystem::path& spk) {
  SpkFile file = SpkFile::open(spk);
  const std::size_t file_index = files_.size();
  const auto& segs = file.segments();
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const SpkSegment& s = segs[i];
    Candidate c{file_index, i, s.start_et, s.end_et, s.center, s.frame_code != 1, true, identity3()};
    try {
      c.to_j2000 = rotation_to_j2000(s.frame_code);
    } catch (const SpiceError&) {
      c.frame_known = false;  // reported when the segment is needed
    }
    // Later files, and later segments within a file, come first.
    auto& list = by_target_[s.target];
    list.insert(list.begin(), c);
  }
  files_.push_back(std::move(file));
}

const Ephemeris::Candidate* Ephemeris::find(int body, double et) const {
  auto it = by_target_.find(body);
  if (it == by_target_.end()) return nullptr;
  for (const Candidate& c : it->second)
    if (et >= c.start_et && et <= c.end_et) return &c;
  return nullptr;
}

void Ephemeris::chain(int body, double et, std::vector<Link>& out) const {
  out.clear();
  out.push_back({body, {}});
  StateVector sum{};
  while (const Candidate* c = find(out.back().body, et)) {
    if (out.size() > max_chain)
      throw SpiceError(fmt::format("SPK centre chain of body {} at ET {:.6f} does not end (files: {})", body, et,
                                   file_list(files_)));
    const SpkFile& file = files_[c->file_index];
    if (!c->frame_known) {
      const SpkSegment& seg = file.segments()[c->segment_index];
      throw SpiceError(fmt::format("{}: segment {} '{}' of body {} uses frame code {}, not a supported inertial frame",
                                   file.path(), c->segment_index, seg.name, seg.target, seg.frame_code));
    }
    StateVector s = file.evaluate(c->segment_index, et);
    if (c->rotate) s = {c->to_j2000 * s.position_km, c->to_j2000 * s.velocity_km_s};
    sum = {sum.position_km + s.position_km, sum.velocity_km_s + s.velocity_km_s};
    out.push_back({c->center, sum});
  }
}

StateVector Ephemeris::state_j2000(int target, int observer, double et) const {
  // Small per-thread buffers: no allocation per call after the first, no shared mutable state.
  thread_local std::vector<Link> target_chain, observer_chain;
  chain(target, et, target_chain);
  chain(observer, et, observer_chain);
  for (const Link& t : target_chain)
    for (const Link& o : observer_chain)
      if (t.body == o.body)
        return {t.state.position_km - o.state.position_km, t.state.velocity_km_s - o.state.velocity_km_s};
  throw SpiceError(
      fmt::format("insufficient ephemeris data for body {} relative to body {} at ET {:.6f}: no segment covers body {} "
                  "(target chain ends there) and body {} (observer chain); files searched: {}",
                  target, observer, et, target_chain.back().body, observer_chain.back().body, file_list(files_)));
}

std::vector<Ephemeris::LoadedSegment> Ephemeris::segments() const {
  std::vector<LoadedSegment> out;
  for (std::size_t f = files_.size(); f-- > 0;) {
    const auto& segs = files_[f].segments();
    for (std::size_t i = segs.size(); i-- > 0;) out.push_back({segs[i], f});
  }
  return out;
}

std::vector<std::filesystem::path> Ephemeris::files() const {
  std::vector<std::filesystem::path> out;
  for (const auto& f : files_) out.push_back(f.path());
  return out;
}

}  // namespace lpm::spice
