#include "pipeline/spec_order.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

using namespace lpm::pipeline;

namespace {

SpectrumResult with_spec_no(std::int64_t spec_no) {
  SpectrumResult s;
  s.spec_no = spec_no;
  return s;
}

}  // namespace

TEST(SpecOrder, SortAndCheckOrdersBySpecNoAndRejectsDuplicates) {
  std::vector<SpectrumResult> results{with_spec_no(5), with_spec_no(2)};
  sort_and_check(results);
  EXPECT_EQ(results[0].spec_no, 2);
  results.push_back(with_spec_no(5));
  EXPECT_THROW(sort_and_check(results), std::runtime_error);
}
