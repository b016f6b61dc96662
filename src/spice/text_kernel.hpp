#pragma once
// Text kernels (KPL: LSK, text PCK, FK) and the variable pool they fill. Syntax: NAIF kernel.req
// and D§4.6 — data between \begindata and \begintext lines; `NAME = value`, `NAME = ( v1 v2 … )`,
// `NAME += …` appends; values are numbers (Fortran D exponents allowed), quoted strings ('' is a
// quote) or @dates (formal seconds past J2000, no leap seconds). Each variable holds either
// numbers or strings.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lpm::spice {

class TextKernelPool {
 public:
  // Reads and parses a text kernel; SpiceError naming the file (and line) on failure.
  void load(const std::filesystem::path& path);
  // Parses kernel text; `source` names it in error messages ("file:line: …").
  void parse(std::string_view text, std::string source);

  bool has(std::string_view name) const;
  // The values of a numeric / string variable; SpiceError naming the variable when it is
  // missing or of the other kind.
  std::vector<double> numbers(std::string_view name) const;
  std::vector<std::string> strings(std::string_view name) const;
  bool is_numeric(std::string_view name) const;  // false when missing
  // Names of all variables beginning with `prefix`, sorted.
  std::vector<std::string> names_with_prefix(std::string_view prefix) const;

 private:
  struct Variable {
    bool numeric = true;
    std::vector<double> numbers;
    std::vector<std::string> strings;
    std::string source;  // where it was last assigned, for messages
  };
  std::map<std::string, Variable, std::less<>> variables_;

  const Variable& find(std::string_view name) const;
};

}  // namespace lpm::spice
