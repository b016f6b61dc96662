// libFuzzer target: the HTML folder listing parser (src/acquire/listing.hpp).
// Every name it accepts must be a plain relative name: no '/', no "..", no scheme, no
// control or blank characters, so a hostile listing cannot steer fetch outside the ER tree.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "acquire/listing.hpp"

namespace {

void require_plain_name(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name.find("..") != std::string::npos ||
      name.find(':') != std::string::npos || name.find('\\') != std::string::npos)
    std::abort();
  for (unsigned char c : name)
    if (c <= ' ' || c >= 0x7f) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  for (const std::string& href : lpm::acquire::extract_hrefs(html)) {
    (void)lpm::acquire::month_of_folder(href);
    if (lpm::acquire::is_er_table_href(href)) require_plain_name(href);
  }
  for (const std::string& name : lpm::acquire::listed_year_folders(html)) require_plain_name(name);
  for (const std::string& name : lpm::acquire::listed_month_folders(html)) {
    require_plain_name(name);
    const int month = lpm::acquire::month_of_folder(name);
    if (month < 1 || month > 12) std::abort();
  }
  for (const std::string& name : lpm::acquire::listed_er_tables(html)) require_plain_name(name);
  return 0;
}
