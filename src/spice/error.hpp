#pragma once
#include <stdexcept>

namespace lpm::spice {

// Every failure of the SPICE library: a one-line message naming the file, body, frame or
// time concerned. The library never exits or aborts; callers decide (the pipeline turns it
// into NaN geometry and a status code for the rows concerned).
class SpiceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace lpm::spice
