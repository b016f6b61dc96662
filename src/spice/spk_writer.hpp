#pragma once
// Writing SPK files (types 2, 9, 13) as little-endian ("LTL-IEEE") DAF files (D§4.4, D§4.5,
// spk.req), e.g. for simulated trajectories. The file appears atomically at close().

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "spice/linear.hpp"

namespace lpm::spice {

// Chebyshev position records of fixed length (type 2).
struct Type2Segment {
  int target = 0, center = 0, frame_code = 1;
  double start_et = 0, end_et = 0;     // coverage
  double init_et = 0, interval_s = 0;  // start of the first record, record length
  int degree = 0;
  std::vector<std::vector<double>> records;  // each: MID, RADIUS, then (degree+1) coeffs X, Y, Z
  std::string name;
};

// Discrete states with Lagrange interpolation of degree `degree` (type 9, unequal steps).
struct Type9Segment {
  int target = 0, center = 0, frame_code = 1;
  int degree = 0;
  std::vector<double> epochs;  // strictly increasing; coverage = first .. last
  std::vector<StateVector> states;
  std::string name;
};

// Discrete states with Hermite interpolation over window_size states (type 13, unequal steps).
struct Type13Segment {
  int target = 0, center = 0, frame_code = 1;
  int window_size = 0;
  std::vector<double> epochs;
  std::vector<StateVector> states;
  std::string name;
};

class SpkWriter {
 public:
  SpkWriter(std::filesystem::path path, std::string internal_name);
  // Each add() checks the segment and throws SpiceError naming it when inconsistent.
  void add(const Type2Segment& segment);
  void add(const Type9Segment& segment);
  void add(const Type13Segment& segment);
  void set_comments(std::string text);
  // Writes the file atomically (io::AtomicOutput). Throws SpiceError on I/O failure.
  void close();

  struct PendingSegment {
    int target, center, frame_code, type;
    double start_et, end_et;
    std::string name;
    std::vector<double> words;
  };

 private:
  std::filesystem::path path_;
  std::string internal_name_;
  std::string comments_;
  std::vector<PendingSegment> segments_;
};

// Type 2 segment fitting a sampled position function: records of interval_s seconds from start
// (the last record may extend past end), each a Chebyshev interpolant of the given degree
// through the Chebyshev nodes of its interval.
Type2Segment fit_chebyshev_type2(int target, int center, int frame_code, double start_et, double end_et,
                                 double interval_s, int degree, const std::function<Vec3(double et)>& position);

}  // namespace lpm::spice
