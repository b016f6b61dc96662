#pragma once
// UTC <-> ET (TDB seconds past J2000) with the leap-second kernel's DELTET constants, SPICE
// semantics (D§4.6, NAIF time.req): TAI = UTC + ΔAT, TT = TAI + ΔT_A, ET = TT + K sin E with
// E = M + EB sin M, M = M0 + M1·TT. Leap seconds (23:59:60.x) are handled in both directions.

#include <string>
#include <string_view>
#include <vector>

namespace lpm::spice {

class TextKernelPool;

// The years a UTC string YYYY-MM-DD... can hold: utc_to_et reads them, et_to_utc writes no other.
inline constexpr int utc_first_year = 0;
inline constexpr int utc_last_year = 9999;

class LeapSeconds {
 public:
  // Reads DELTET/DELTA_T_A, K, EB, M, DELTA_AT; SpiceError naming a missing/malformed one.
  static LeapSeconds from_pool(const TextKernelPool& pool);

  // Accepts YYYY-MM-DDThh:mm:ss[.fff][Z], YYYY-MM-DDThh:mm[Z] and YYYY-MM-DD; seconds 60.x only
  // in a leap second. Anything else: SpiceError naming the string. Does not allocate on success.
  double utc_to_et(std::string_view utc) const;
  // ISO calendar UTC "YYYY-MM-DDThh:mm:ss.ffffff" (SPICE ISOC) with `decimals` (0..9) digits.
  // SpiceError for an ET that is not finite or outside utc_first_year..utc_last_year.
  std::string et_to_utc(double et, int decimals = 6) const;

  // TAI − UTC in seconds for the UTC day beginning at `days_since_2000` (first table value
  // before the table starts).
  double delta_at_for_day(long long days_since_2000) const;

 private:
  double delta_t_a_ = 32.184;
  double k_ = 0;
  double eb_ = 0;
  double m0_ = 0;
  double m1_ = 0;
  std::vector<double> step_utc_;  // formal UTC seconds past J2000 at which each ΔAT starts
  std::vector<double> delta_at_;  // ΔAT from that instant on

  double et_minus_tt(double tt) const;
};

}  // namespace lpm::spice
