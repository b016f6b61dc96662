#pragma once
// The message of the SpiceError a call throws, or "no error".
#include <functional>
#include <string>

#include "spice/error.hpp"

namespace lpm::test {

inline std::string spice_error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const lpm::spice::SpiceError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace lpm::test
