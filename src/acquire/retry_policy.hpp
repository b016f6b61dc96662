#pragma once
// When to try an HTTP request again and how long to wait first (D§1.4, SPEC §2): exponential
// backoff with jitter, or the server's Retry-After (seconds form, capped), a bounded number of
// tries. The jitter is a hash of the URL and the attempt, so runs are reproducible.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lpm::acquire {

struct RetryPolicy {
  int max_tries = 6;                            // first try included
  std::chrono::milliseconds base_delay{1000};   // wait after the first failure
  std::chrono::milliseconds max_delay{60'000};  // cap of the exponential backoff
  std::chrono::seconds max_retry_after{120};    // cap of a server's Retry-After
};

// HTTP statuses worth another try: 429 (too many requests) and every 5xx.
bool is_retryable_status(long status);

// Wait before try number failed_tries + 1. Without Retry-After: base * 2^(failed_tries-1), capped
// at max_delay, scaled by a jitter factor in [0.5, 1) drawn from (key, failed_tries). With
// Retry-After (seconds, >= 0): that many seconds, capped at max_retry_after.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int failed_tries, std::optional<long> retry_after_s,
                                      std::string_view key);

// Retry-After in its seconds form ("120"); nothing for the HTTP-date form or anything else.
std::optional<long> parse_retry_after_seconds(std::string_view value);

}  // namespace lpm::acquire
