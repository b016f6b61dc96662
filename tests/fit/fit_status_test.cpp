// spec_status codes and names are a file-format contract (README "spec_status codes"): values
// written to the NPZ as int8 never change, and each name is the README's.
#include "fit/fit_status.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace lpm::fit {
namespace {

TEST(FitStatusCodes, EveryCodeHasTheReadmeNumberAndName) {
  const std::vector<std::pair<int, std::string>> readme = {
      {0, "fitted"},           {1, "no_valid_bins"},    {2, "too_few_bins"},     {3, "rejected_by_chi2"},
      {4, "u_sc_failed"},      {5, "kappa_fit_failed"}, {6, "geometry_invalid"}, {7, "not_connected"},
      {8, "dropped_on_input"}, {9, "u_sc_at_limit"},    {10, "unconstrained"},   {11, "at_bound"}};
  ASSERT_EQ(static_cast<int>(readme.size()), fit_status_count);
  for (const auto& [code, name] : readme) EXPECT_EQ(to_string(static_cast<FitStatus>(code)), name) << code;
}

}  // namespace
}  // namespace lpm::fit
