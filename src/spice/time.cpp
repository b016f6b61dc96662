#include "spice/time.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "base/calendar.hpp"
#include "base/portable_trig.hpp"
#include "spice/error.hpp"
#include "spice/text_kernel.hpp"

namespace lpm::spice {
namespace {

[[noreturn]] void reject(std::string_view utc, std::string_view why) {
  throw SpiceError(
      fmt::format("invalid UTC time '{}': {} (expected YYYY-MM-DDThh:mm:ss[.fff][Z], "
                  "YYYY-MM-DDThh:mm or YYYY-MM-DD)",
                  utc, why));
}

// Reads exactly `n` decimal digits at `pos`; -1 if they are not all digits.
int fixed_digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

double scalar(const TextKernelPool& pool, std::string_view name) {
  auto values = pool.numbers(name);
  if (values.size() != 1)
    throw SpiceError(fmt::format("leap-second kernel variable {} must hold 1 value, has {}", name, values.size()));
  return values[0];
}

constexpr std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

}  // namespace

LeapSeconds LeapSeconds::from_pool(const TextKernelPool& pool) {
  LeapSeconds ls;
  ls.delta_t_a_ = scalar(pool, "DELTET/DELTA_T_A");
  ls.k_ = scalar(pool, "DELTET/K");
  ls.eb_ = scalar(pool, "DELTET/EB");
  auto m = pool.numbers("DELTET/M");
  if (m.size() != 2)
    throw SpiceError(fmt::format("leap-second kernel variable DELTET/M must hold 2 values, has {}", m.size()));
  ls.m0_ = m[0];
  ls.m1_ = m[1];
  auto table = pool.numbers("DELTET/DELTA_AT");
  if (table.empty() || table.size() % 2 != 0)
    throw SpiceError("leap-second kernel variable DELTET/DELTA_AT must hold (ΔAT, @date) pairs");
  for (std::size_t i = 0; i < table.size(); i += 2) {
    ls.delta_at_.push_back(table[i]);
    ls.step_utc_.push_back(table[i + 1]);
    if (i > 0 && table[i + 1] <= table[i - 1])
      throw SpiceError("leap-second kernel variable DELTET/DELTA_AT: dates not increasing");
  }
  return ls;
}

double LeapSeconds::delta_at_for_day(long long days) const {
  const double midnight = formal_seconds_at_midnight(days);
  auto it = std::upper_bound(step_utc_.begin(), step_utc_.end(), midnight);
  // Before the table SPICE uses the first value minus one second (checked against CSPICE: 1969).
  if (it == step_utc_.begin()) return delta_at_.front() - 1.0;
  return delta_at_[static_cast<std::size_t>(it - step_utc_.begin()) - 1];
}

double LeapSeconds::et_minus_tt(double tt) const {
  const double m = m0_ + m1_ * tt;
  return k_ * math::sin(m + eb_ * math::sin(m));
}

double LeapSeconds::utc_to_et(std::string_view utc) const {
  std::string_view s = utc;
  if (!s.empty() && s.back() == 'Z') s.remove_suffix(1);
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') reject(utc, "not a YYYY-MM-DD date");
  const int year = fixed_digits(s, 0, 4), month = fixed_digits(s, 5, 2), day = fixed_digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12) reject(utc, "bad year or month");
  if (day < 1 || day > days_in_month(year, month)) reject(utc, "day outside the month");

  int hour = 0, minute = 0;
  double second = 0;
  if (s.size() > 10) {
    if (s[10] != 'T' || s.size() < 16 || s[13] != ':') reject(utc, "time must follow 'T' as hh:mm[:ss]");
    hour = fixed_digits(s, 11, 2);
    minute = fixed_digits(s, 14, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) reject(utc, "hour or minute out of range");
    if (s.size() > 16) {
      if (s[16] != ':') reject(utc, "seconds must follow ':'");
      const int whole = fixed_digits(s, 17, 2);
      if (whole < 0) reject(utc, "seconds must be two digits");
      second = whole;
      if (s.size() > 19) {
        if (s[19] != '.' || s.size() == 20) reject(utc, "unexpected characters after the seconds");
        std::int64_t fraction = 0;  // first 18 digits, exact; later ones are below 1e-18 s
        int digits = 0;
        for (std::size_t i = 20; i < s.size(); ++i) {
          if (s[i] < '0' || s[i] > '9') reject(utc, "bad fraction of a second");
          if (digits < 18) {
            fraction = fraction * 10 + (s[i] - '0');
            ++digits;
          }
        }
        second += static_cast<double>(fraction) / static_cast<double>(pow10(digits));
      }
    }
  } else if (s.size() != utc.size()) {
    reject(utc, "'Z' needs a time of day");
  }

