#include "spice/daf.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <set>

#include <fmt/format.h>
#include <fmt/std.h>

#include "spice/error.hpp"
#include "spice/kernel_file.hpp"

namespace lpm::spice {
namespace {

constexpr std::size_t record_bytes = 1024;
constexpr std::size_t comment_chars_per_record = 1000;  // daf.req: 1000 characters per comment record
constexpr std::size_t ftp_offset = 699;                 // D§4.4
// FTP validation string (D§4.4): line-end and 8-bit bytes that an ASCII-mode transfer alters.
constexpr char ftp_string[] = "FTPSTR:\r:\n:\r\n:\r\0:\x81:\x10\xce:ENDFTP";
constexpr std::size_t ftp_length = sizeof(ftp_string) - 1;  // 28

std::uint32_t load_u32(const unsigned char* p, bool swap) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return swap ? __builtin_bswap32(v) : v;
}
std::uint64_t load_u64(const unsigned char* p, bool swap) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return swap ? __builtin_bswap64(v) : v;
}

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

constexpr bool host_is_big_endian = std::endian::native == std::endian::big;

}  // namespace

DafFile DafFile::open(const std::filesystem::path& path) {
  auto bytes = std::make_shared<std::vector<unsigned char>>(read_binary_kernel(path));

  DafFile daf;
  daf.path_ = path;
  daf.bytes_ = bytes;
  const auto& b = *bytes;
  if (b.size() < record_bytes)
    throw SpiceError(
        fmt::format("{} is not a DAF file: {} bytes, shorter than the 1024-byte file record", path, b.size()));
  daf.id_word_.assign(reinterpret_cast<const char*>(b.data()), 8);
  if (daf.id_word_.rfind("DAF/", 0) != 0 && daf.id_word_ != "NAIF/DAF")
    throw SpiceError(fmt::format("{} is not a DAF file (identification word '{}')", path, trim_right(daf.id_word_)));

  // Byte order: LOCFMT at bytes 88-95, or inferred from ND/NI when blank (very old files).
  std::string locfmt(reinterpret_cast<const char*>(b.data() + 88), 8);
  bool file_big;
  if (locfmt == "BIG-IEEE") {
    file_big = true;
  } else if (locfmt == "LTL-IEEE") {
    file_big = false;
  } else if (trim_right(locfmt).empty()) {
    auto plausible = [&](bool swap) {
      auto nd = static_cast<std::int32_t>(load_u32(b.data() + 8, swap));
      auto ni = static_cast<std::int32_t>(load_u32(b.data() + 12, swap));
      return nd >= 0 && nd <= 124 && ni >= 2 && ni <= 250;
    };
    bool as_little = plausible(host_is_big_endian);
    bool as_big = plausible(!host_is_big_endian);
    if (as_little == as_big)
      throw SpiceError(fmt::format("{}: cannot infer the DAF byte order (blank binary format word)", path));
    file_big = as_big;
  } else {
    throw SpiceError(
        fmt::format("{}: unsupported DAF binary format '{}' (only BIG-IEEE, LTL-IEEE)", path, trim_right(locfmt)));
  }
  daf.big_endian_ = file_big;

  // FTP check: an ASCII-mode transfer rewrites CR/LF and 8-bit bytes. Very old files carry
  // no string (all NUL): accepted.
  const unsigned char* ftp = b.data() + ftp_offset;
  bool ftp_blank = std::all_of(ftp, ftp + ftp_length, [](unsigned char c) { return c == 0; });
  if (!ftp_blank && std::memcmp(ftp, ftp_string, ftp_length) != 0)
    throw SpiceError(
        fmt::format("{}: DAF FTP validation string is damaged: the file was probably transferred in ASCII mode", path));

  daf.nd_ = daf.int_at_byte(8);
  daf.ni_ = daf.int_at_byte(12);
  daf.internal_name_ = trim_right(std::string(reinterpret_cast<const char*>(b.data() + 16), 60));
  daf.fward_ = daf.int_at_byte(76);
  // Summary size SS = ND + (NI+1)/2 doubles must fit a 125-double record body (daf.req).
  if (daf.nd_ < 0 || daf.nd_ > 124 || daf.ni_ < 2 || daf.ni_ > 250 || daf.nd_ + (daf.ni_ + 1) / 2 > 125)
    throw SpiceError(fmt::format("{}: invalid DAF summary format ND={} NI={}", path, daf.nd_, daf.ni_));
  daf.read_summaries();
  return daf;
}

double DafFile::double_at_byte(std::size_t offset) const {
  return std::bit_cast<double>(load_u64(bytes_->data() + offset, big_endian_ != host_is_big_endian));
}

std::int32_t DafFile::int_at_byte(std::size_t offset) const {
  return static_cast<std::int32_t>(load_u32(bytes_->data() + offset, big_endian_ != host_is_big_endian));
}

