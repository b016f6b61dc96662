#include "product/cache_schema.hpp"

namespace lpm::product {

std::optional<fit::FitStatus> status_from_code(int code) {
  if (code < 0 || code >= fit::fit_status_count) return std::nullopt;
  return static_cast<fit::FitStatus>(code);
}

const char* status_name(int code) {
  auto status = status_from_code(code);
  return status ? fit::to_string(*status) : "unknown";
}

pipeline::EnvironmentClass environment_from_code(int code) {
  if (code < 0 || code >= environment_class_count) return pipeline::EnvironmentClass::unknown;
  return static_cast<pipeline::EnvironmentClass>(code);
}

}  // namespace lpm::product
