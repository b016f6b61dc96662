#pragma once
// Geometric states of bodies from loaded SPK files, chaining segment centres to a common
// ancestor and rotating every segment's frame to J2000 (D§4.4). Segment choice as SPICE: the
// last loaded file first, within a file the last segment first; coverage inclusive.
// Load all files first; afterwards state_j2000 may be called from many threads at once.

#include <cstddef>
#include <filesystem>
#include <unordered_map>
#include <vector>

#include "spice/linear.hpp"
#include "spice/spk.hpp"

namespace lpm::spice {

class Ephemeris {
 public:
  // Opens an SPK file; its segments take precedence over those loaded before.
  void load(const std::filesystem::path& spk);

  // State of target relative to observer in J2000 at et (TDB s past J2000). Throws SpiceError
  // naming the body, the ET and the files searched when the data do not connect them.
  StateVector state_j2000(int target, int observer, double et) const;

  struct LoadedSegment {
    SpkSegment segment;
    std::size_t file_index = 0;
  };
  // All segments, highest precedence first.
  std::vector<LoadedSegment> segments() const;
  std::vector<std::filesystem::path> files() const;

 private:
  struct Candidate {
    std::size_t file_index, segment_index;
    double start_et, end_et;
    int center;
    bool rotate;       // frame is not J2000
    bool frame_known;  // frame is an inertial frame we can rotate
    Mat3 to_j2000;     // constant rotation of the segment's inertial frame
  };
  std::vector<SpkFile> files_;
  std::unordered_map<int, std::vector<Candidate>> by_target_;  // highest precedence first

  const Candidate* find(int body, double et) const;
  // States of body relative to each successive centre, summed: chain[i] = (body_i, state of the
  // original body relative to body_i); chain[0] = (body, zero).
  struct Link {
    int body;
    StateVector state;
  };
  void chain(int body, double et, std::vector<Link>& out) const;
};

}  // namespace lpm::spice
