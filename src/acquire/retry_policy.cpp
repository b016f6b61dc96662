#include "acquire/retry_policy.hpp"

#include <algorithm>
#include <charconv>

namespace lpm::acquire {
namespace {

// FNV-1a of the text, then one splitmix64 step mixing in the attempt number.
double jitter_fraction(std::string_view key, int attempt) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (char c : key) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  std::uint64_t z = hash + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(attempt);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) / static_cast<double>(1ULL << 53);
}

}  // namespace

bool is_retryable_status(long status) { return status == 429 || (status >= 500 && status <= 599); }

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_tries, std::optional<long> retry_after_s,
                                      std::string_view key) {
  using std::chrono::milliseconds;
  if (retry_after_s && *retry_after_s >= 0)
    return std::min<milliseconds>(std::chrono::seconds(*retry_after_s), policy.max_retry_after);
  double backoff_ms = static_cast<double>(policy.base_delay.count());
  for (int i = 1; i < failed_tries && backoff_ms < static_cast<double>(policy.max_delay.count()); ++i)
    backoff_ms *= 2.0;
  backoff_ms = std::min(backoff_ms, static_cast<double>(policy.max_delay.count()));
  double factor = 0.5 + 0.5 * jitter_fraction(key, failed_tries);
  return milliseconds(static_cast<milliseconds::rep>(backoff_ms * factor));
}

std::optional<long> parse_retry_after_seconds(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() &&
         (value.back() == ' ' || value.back() == '\t' || value.back() == '\r' || value.back() == '\n'))
    value.remove_suffix(1);
  long seconds = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return seconds;
}

}  // namespace lpm::acquire
