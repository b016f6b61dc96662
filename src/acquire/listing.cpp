#include "acquire/listing.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <spdlog/spdlog.h>

#include "io/file_discovery.hpp"

namespace lpm::acquire {
namespace {

constexpr std::array<std::string_view, 12> month_abbreviations = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                                  "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) { return lower(a) == lower(b); });
}

// The value of the href attribute inside one tag's text (after "<a"), or nothing.
std::optional<std::string> href_of_tag(std::string_view tag) {
  for (std::size_t i = 0; i + 4 < tag.size(); ++i) {
    if (!starts_with_ignoring_case(tag.substr(i), "href")) continue;
    if (i > 0 && !std::isspace(static_cast<unsigned char>(tag[i - 1]))) continue;
    std::size_t j = i + 4;
    while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
    if (j >= tag.size() || tag[j] != '=') continue;
    ++j;
    while (j < tag.size() && std::isspace(static_cast<unsigned char>(tag[j]))) ++j;
    if (j >= tag.size()) return std::nullopt;
    if (tag[j] == '"' || tag[j] == '\'') {
      std::size_t end = tag.find(tag[j], j + 1);
      if (end == std::string_view::npos) return std::nullopt;
      return std::string(tag.substr(j + 1, end - j - 1));
    }
    std::size_t end = j;
    while (end < tag.size() && !std::isspace(static_cast<unsigned char>(tag[end])) && tag[end] != '>') ++end;
    return std::string(tag.substr(j, end - j));
  }
  return std::nullopt;
}

template <class Accept>
std::vector<std::string> listed(std::string_view html, Accept accept, bool strip_slash) {
  std::vector<std::string> names;
  for (const std::string& href : extract_hrefs(html)) {
    if (!accept(href)) {
      spdlog::debug("listing: ignoring href '{}'", href);
      continue;
    }
    std::string name = strip_slash ? href.substr(0, href.size() - 1) : href;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

std::vector<std::string> extract_hrefs(std::string_view html) {
  std::vector<std::string> hrefs;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    std::size_t end = html.find('>', pos);
    if (end == std::string_view::npos) break;
    std::string_view tag = html.substr(pos + 1, end - pos - 1);
    if (tag.size() > 1 && lower(tag[0]) == 'a' && std::isspace(static_cast<unsigned char>(tag[1])))
      if (std::optional<std::string> href = href_of_tag(tag.substr(1))) hrefs.push_back(std::move(*href));
    pos = end + 1;
  }
  return hrefs;
}

bool is_year_folder_href(std::string_view href) {
  return href.size() == 5 && href.back() == '/' && all_digits(href.substr(0, 4));
}

int month_of_folder(std::string_view folder) {
  if (folder.ends_with('/')) folder.remove_suffix(1);
  if (folder.size() != 10 || folder[3] != '_' || !all_digits(folder.substr(0, 3)) || !all_digits(folder.substr(4, 3)))
    return 0;
  auto it = std::find(month_abbreviations.begin(), month_abbreviations.end(), folder.substr(7));
  return it == month_abbreviations.end() ? 0 : static_cast<int>(it - month_abbreviations.begin()) + 1;
}

bool is_month_folder_href(std::string_view href) {
  return href.size() == 11 && href.back() == '/' && month_of_folder(href) != 0;
}

bool is_er_table_href(std::string_view href) { return io::parse_er_file_name(href).has_value(); }

std::vector<std::string> listed_year_folders(std::string_view html) { return listed(html, is_year_folder_href, true); }

std::vector<std::string> listed_month_folders(std::string_view html) {
  return listed(html, is_month_folder_href, true);
}

std::vector<std::string> listed_er_tables(std::string_view html) { return listed(html, is_er_table_href, false); }

}  // namespace lpm::acquire
