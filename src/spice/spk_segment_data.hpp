#pragma once
// Internal to the SPK reader: one segment's data words plus the trailer values decoded and
// checked once at open (D§4.5, spk.req), and the evaluator of each segment family.
// Evaluators throw SpiceError with a message about the data; SpkFile adds file and segment.

#include <cstddef>
#include <string>
#include <vector>

#include "spice/linear.hpp"

namespace lpm::spice {

struct SegmentData {
  int type = 0;
  bool supported = false;
  std::vector<double> words;  // the segment's data array, host order
  double start_et = 0, end_et = 0;

  // Chebyshev (2, 3): records of record_size words, coefficients per component.
  double init_et = 0, interval_s = 0;
  std::size_t record_size = 0, record_count = 0, coefficient_count = 0;

  // Discrete states (5, 8, 9, 12, 13): state_count states of 6 words, then epochs (5, 9, 13)
  // or first epoch + step (8, 12); window = number of states interpolated.
  std::size_t state_count = 0, epochs_offset = 0, window = 0;
  double first_epoch = 0, step_s = 0;
  double gm_km3_s2 = 0;  // type 5

  // Modified difference arrays (1, 21): record_count records of record_size words, then the
  // records' final epochs at epochs_offset; maxdim = table dimension (15 for type 1).
  std::size_t maxdim = 0;
};

// Decodes and checks the trailer of a segment of any type (unsupported types: supported=false).
// Throws SpiceError describing an inconsistent layout.
SegmentData make_segment_data(int type, std::vector<double> words, double start_et, double end_et);

StateVector evaluate_chebyshev(const SegmentData& seg, double et);        // types 2, 3
StateVector evaluate_mda(const SegmentData& seg, double et);              // types 1, 21
StateVector evaluate_discrete_states(const SegmentData& seg, double et);  // types 8, 9, 12, 13
StateVector evaluate_two_body_states(const SegmentData& seg, double et);  // type 5
StateVector evaluate_equinoctial(const SegmentData& seg, double et);      // type 17

// Two-body (Keplerian) propagation of a state by dt seconds about a centre of mass parameter gm
// (universal variables; any conic). Used by type 5 and the tests.
StateVector propagate_two_body(const StateVector& state, double gm_km3_s2, double dt_s);

// Index (0-based) of the first epoch >= et among epochs[0..count), or count if none.
std::size_t first_epoch_at_or_after(const double* epochs, std::size_t count, double et);

}  // namespace lpm::spice
