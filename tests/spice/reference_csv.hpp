#pragma once
// Reads the CSPICE reference tables of ../shared/kernels (lines starting with '#' are comments,
// then a header row, then comma-separated rows).
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace lpm::test {

struct ReferenceTable {
  std::vector<std::string> comments;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw std::runtime_error("no column " + name);
  }
  double number(std::size_t row, const std::string& name) const { return std::stod(rows[row][column(name)]); }
  const std::string& text(std::size_t row, const std::string& name) const { return rows[row][column(name)]; }
};

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

inline ReferenceTable read_reference_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  ReferenceTable table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      table.comments.push_back(line);
    } else if (table.header.empty()) {
      table.header = split_csv_line(line);
    } else {
      table.rows.push_back(split_csv_line(line));
    }
  }
  return table;
}

}  // namespace lpm::test
