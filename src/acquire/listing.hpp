#pragma once
// Reading the archive's Apache-style HTML folder listings (D§1.3). Every href is untrusted:
// only plain relative names of the three expected shapes are accepted, so a listing cannot make
// `fetch` request or write anything outside the ER tree. Rejected hrefs are logged at debug.

#include <string>
#include <string_view>
#include <vector>

namespace lpm::acquire {

// The href values of every <a ...> tag, in order, exactly as written (no entity decoding).
std::vector<std::string> extract_hrefs(std::string_view html);

// Shapes of the ER tree (D§1.2): "1998/", "152_181JUN/" (3-digit first and last day of year
// and an upper-case month abbreviation), "3D980615.TAB" (a calendar date).
bool is_year_folder_href(std::string_view href);
bool is_month_folder_href(std::string_view href);
bool is_er_table_href(std::string_view href);

// Month 1-12 of a folder name "DDD_DDDMON" (with or without the trailing '/'), 0 if none.
int month_of_folder(std::string_view folder);

// Names from a listing, without the trailing '/', deduplicated, in listing order:
// year folders ("1998"), month folders ("152_181JUN"), ER tables ("3D980615.TAB").
std::vector<std::string> listed_year_folders(std::string_view html);
std::vector<std::string> listed_month_folders(std::string_view html);
std::vector<std::string> listed_er_tables(std::string_view html);

}  // namespace lpm::acquire
