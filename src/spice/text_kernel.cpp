#include "spice/text_kernel.hpp"

#include <cctype>
#include <charconv>
#include <optional>

#include <fmt/format.h>
#include <fmt/std.h>

#include "base/calendar.hpp"
#include "spice/error.hpp"
#include "spice/kernel_file.hpp"

namespace lpm::spice {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool ends_token(char c) { return is_blank(c) || c == ',' || c == '(' || c == ')' || c == '='; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// A number in KPL syntax: optional sign, Fortran 'D' exponent allowed.
std::optional<double> parse_number(std::string_view token) {
  std::string text(token);
  for (char& c : text)
    if (c == 'D' || c == 'd') c = 'E';
  std::string_view body = text;
  if (!body.empty() && body.front() == '+') body.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ec != std::errc() || end != body.data() + body.size() || body.empty()) return std::nullopt;
  return value;
}

// Reads an unsigned decimal field of the date; advances `s`.
std::optional<int> take_int(std::string_view& s, std::size_t max_digits) {
  std::size_t n = 0;
  int value = 0;
  while (n < s.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[n])))
    value = value * 10 + (s[n++] - '0');
  if (n == 0) return std::nullopt;
  s.remove_prefix(n);
  return value;
}

std::optional<int> take_month(std::string_view& s) {
  static constexpr std::string_view names[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  if (s.size() >= 3 && std::isalpha(static_cast<unsigned char>(s[0]))) {
    std::string upper;
    for (int i = 0; i < 3; ++i) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
    for (int m = 0; m < 12; ++m)
      if (upper == names[m]) {
        s.remove_prefix(3);
        while (!s.empty() && std::isalpha(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        return m + 1;
      }
    return std::nullopt;
  }
  return take_int(s, 2);
}

// A KPL date token without the '@': YYYY-MON-DD or YYYY-MM-DD, optionally followed by
// '/', 'T' or '-' and hh:mm[:ss[.fff]]. Returns formal seconds past J2000 (kernel.req: @dates
// are converted without leap seconds).
std::optional<double> parse_kpl_date(std::string_view s) {
  auto year = take_int(s, 4);
  if (!year || s.empty() || s.front() != '-') return std::nullopt;
  s.remove_prefix(1);
  auto month = take_month(s);
  if (!month || s.empty() || s.front() != '-') return std::nullopt;
  s.remove_prefix(1);
  auto day = take_int(s, 2);
  if (!day || *month < 1 || *month > 12 || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  double seconds_of_day = 0;
  if (!s.empty()) {
    if (s.front() != '/' && s.front() != 'T' && s.front() != '-') return std::nullopt;
    s.remove_prefix(1);
    auto hour = take_int(s, 2);
    if (!hour || s.empty() || s.front() != ':') return std::nullopt;
    s.remove_prefix(1);
    auto minute = take_int(s, 2);
    if (!minute || *hour > 23 || *minute > 59) return std::nullopt;
    double second = 0;
    if (!s.empty()) {
      if (s.front() != ':') return std::nullopt;
      s.remove_prefix(1);
      auto value = parse_number(s);
      if (!value || *value < 0 || *value >= 60) return std::nullopt;
      second = *value;
      s = {};
    }
    seconds_of_day = *hour * 3600.0 + *minute * 60.0 + second;
  }
  return formal_seconds_at_midnight(days_since_2000(*year, *month, *day)) + seconds_of_day;
}

// Streaming parser of the data blocks: an assignment may span several lines.
class DataParser {
 public:
  explicit DataParser(const std::string& source) : source_(source) {}

  struct Assignment {
    std::string name;
    bool append = false;
    bool numeric = true;
    bool has_type = false;
    std::vector<double> numbers;
    std::vector<std::string> strings;
    int line = 0;
  };

  // Feeds one data line; completed assignments are appended to `done`.
  void feed(std::string_view line, int line_number, std::vector<Assignment>& done) {
    line_ = line_number;
    std::size_t i = 0;
    while (true) {
      while (i < line.size() && (is_blank(line[i]) || (state_ == State::list && line[i] == ','))) ++i;
      if (i >= line.size()) return;
      char c = line[i];
      switch (state_) {
        case State::name: {
          std::size_t start = i;
          while (i < line.size() && !is_blank(line[i]) && line[i] != '=' && line[i] != '(' && line[i] != ')' &&
                 line[i] != ',' && line[i] != '\'')
            ++i;
          if (i == start) fail(fmt::format("expected a variable name, found '{}'", c));
          current_ = Assignment{};
          current_.line = line_number;
          current_.name.assign(line.substr(start, i - start));
          if (current_.name.size() > 1 && current_.name.back() == '+' && i < line.size() && line[i] == '=') {
            current_.name.pop_back();
            current_.append = true;
            ++i;
            state_ = State::value;
          } else {
            state_ = State::assign;
          }
          break;
        }
        case State::assign:
          if (c == '=') {
            ++i;
          } else if (c == '+' && i + 1 < line.size() && line[i + 1] == '=') {
            current_.append = true;
            i += 2;
          } else {
            fail(fmt::format("expected '=' or '+=' after {}", current_.name));
          }
          state_ = State::value;
          break;
        case State::value:
          if (c == '(') {
            ++i;
            state_ = State::list;
          } else {
            i = take_value(line, i);
            finish(done);
          }
          break;
        case State::list:
          if (c == ')') {
            ++i;
            if (current_.numbers.empty() && current_.strings.empty())
              fail(fmt::format("empty value list for {}", current_.name));
            finish(done);
          } else {
            i = take_value(line, i);
          }
          break;
      }
    }
  }

  // At the end of a data block: an unfinished assignment is an error.
  void end_block() const {
    if (state_ != State::name)
      fail(fmt::format("assignment of {} not terminated before the end of the data block", current_.name));
  }

 private:
  enum class State { name, assign, value, list };
  const std::string& source_;
  State state_ = State::name;
  Assignment current_;
  int line_ = 0;

  [[noreturn]] void fail(const std::string& message) const {
    throw SpiceError(fmt::format("{}:{}: {}", source_, line_, message));
  }

  void set_type(bool numeric) {
    if (current_.has_type && current_.numeric != numeric)
      fail(fmt::format("{} mixes numbers and strings", current_.name));
    current_.has_type = true;
    current_.numeric = numeric;
  }

  std::size_t take_value(std::string_view line, std::size_t i) {
    if (line[i] == '\'') {  // quoted string, '' stands for one quote
      std::string text;
      ++i;
      while (true) {
        if (i >= line.size()) fail(fmt::format("unterminated string in the value of {}", current_.name));
        if (line[i] == '\'') {
          if (i + 1 < line.size() && line[i + 1] == '\'') {
            text += '\'';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        text += line[i++];
      }
      set_type(false);
      current_.strings.push_back(std::move(text));
      return i;
    }
    std::size_t start = i;
    while (i < line.size() && !ends_token(line[i])) ++i;
    std::string_view token = line.substr(start, i - start);
    if (token.empty()) fail(fmt::format("unexpected '{}' in the value of {}", line[i], current_.name));
    std::optional<double> value = token.front() == '@' ? parse_kpl_date(token.substr(1)) : parse_number(token);
    if (!value) fail(fmt::format("bad value '{}' for {}", token, current_.name));
    set_type(true);
    current_.numbers.push_back(*value);
    return i;
  }

  void finish(std::vector<Assignment>& done) {
    done.push_back(std::move(current_));
    current_ = Assignment{};
    state_ = State::name;
  }
};

}  // namespace

void TextKernelPool::load(const std::filesystem::path& path) { parse(read_text_kernel(path), path.string()); }

void TextKernelPool::parse(std::string_view text, std::string source) {
  DataParser parser(source);
  std::vector<DataParser::Assignment> assignments;
  bool in_data = false;  // a kernel starts in a comment block (kernel.req)
  int line_number = 0;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    ++line_number;
    std::string_view trimmed = trim(line);
    if (trimmed == "\\begindata") {
      in_data = true;
    } else if (trimmed == "\\begintext") {
      if (in_data) parser.end_block();
      in_data = false;
    } else if (in_data) {
      parser.feed(line, line_number, assignments);
    }
  }
  if (in_data) parser.end_block();

  // Apply only after the whole text parsed: a kernel with a syntax error changes nothing.
  for (auto& a : assignments) {
    std::string where = fmt::format("{}:{}", source, a.line);
    auto it = variables_.find(a.name);
    if (a.append && it != variables_.end()) {
      Variable& v = it->second;
      if (v.numeric != a.numeric)
        throw SpiceError(fmt::format("{}: += of {} mixes numbers and strings", where, a.name));
      v.numbers.insert(v.numbers.end(), a.numbers.begin(), a.numbers.end());
      v.strings.insert(v.strings.end(), a.strings.begin(), a.strings.end());
      v.source = where;
    } else {
      variables_[a.name] = Variable{a.numeric, std::move(a.numbers), std::move(a.strings), where};
    }
  }
}

bool TextKernelPool::has(std::string_view name) const { return variables_.find(name) != variables_.end(); }

bool TextKernelPool::is_numeric(std::string_view name) const {
  auto it = variables_.find(name);
  return it != variables_.end() && it->second.numeric;
}

const TextKernelPool::Variable& TextKernelPool::find(std::string_view name) const {
  auto it = variables_.find(name);
  if (it == variables_.end())
    throw SpiceError(fmt::format("kernel variable {} not found in the loaded text kernels", name));
  return it->second;
}

std::vector<double> TextKernelPool::numbers(std::string_view name) const {
  const Variable& v = find(name);
  if (!v.numeric) throw SpiceError(fmt::format("kernel variable {} ({}) holds strings, not numbers", name, v.source));
  return v.numbers;
}

std::vector<std::string> TextKernelPool::strings(std::string_view name) const {
  const Variable& v = find(name);
  if (v.numeric) throw SpiceError(fmt::format("kernel variable {} ({}) holds numbers, not strings", name, v.source));
  return v.strings;
}

std::vector<std::string> TextKernelPool::names_with_prefix(std::string_view prefix) const {
  std::vector<std::string> names;
  for (auto it = variables_.lower_bound(prefix); it != variables_.end() && it->first.starts_with(prefix); ++it)
    names.push_back(it->first);
  return names;
}

}  // namespace lpm::spice
