#include "pipeline/spec_order.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace lpm::pipeline {

void sort_and_check(std::vector<SpectrumResult>& results) {
  std::stable_sort(results.begin(), results.end(),
                   [](const SpectrumResult& a, const SpectrumResult& b) { return a.spec_no < b.spec_no; });
  for (std::size_t i = 1; i < results.size(); ++i)
    if (results[i].spec_no == results[i - 1].spec_no)
      throw std::runtime_error(fmt::format("integrity check: spec_no {} appears twice", results[i].spec_no));
}

}  // namespace lpm::pipeline