void DafFile::read_summaries() {
  const auto& b = *bytes_;
  // Whole records available; a file may end inside its last record (truncated after the last
  // used word, e.g. de430-2015-03-02.bsp), which is fine for data but not for summary records.
  const std::int64_t records = static_cast<std::int64_t>((b.size() + record_bytes - 1) / record_bytes);
  const int ss = nd_ + (ni_ + 1) / 2;                       // summary size in doubles
  const std::size_t nc = 8 * static_cast<std::size_t>(ss);  // name size in characters
  const int max_per_record = 125 / ss;
  const std::int64_t words = word_count();

  auto record_complete = [&](std::int64_t rec) {
    return rec >= 1 && static_cast<std::size_t>(rec) * record_bytes <= b.size();
  };

  std::set<std::int64_t> visited;
  std::int64_t rec = fward_;
  while (rec != 0) {
    if (!record_complete(rec))
      throw SpiceError(
          fmt::format("{}: DAF summary record {} lies beyond the end of the file ({} records): "
                      "truncated or corrupt file",
                      path_, rec, records));
    if (!visited.insert(rec).second)
      throw SpiceError(fmt::format("{}: DAF summary records form a loop at record {}", path_, rec));
    const std::size_t base = static_cast<std::size_t>(rec - 1) * record_bytes;
    double next = double_at_byte(base);
    double nsum_d = double_at_byte(base + 16);
    if (!(nsum_d >= 0 && nsum_d <= max_per_record && nsum_d == std::floor(nsum_d)))
      throw SpiceError(fmt::format("{}: DAF summary record {} has an invalid summary count {}", path_, rec, nsum_d));
    if (!(next >= 0 && next <= static_cast<double>(records) && next == std::floor(next)))
      throw SpiceError(
          fmt::format("{}: DAF summary record {} points to next record {} outside the file", path_, rec, next));
    const int nsum = static_cast<int>(nsum_d);
    const bool have_names = record_complete(rec + 1);
    if (nsum > 0 && !have_names)
      throw SpiceError(
          fmt::format("{}: DAF name record {} lies beyond the end of the file: truncated file", path_, rec + 1));
    for (int i = 0; i < nsum; ++i) {
      Summary s;
      const std::size_t at = base + 24 + static_cast<std::size_t>(i * ss) * 8;
      for (int k = 0; k < nd_; ++k) s.doubles.push_back(double_at_byte(at + 8 * static_cast<std::size_t>(k)));
      // Integers are packed 4 bytes each after the doubles, each in file byte order.
      for (int k = 0; k < ni_; ++k)
        s.ints.push_back(int_at_byte(at + 8 * static_cast<std::size_t>(nd_) + 4 * static_cast<std::size_t>(k)));
      const std::size_t name_at = base + record_bytes + static_cast<std::size_t>(i) * nc;
      s.name = trim_right(std::string(reinterpret_cast<const char*>(b.data() + name_at), nc));
      // The last two integers of every DAF summary are the array's begin/end word addresses.
      const std::int64_t begin = s.ints[ni_ - 2], end = s.ints[ni_ - 1];
      if (begin < 1 || end < begin || end > words)
        throw SpiceError(
            fmt::format("{}: array '{}' has word addresses {}..{} outside the file's {} words: "
                        "truncated or corrupt file",
                        path_, s.name, begin, end, words));
      summaries_.push_back(std::move(s));
    }
    rec = static_cast<std::int64_t>(next);
  }
}

std::string DafFile::comments() const {
  std::string text;
  const auto& b = *bytes_;
  for (std::int64_t rec = 2; rec < fward_; ++rec) {
    const std::size_t base = static_cast<std::size_t>(rec - 1) * record_bytes;
    if (base + comment_chars_per_record > b.size()) break;
    for (std::size_t i = 0; i < comment_chars_per_record; ++i) {
      char c = static_cast<char>(b[base + i]);
      if (c == '\4') return text;
      text.push_back(c == '\0' ? '\n' : c);
    }
  }
  return text;
}

std::int64_t DafFile::word_count() const { return static_cast<std::int64_t>(bytes_->size() / 8); }

std::vector<double> DafFile::read_words(std::int64_t begin_addr, std::int64_t end_addr) const {
  if (begin_addr < 1 || end_addr < begin_addr - 1 || end_addr > word_count())
    throw SpiceError(fmt::format("{}: DAF word addresses {}..{} outside the file's {} words", path_, begin_addr,
                                 end_addr, word_count()));
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(end_addr - begin_addr + 1));
  for (std::int64_t a = begin_addr; a <= end_addr; ++a)
    out.push_back(double_at_byte(static_cast<std::size_t>(a - 1) * 8));
  return out;
}

double DafFile::word(std::int64_t addr) const {
  if (addr < 1 || addr > word_count())
    throw SpiceError(fmt::format("{}: DAF word address {} outside the file's {} words", path_, addr, word_count()));
  return double_at_byte(static_cast<std::size_t>(addr - 1) * 8);
}

}  // namespace lpm::spice
