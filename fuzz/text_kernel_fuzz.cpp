// libFuzzer target: the text kernel (KPL) parser (src/spice/text_kernel.hpp).
// A defect must be a SpiceError; every variable it defines can be read back as its kind.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "spice/error.hpp"
#include "spice/text_kernel.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  lpm::spice::TextKernelPool pool;
  try {
    pool.parse(text, "fuzz.tk");
  } catch (const lpm::spice::SpiceError&) {
  }
  // Whatever was assigned before an error stays readable.
  for (const std::string& name : pool.names_with_prefix("")) {
    if (!pool.has(name)) std::abort();
    if (pool.is_numeric(name))
      (void)pool.numbers(name);
    else
      (void)pool.strings(name);
  }
  return 0;
}
