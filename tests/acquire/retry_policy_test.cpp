// Backoff with deterministic jitter and Retry-After handling.
#include <gtest/gtest.h>

#include "acquire/retry_policy.hpp"

using namespace lpm::acquire;
using std::chrono::milliseconds;

TEST(RetryPolicy, BackoffDoublesWithJitterBetweenHalfAndFull) {
  RetryPolicy policy;
  policy.base_delay = milliseconds(1000);
  policy.max_delay = milliseconds(60'000);
  for (int failed = 1; failed <= 5; ++failed) {
    const long full = 1000L << (failed - 1);
    const long wait = retry_delay(policy, failed, std::nullopt, "https://x/a").count();
    EXPECT_GE(wait, full / 2) << failed;
    EXPECT_LT(wait, full) << failed;
  }
}

TEST(RetryPolicy, BackoffIsCappedAndDeterministic) {
  RetryPolicy policy;
  EXPECT_LE(retry_delay(policy, 40, std::nullopt, "u").count(), policy.max_delay.count());
  EXPECT_EQ(retry_delay(policy, 3, std::nullopt, "u"), retry_delay(policy, 3, std::nullopt, "u"));
  EXPECT_NE(retry_delay(policy, 3, std::nullopt, "u"), retry_delay(policy, 3, std::nullopt, "v"));
}

TEST(RetryPolicy, RetryAfterSecondsIsHonouredAndCapped) {
  RetryPolicy policy;
  policy.max_retry_after = std::chrono::seconds(120);
  EXPECT_EQ(retry_delay(policy, 1, 7, "u"), milliseconds(7000));
  EXPECT_EQ(retry_delay(policy, 1, 100000, "u"), milliseconds(120'000));
  EXPECT_EQ(parse_retry_after_seconds(" 30\r\n"), 30);
  EXPECT_FALSE(parse_retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT"));
  EXPECT_FALSE(parse_retry_after_seconds("-5"));
  EXPECT_FALSE(parse_retry_after_seconds(""));
}

TEST(RetryPolicy, RetriesOnlyTooManyRequestsAndServerErrors) {
  EXPECT_TRUE(is_retryable_status(429));
  EXPECT_TRUE(is_retryable_status(503));
  EXPECT_TRUE(is_retryable_status(500));
  EXPECT_FALSE(is_retryable_status(404));
  EXPECT_FALSE(is_retryable_status(416));
  EXPECT_FALSE(is_retryable_status(200));
}
