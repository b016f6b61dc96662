#pragma once
// SHA-1 of the seven real kernels of the public archives (D§1.5: the reference's
// data/spice_kernels/kernels.lock). `fetch` verifies downloads against it unless --kernels-lock
// names another lock. Sizes ("# size" lines, io/checksum_list.hpp) only where known for certain:
// latest_leapseconds.tls has the SHA-1 of NAIF's naif0012.tls (../shared/kernels), 5 257 bytes.

#include <string_view>

namespace lpm::acquire {

inline constexpr std::string_view default_kernels_lock =
    "# SHA-1 of the Lunar Prospector kernels of the public archives (sha1sum format, D§1.5)\n"
    "09d4bd44f3f72e01d02bc6df06b5db1a6a877351  latest_leapseconds.tls\n"
    "# size 5257 latest_leapseconds.tls\n"
    "9d0f6633d6a6c3eefb7e070a4cafb47bab3ecacb  lp_ask_980111-980531.bsp\n"
    "7280d34c39c0efd7e2961b3ecf2f067c11382e0f  lp_ask_980601-981031.bsp\n"
    "b3b3b09738875fd630d2611f174f36cb3b2586df  lp_ask_981101-990331.bsp\n"
    "d0d1e3d67ab8f2640a288eed8f452e4895503b0d  lp_ask_990401-990730.bsp\n"
    "1eece70640f2d1a2e5c7ad318a15af815819077f  lpephemu.bsp\n"
    "5a224831c6b765d15e078cc7d8ceeab03a63d450  pck00011.tpc\n";

}  // namespace lpm::acquire
