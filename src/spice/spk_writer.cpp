#include "spice/spk_writer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>
#include <fmt/std.h>

#include "base/constants.hpp"
#include "base/portable_trig.hpp"
#include "io/atomic_output.hpp"
#include "spice/error.hpp"

namespace lpm::spice {
namespace {

constexpr std::size_t record_bytes = 1024;
constexpr std::size_t words_per_record = 128;
constexpr std::size_t summary_doubles = 5;                           // ND=2 + NI=6 ints packed in 3 doubles
constexpr std::size_t summaries_per_record = 125 / summary_doubles;  // 25
constexpr char ftp_string[] = "FTPSTR:\r:\n:\r\n:\r\0:\x81:\x10\xce:ENDFTP";

void put_u32(unsigned char* p, std::uint32_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
}
void put_double(unsigned char* p, double d) {
  auto v = std::bit_cast<std::uint64_t>(d);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}

void check_common(const std::string& name, int frame_code) {
  if (name.size() > 40) throw SpiceError(fmt::format("SPK segment name '{}' longer than 40 characters", name));
  if (frame_code == 0) throw SpiceError(fmt::format("SPK segment '{}' has frame code 0", name));
}

// States, epochs, directory of every 100th epoch, then the two trailer words (types 9, 13).
std::vector<double> discrete_state_words(const std::vector<double>& epochs, const std::vector<StateVector>& states,
                                         int window, const std::string& name) {
  const std::size_t n = epochs.size();
  if (n == 0 || states.size() != n)
    throw SpiceError(fmt::format("SPK segment '{}': {} epochs but {} states", name, n, states.size()));
  if (window < 2 || static_cast<std::size_t>(window) > n)
    throw SpiceError(fmt::format("SPK segment '{}': window of {} states with {} states", name, window, n));
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(epochs[i]) || (i > 0 && !(epochs[i] > epochs[i - 1])))
      throw SpiceError(fmt::format("SPK segment '{}': epochs not strictly increasing at index {}", name, i));
  }
  std::vector<double> w;
  w.reserve(7 * n + n / 100 + 2);
  for (const auto& s : states) {
    w.insert(w.end(), s.position_km.begin(), s.position_km.end());
    w.insert(w.end(), s.velocity_km_s.begin(), s.velocity_km_s.end());
  }
  w.insert(w.end(), epochs.begin(), epochs.end());
  for (std::size_t k = 1; k <= (n - 1) / 100; ++k) w.push_back(epochs[100 * k - 1]);
  w.push_back(window - 1);
  w.push_back(static_cast<double>(n));
  return w;
}

}  // namespace

SpkWriter::SpkWriter(std::filesystem::path path, std::string internal_name)
    : path_(std::move(path)), internal_name_(std::move(internal_name)) {
  if (internal_name_.size() > 60) internal_name_.resize(60);
}

void SpkWriter::set_comments(std::string text) { comments_ = std::move(text); }

void SpkWriter::add(const Type2Segment& s) {
  check_common(s.name, s.frame_code);
  const std::size_t n = s.records.size();
  const std::size_t rsize = 2 + 3 * static_cast<std::size_t>(s.degree + 1);
  if (s.degree < 0 || n == 0 || !(s.interval_s > 0) || !(s.start_et <= s.end_et))
    throw SpiceError(fmt::format("SPK type 2 segment '{}': invalid degree, records, interval or coverage", s.name));
  if (s.start_et < s.init_et || s.end_et > s.init_et + static_cast<double>(n) * s.interval_s)
    throw SpiceError(fmt::format("SPK type 2 segment '{}': coverage exceeds its records", s.name));
  std::vector<double> w;
  w.reserve(n * rsize + 4);
  for (const auto& r : s.records) {
    if (r.size() != rsize)
      throw SpiceError(
          fmt::format("SPK type 2 segment '{}': record of {} words, expected {}", s.name, r.size(), rsize));
    w.insert(w.end(), r.begin(), r.end());
  }
  w.insert(w.end(), {s.init_et, s.interval_s, static_cast<double>(rsize), static_cast<double>(n)});
  segments_.push_back({s.target, s.center, s.frame_code, 2, s.start_et, s.end_et, s.name, std::move(w)});
}

void SpkWriter::add(const Type9Segment& s) {
  check_common(s.name, s.frame_code);
  auto w = discrete_state_words(s.epochs, s.states, s.degree + 1, s.name);
  segments_.push_back({s.target, s.center, s.frame_code, 9, s.epochs.front(), s.epochs.back(), s.name, std::move(w)});
}

void SpkWriter::add(const Type13Segment& s) {
  check_common(s.name, s.frame_code);
  auto w = discrete_state_words(s.epochs, s.states, s.window_size, s.name);
  segments_.push_back({s.target, s.center, s.frame_code, 13, s.epochs.front(), s.epochs.back(), s.name, std::move(w)});
}

