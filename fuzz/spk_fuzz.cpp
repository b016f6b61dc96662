// libFuzzer target: the DAF container and SPK reader (src/spice/daf.hpp, spk.hpp).
// A defect must be a SpiceError; opening, listing and evaluating every segment at its
// coverage ends and midpoint must never crash or read outside the file.
#include <cstdint>
#include <cstdlib>

#include "fuzz_input_file.hpp"
#include "spice/daf.hpp"
#include "spice/error.hpp"
#include "spice/spk.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = lpm::fuzz::as_file(data, size);
  try {
    const auto daf = lpm::spice::DafFile::open(path);
    (void)daf.comments();
    for (const auto& summary : daf.summaries()) {
      if (summary.ints.size() < 2) continue;
      try {
        (void)daf.read_words(summary.ints[summary.ints.size() - 2], summary.ints.back());
      } catch (const lpm::spice::SpiceError&) {
      }
    }
  } catch (const lpm::spice::SpiceError&) {
  }
  try {
    const auto spk = lpm::spice::SpkFile::open(path);
    for (std::size_t i = 0; i < spk.segments().size() && i < 64; ++i) {
      const auto& segment = spk.segments()[i];
      for (double et : {segment.start_et, segment.end_et, 0.5 * (segment.start_et + segment.end_et)}) {
        try {
          (void)spk.evaluate(i, et);
        } catch (const lpm::spice::SpiceError&) {
        }
      }
    }
  } catch (const lpm::spice::SpiceError&) {
  }
  return 0;
}