  const long long days = days_since_2000(year, month, day);
  const double delta_at = delta_at_for_day(days);
  if (second >= 60.0) {
    // Only inside a positive leap second: last minute of a day after which ΔAT grows by 1 s.
    const double day_length = 86400.0 + delta_at_for_day(days + 1) - delta_at;
    if (!(hour == 23 && minute == 59 && second < day_length - 86340.0)) reject(utc, "seconds out of range");
  }
  // TAI = formal UTC of the day's midnight + ΔAT of that day + elapsed SI seconds of the day.
  const double tai = (formal_seconds_at_midnight(days) + delta_at) + (hour * 3600.0 + minute * 60.0 + second);
  const double tt = tai + delta_t_a_;
  return tt + et_minus_tt(tt);
}

std::string LeapSeconds::et_to_utc(double et, int decimals) const {
  if (!std::isfinite(et)) throw SpiceError(fmt::format("cannot convert ET {} to UTC", et));
  decimals = std::clamp(decimals, 0, 9);
  double tt = et;
  for (int i = 0; i < 3; ++i) tt = et - et_minus_tt(tt);  // contraction factor ~K·M1 ≈ 3e-10
  const double tai = tt - delta_t_a_;

  // ΔAT in effect: the last step whose TAI start is not after `tai`.
  std::size_t n = step_utc_.size(), idx = n;  // n = before the table
  for (std::size_t i = n; i-- > 0;)
    if (tai >= step_utc_[i] + delta_at_[i]) {
      idx = i;
      break;
    }
  const double delta_at = idx == n ? delta_at_.front() - 1.0 : delta_at_[idx];
  const double formal = tai - delta_at;
  // Checked before any conversion to an integer count of days (1e300 s would overflow it).
  constexpr double first_formal = formal_seconds_at_midnight(days_since_2000(utc_first_year, 1, 1));
  constexpr double end_formal = formal_seconds_at_midnight(days_since_2000(utc_last_year + 1, 1, 1));
  const auto out_of_range = [&] {
    return SpiceError(fmt::format("cannot convert ET {} to UTC: outside the years {:04d}-{:04d} a UTC time can hold",
                                  et, utc_first_year, utc_last_year));
  };
  if (!(formal >= first_formal && formal < end_formal)) throw out_of_range();
  std::size_t next = idx == n ? 0 : idx + 1;
  const bool in_leap_second = next < n && formal >= step_utc_[next];

  long long days = static_cast<long long>(std::floor((formal + 43200.0) / seconds_per_day));
  if (in_leap_second) days = static_cast<long long>(std::llround((step_utc_[next] + 43200.0) / seconds_per_day)) - 1;
  const double second_of_day = formal - formal_seconds_at_midnight(days);

  const std::int64_t scale = pow10(decimals);
  std::int64_t units = std::llround(second_of_day * static_cast<double>(scale));
  if (units < 0) units = 0;
  const std::int64_t day_units =
      static_cast<std::int64_t>(86400.0 + delta_at_for_day(days + 1) - delta_at_for_day(days)) * scale;
  if (units >= day_units) {  // rounding carried into the next day
    units -= day_units;
    ++days;
  }
  int hour, minute;
  std::int64_t second_units;
  if (units >= 86400 * scale) {  // inside the leap second: 23:59:60.x
    hour = 23;
    minute = 59;
    second_units = units - 86340 * scale;
  } else {
    hour = static_cast<int>(units / (3600 * scale));
    minute = static_cast<int>(units / (60 * scale) % 60);
    second_units = units % (60 * scale);
  }
  const CalendarDate date = date_from_days_since_2000(days);
  if (date.year > utc_last_year) throw out_of_range();  // rounded up into year 10000
  std::string text = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", date.year, date.month, date.day, hour,
                                 minute, second_units / scale);
  if (decimals > 0) text += fmt::format(".{:0{}d}", second_units % scale, decimals);
  return text;
}

}  // namespace lpm::spice