void SpkWriter::close() {
  // Layout: file record, comment records, all summary/name record pairs, then the data.
  std::string comment_area;
  for (char c : comments_) comment_area.push_back(c == '\n' ? '\0' : c);
  if (!comments_.empty()) comment_area.push_back('\4');
  const std::size_t comment_records = (comment_area.size() + 999) / 1000;
  const std::size_t groups =
      std::max<std::size_t>(1, (segments_.size() + summaries_per_record - 1) / summaries_per_record);
  const std::size_t fward = 2 + comment_records;
  const std::size_t first_data_record = fward + 2 * groups;
  std::size_t total_words = 0;
  for (const auto& s : segments_) total_words += s.words.size();
  const std::size_t data_records = (total_words + words_per_record - 1) / words_per_record;
  std::vector<unsigned char> bytes((first_data_record - 1 + data_records) * record_bytes, 0);

  // File record (D§4.4).
  unsigned char* fr = bytes.data();
  // Fixed-width DAF fields, blank-padded, not NUL-terminated (D§4.4): copied byte for byte.
  std::copy_n("DAF/SPK ", 8, fr);
  put_u32(fr + 8, 2);
  put_u32(fr + 12, 6);
  std::string ifn = internal_name_;
  ifn.resize(60, ' ');
  std::memcpy(fr + 16, ifn.data(), 60);
  put_u32(fr + 76, static_cast<std::uint32_t>(fward));
  put_u32(fr + 80, static_cast<std::uint32_t>(fward + 2 * (groups - 1)));
  const std::size_t first_data_addr = (first_data_record - 1) * words_per_record + 1;
  put_u32(fr + 84, static_cast<std::uint32_t>(first_data_addr + total_words));
  std::copy_n("LTL-IEEE", 8, fr + 88);
  std::memcpy(fr + 699, ftp_string, sizeof(ftp_string) - 1);

  for (std::size_t r = 0; r < comment_records; ++r) {
    const std::size_t len = std::min<std::size_t>(1000, comment_area.size() - 1000 * r);
    std::memcpy(bytes.data() + (1 + r) * record_bytes, comment_area.data() + 1000 * r, len);
  }

  // Summaries and names, then data words.
  std::size_t addr = first_data_addr;
  for (std::size_t g = 0; g < groups; ++g) {
    unsigned char* sr = bytes.data() + (fward - 1 + 2 * g) * record_bytes;
    unsigned char* nr = sr + record_bytes;
    const std::size_t first = g * summaries_per_record;
    const std::size_t count = std::min(summaries_per_record, segments_.size() - std::min(first, segments_.size()));
    put_double(sr, g + 1 < groups ? static_cast<double>(fward + 2 * (g + 1)) : 0.0);
    put_double(sr + 8, g > 0 ? static_cast<double>(fward + 2 * (g - 1)) : 0.0);
    put_double(sr + 16, static_cast<double>(count));
    for (std::size_t i = 0; i < count; ++i) {
      const PendingSegment& s = segments_[first + i];
      unsigned char* sum = sr + 24 + i * summary_doubles * 8;
      put_double(sum, s.start_et);
      put_double(sum + 8, s.end_et);
      const std::int32_t ints[6] = {s.target,
                                    s.center,
                                    s.frame_code,
                                    s.type,
                                    static_cast<std::int32_t>(addr),
                                    static_cast<std::int32_t>(addr + s.words.size() - 1)};
      for (std::size_t k = 0; k < 6; ++k) put_u32(sum + 16 + 4 * k, static_cast<std::uint32_t>(ints[k]));
      std::string name = s.name;
      name.resize(40, ' ');
      std::memcpy(nr + i * 40, name.data(), 40);
      for (std::size_t k = 0; k < s.words.size(); ++k) put_double(bytes.data() + (addr - 1 + k) * 8, s.words[k]);
      addr += s.words.size();
    }
  }

  try {
    io::AtomicOutput output(path_);
    io::write_all(output.fd(), bytes);
    output.commit();
  } catch (const std::exception& e) {
    throw SpiceError(fmt::format("cannot write SPK file {}: {}", path_.string(), e.what()));
  }
}

Type2Segment fit_chebyshev_type2(int target, int center, int frame_code, double start_et, double end_et,
                                 double interval_s, int degree, const std::function<Vec3(double et)>& position) {
  if (!(interval_s > 0) || !(end_et >= start_et) || degree < 0 || degree > 50)
    throw SpiceError("fit_chebyshev_type2: invalid interval, coverage or degree");
  Type2Segment seg;
  seg.target = target;
  seg.center = center;
  seg.frame_code = frame_code;
  seg.start_et = start_et;
  seg.end_et = end_et;
  seg.init_et = start_et;
  seg.interval_s = interval_s;
  seg.degree = degree;
  seg.name = fmt::format("FIT {} WRT {}", target, center);
  const std::size_t n_records =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil((end_et - start_et) / interval_s)));
  const int n = degree + 1;
  for (std::size_t r = 0; r < n_records; ++r) {
    const double mid = start_et + (static_cast<double>(r) + 0.5) * interval_s, radius = interval_s / 2;
    // Interpolant through the n Chebyshev nodes x_k = cos(pi (k + 1/2) / n): discrete orthogonality
    // gives c_j = (2/n) sum_k f(x_k) T_j(x_k), with c_0 halved.
    std::vector<double> rec(2 + 3 * static_cast<std::size_t>(n), 0.0);
    rec[0] = mid;
    rec[1] = radius;
    for (int k = 0; k < n; ++k) {
      const double theta = pi * (k + 0.5) / n;
      const Vec3 f = position(mid + radius * math::cos(theta));
      for (int j = 0; j < n; ++j) {
        const double t = math::cos(j * theta) * (j == 0 ? 1.0 / n : 2.0 / n);
        for (int c = 0; c < 3; ++c) rec[2 + static_cast<std::size_t>(c * n + j)] += f[c] * t;
      }
    }
    seg.records.push_back(std::move(rec));
  }
  return seg;
}

}  // namespace lpm::spice
