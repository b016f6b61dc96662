#pragma once
// SPK (ephemeris) files: segment list and evaluation of one segment (D§4.4, D§4.5, NAIF spk.req).
// Supported segment types: 1, 2, 3, 5, 8, 9, 12, 13, 17, 21. The data of every segment is read
// into memory at open; evaluate() is const and safe to call from many threads at once.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "spice/linear.hpp"

namespace lpm::spice {

struct SpkSegment {
  int target = 0;
  int center = 0;
  int frame_code = 0;
  int type = 0;
  double start_et = 0;  // coverage, TDB seconds past J2000, inclusive
  double end_et = 0;
  std::string name;
  std::int64_t begin_addr = 0;  // DAF word addresses of the segment's data (1-based, inclusive)
  std::int64_t end_addr = 0;
};

struct SegmentData;  // evaluation data of one segment (spk_segment_data.hpp)

class SpkFile {
 public:
  // Throws SpiceError naming the file if it is not a DAF/SPK file or a segment of a supported
  // type has an inconsistent layout. Segments of unsupported types are listed; evaluating them throws.
  static SpkFile open(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  const std::vector<SpkSegment>& segments() const { return segments_; }

  // State of the segment's target relative to its center, in the segment's frame, at et (TDB s
  // past J2000). Throws SpiceError (naming type, segment and file) for an unsupported type or an
  // et outside the segment's coverage.
  StateVector evaluate(std::size_t segment_index, double et) const;

 private:
  std::filesystem::path path_;
  std::vector<SpkSegment> segments_;
  std::vector<std::shared_ptr<const SegmentData>> data_;  // parallel to segments_
};

}  // namespace lpm::spice
