#pragma once
// DAF (Double precision Array File), the container of binary SPICE kernels (SPK, binary PCK).
// Facts: D§4.4 and NAIF daf.req. The whole file is read into memory at open (kernels used here
// are small); both IEEE byte orders are read, every number converted to host order on access.
// Every address and count found in the file is bounds-checked: a corrupt file gives SpiceError.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lpm::spice {

class DafFile {
 public:
  // Reads and validates the file; throws SpiceError naming the file on any defect
  // (not a DAF, unknown binary format, FTP/ASCII-mangled, truncated, corrupt summary chain).
  static DafFile open(const std::filesystem::path& path);

  // One array summary: ND doubles, NI integers (the last two are the array's begin/end
  // word addresses), and the array's name (trailing blanks removed).
  struct Summary {
    std::vector<double> doubles;
    std::vector<std::int32_t> ints;
    std::string name;
  };

  const std::filesystem::path& path() const { return path_; }
  std::string id_word() const { return id_word_; }  // "DAF/SPK ", "DAF/PCK ", "NAIF/DAF"
  std::string internal_name() const { return internal_name_; }
  int nd() const { return nd_; }
  int ni() const { return ni_; }
  bool big_endian() const { return big_endian_; }
  const std::vector<Summary>& summaries() const { return summaries_; }  // file order
  // The comment area as text (NUL = end of line in the file, EOT = end of comments).
  std::string comments() const;

  // Number of whole 8-byte words in the file (addresses 1 .. word_count()).
  std::int64_t word_count() const;
  // Words begin_addr .. end_addr (1-based, inclusive), converted to host byte order.
  std::vector<double> read_words(std::int64_t begin_addr, std::int64_t end_addr) const;
  double word(std::int64_t addr) const;

 private:
  std::filesystem::path path_;
  std::shared_ptr<const std::vector<unsigned char>> bytes_;
  std::string id_word_;
  std::string internal_name_;
  int nd_ = 0;
  int ni_ = 0;
  int fward_ = 0;
  bool big_endian_ = false;
  std::vector<Summary> summaries_;

  double double_at_byte(std::size_t offset) const;
  std::int32_t int_at_byte(std::size_t offset) const;
  void read_summaries();
};

}  // namespace lpm::spice
