#include "simulate/text_kernels.hpp"

#include "spice/text_kernel.hpp"

namespace lpm::simulate {

std::string leapseconds_kernel_text() {
  return R"(KPL/LSK

Leap-second kernel written by potential-mapper simulate.
Values: DELTET constants of NAIF time.req and the TAI-UTC table of IERS Bulletin C
(leap seconds up to 2017-01-01), the same facts as NAIF's naif0012.tls.

\begindata

DELTET/DELTA_T_A = 32.184
DELTET/K         = 1.657D-3
DELTET/EB        = 1.671D-2
DELTET/M         = ( 6.239996D0  1.99096871D-7 )

DELTET/DELTA_AT  = ( 10, @1972-JAN-1  11, @1972-JUL-1  12, @1973-JAN-1
                     13, @1974-JAN-1  14, @1975-JAN-1  15, @1976-JAN-1
                     16, @1977-JAN-1  17, @1978-JAN-1  18, @1979-JAN-1
                     19, @1980-JAN-1  20, @1981-JUL-1  21, @1982-JUL-1
                     22, @1983-JUL-1  23, @1985-JUL-1  24, @1988-JAN-1
                     25, @1990-JAN-1  26, @1991-JAN-1  27, @1992-JUL-1
                     28, @1993-JUL-1  29, @1994-JUL-1  30, @1996-JAN-1
                     31, @1997-JUL-1  32, @1999-JAN-1  33, @2006-JAN-1
                     34, @2009-JAN-1  35, @2012-JUL-1  36, @2015-JUL-1
                     37, @2017-JAN-1 )

\begintext
)";
}

std::string moon_pck_text() {
  return R"(KPL/PCK

Text PCK written by potential-mapper simulate: orientation and radius of the Moon only
(IAU_MOON), with the IAU 2009 constants of NAIF's pck00010.tpc (D§4.7).
Angles in degrees; rates per Julian century (RA, Dec, angles) or per day (PM).

\begindata

BODY3_NUT_PREC_ANGLES = ( 125.045  -1935.5364525
                          250.089  -3871.0729050
                          260.008  475263.3328725
                          176.625  487269.6299850
                          357.529   35999.0509575
                          311.589  964468.4993100
                          134.963  477198.8693250
                          276.617   12006.3007650
                           34.226   63863.5132425
                           15.134   -5806.6093575
                          119.743     131.8406400
                          239.961    6003.1503825
                           25.053  473327.7964200 )

BODY301_POLE_RA     = ( 269.9949   0.0031        0. )
BODY301_POLE_DEC    = (  66.5392   0.0130        0. )
BODY301_PM          = (  38.3213  13.17635815   -1.4D-12 )
BODY301_LONG_AXIS   = (   0. )

BODY301_NUT_PREC_RA  = ( -3.8787  -0.1204   0.0700  -0.0172   0.0      0.0072   0.0
                          0.0      0.0     -0.0052   0.0      0.0      0.0043 )
BODY301_NUT_PREC_DEC = (  1.5419   0.0239  -0.0278   0.0068   0.0     -0.0029   0.0009
                          0.0      0.0      0.0008   0.0      0.0     -0.0009 )
BODY301_NUT_PREC_PM  = (  3.5610   0.1208  -0.0642   0.0158   0.0252  -0.0066  -0.0047
                         -0.0046   0.0028   0.0052   0.0040   0.0019  -0.0044 )

BODY301_RADII       = ( 1737.4  1737.4  1737.4 )

\begintext
)";
}

const spice::LeapSeconds& simulated_leap_seconds() {
  static const spice::LeapSeconds leap_seconds = [] {
    spice::TextKernelPool pool;
    pool.parse(leapseconds_kernel_text(), "simulated.tls");
    return spice::LeapSeconds::from_pool(pool);
  }();
  return leap_seconds;
}

}  // namespace lpm::simulate
