#pragma once
// Binary PCK (DAF/PCK, ND=2, NI=5; NAIF pck.req): segments of body-fixed frame orientation.
// Summary: [start ET, end ET] and [frame class id, inertial reference frame, data type, begin
// address, end address]. Type 2 = Chebyshev polynomials of three Euler angles (φ, δ, w), in
// radians, stored like SPK type 2 (records of MID, RADIUS, coefficients; trailer INIT, INTLEN,
// RSIZE, N). Frame rotation from the reference frame: M = R3(w)·R1(δ)·R3(φ).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "spice/euler.hpp"

namespace lpm::spice {

struct BinaryPckSegment {
  int frame_class_id = 0;
  int reference_frame = 0;
  int type = 0;
  double start_et = 0;
  double end_et = 0;
  std::string name;
  // Type 2 data.
  double init = 0;
  double interval = 0;
  int record_size = 0;
  int record_count = 0;
  std::vector<double> records;
};

class BinaryPck {
 public:
  // Reads every segment; SpiceError naming the file on a defect or an unsupported data type.
  static BinaryPck open(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  const std::vector<BinaryPckSegment>& segments() const { return segments_; }

  // The last segment of this file for `frame_class_id` covering `et`, or nullptr.
  const BinaryPckSegment* find(int frame_class_id, double et) const;

 private:
  std::filesystem::path path_;
  std::vector<BinaryPckSegment> segments_;
};

// Rotation (and rate) from the segment's reference frame to the body-fixed frame at `et`
// (et must lie in the segment's coverage).
RotationState evaluate(const BinaryPckSegment& segment, double et);

}  // namespace lpm::spice
