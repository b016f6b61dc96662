// complete_needed_candidates (pipeline/candidate_settling.hpp) on made-up bounds: which
// candidates it completes, in which order, and which it leaves. The thresholds are worked by
// hand from fit::profile_threshold's formula, best + best/max(n − 3, 1).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "pipeline/candidate_settling.hpp"

namespace lpm::pipeline {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Runs the settling with `per_bin[k]` as candidate k's completed value; records the calls.
struct Settled {
  std::vector<std::size_t> calls, completed;
};
Settled settle(const std::vector<CandidateBounds>& bounds, const std::vector<double>& per_bin) {
  Settled run;
  run.completed = complete_needed_candidates(bounds, [&](std::size_t k) {
    run.calls.push_back(k);
    return per_bin[k];
  });
  return run;
}

TEST(CandidateSettling, CandidateInsideTheThresholdOfTheBestIsCompleted) {
  // Best 1.0 at n = 103: threshold 1 + 1/100 = 1.01. The other's bound 1.004 is above the
  // best itself but inside the threshold: it may be consistent and must be completed.
  const Settled run = settle({{1.0, 0.9999, 103}, {1.005, 1.004, 103}}, {1.0, 1.005});
  EXPECT_EQ(run.calls, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(run.completed, (std::vector<std::size_t>{0, 1}));
}

TEST(CandidateSettling, CandidateBoundAboveTheThresholdIsNotCompleted) {
  const Settled run = settle({{1.0, 0.9999, 103}, {1.03, 1.02, 103}}, {1.0, 1.03});
  EXPECT_EQ(run.calls, (std::vector<std::size_t>{0}));
  EXPECT_EQ(run.completed, (std::vector<std::size_t>{0}));
}

TEST(CandidateSettling, LowestBoxSearchMinimumIsCompletedFirstAndResultIsInCandidateOrder) {
  // Candidate 1 has the lower box-search minimum: completed first, it settles candidate 0 (bound
  // 1.5 > 1.01) and 2 is completed (bound 1.0 ≤ 1.01); the result lists 1 and 2 ascending.
  const Settled run = settle({{1.6, 1.5, 103}, {1.0, 0.99, 103}, {1.02, 1.0, 103}}, {1.6, 1.0, 1.02});
  EXPECT_EQ(run.calls, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(run.completed, (std::vector<std::size_t>{1, 2}));
}

TEST(CandidateSettling, FewestBinsOfAnyCandidateSetTheThreshold) {
  // The best may end up being the candidate with 13 bins, whose threshold is wider: 1 + 1/10.
  // A bound of 1.05 is above 1.01 (n = 103) but below 1.1, so candidate 2 is completed.
  const Settled run = settle({{1.0, 0.999, 103}, {1.2, 1.15, 13}, {1.06, 1.05, 103}}, {1.0, 1.2, 1.06});
  EXPECT_EQ(run.calls, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(run.completed, (std::vector<std::size_t>{0, 2}));
}

TEST(CandidateSettling, CandidateWithoutASurfaceValueSettlesNothing) {
  // Candidate 0 completes without a value (NaN: e.g. unconstrained): no threshold yet, so
  // candidate 1 is completed whatever its bound, and only it is returned.
  const Settled run = settle({{1.0, 0.99, 103}, {5.0, 4.9, 103}}, {nan, 5.0});
  EXPECT_EQ(run.calls, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(run.completed, (std::vector<std::size_t>{1}));
}

TEST(CandidateSettling, EqualBoxSearchMinimaAreCompletedInCandidateOrder) {
  const Settled run = settle({{2.0, 1.9, 103}, {2.0, 1.9, 103}}, {2.0, 2.0});
  EXPECT_EQ(run.calls, (std::vector<std::size_t>{0, 1}));
}

}  // namespace
}  // namespace lpm::pipeline
