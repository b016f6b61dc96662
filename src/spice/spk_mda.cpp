// SPK types 1 and 21: modified difference arrays of JPL's ODP (D§4.5, spk.req). A type 1
// record is a type 21 record with MAXDIM = 15. Only KQ(i) table terms and KQMAX1 are used:
// slots beyond them may hold non-zero data (kernels README).
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "spice/error.hpp"
#include "spice/spk_segment_data.hpp"

namespace lpm::spice {

StateVector evaluate_mda(const SegmentData& seg, double et) {
  // The first record whose final epoch is >= et (spk.req, SPKR01/SPKR21).
  const double* final_epochs = seg.words.data() + seg.epochs_offset;
  std::size_t r = first_epoch_at_or_after(final_epochs, seg.record_count, et);
  if (r == seg.record_count) r = seg.record_count - 1;  // et beyond the last line: use it (coverage checked)
  const double* rec = seg.words.data() + r * seg.record_size;
  const std::size_t maxdim = seg.maxdim;

  // Record layout (1-based words): TL, G(1..M), (pos, vel) interleaved x 3, DT(M,3) column-major,
  // KQMAX1, KQ(1..3).
  const double tl = rec[0];
  const double* g = rec + 1;             // g[j-1] = G(j)
  const double* ref = rec + 1 + maxdim;  // x, vx, y, vy, z, vz
  const double* dt = rec + 7 + maxdim;   // dt[(j-1) + i*M] = DT(j, i+1)
  const double kqmax1_d = rec[7 + 4 * maxdim];
  const double* kq_d = rec + 8 + 4 * maxdim;

  auto whole = [](double v, double lo, double hi) {
    return std::isfinite(v) && v >= lo && v <= hi && v == std::floor(v);
  };
  if (!whole(kqmax1_d, 2, static_cast<double>(maxdim + 1)))
    throw SpiceError(fmt::format("difference line {} has invalid KQMAX1 {}", r + 1, kqmax1_d));
  const int kqmax1 = static_cast<int>(kqmax1_d);
  std::array<int, 3> kq{};
  for (int i = 0; i < 3; ++i) {
    if (!whole(kq_d[i], 0, kqmax1 - 1))
      throw SpiceError(
          fmt::format("difference line {} has invalid KQ({}) {} (KQMAX1 {})", r + 1, i + 1, kq_d[i], kqmax1));
    kq[i] = static_cast<int>(kq_d[i]);
  }

  // Arrays indexed 1-based as in spk.req's description.
  std::array<double, 104> fc{}, wc{}, w{};
  const double delta = et - tl;
  double tp = delta;
  for (int j = 1; j <= kqmax1 - 2; ++j) {
    fc[j + 1] = tp / g[j - 1];
    wc[j] = delta / g[j - 1];
    tp = delta + g[j - 1];
  }
  fc[1] = 1;
  for (int j = 1; j <= kqmax1; ++j) w[j] = 1.0 / j;

  // Integration coefficients W by the recurrence of D§4.5.
  int ks = kqmax1 - 1, ks1 = ks - 1, jx = 0;
  while (ks >= 2) {
    ++jx;
    for (int j = 1; j <= jx; ++j) w[j + ks] = fc[j + 1] * w[j + ks1] - wc[j] * w[j + ks];
    ks = ks1;
    --ks1;
  }
  StateVector out;
  for (int i = 0; i < 3; ++i) {
    double sum = 0;
    for (int j = kq[i]; j >= 1; --j) sum += dt[(j - 1) + static_cast<std::ptrdiff_t>(i) * maxdim] * w[j + ks];
    out.position_km[i] =
        ref[2 * static_cast<std::ptrdiff_t>(i)] + delta * (ref[2 * static_cast<std::ptrdiff_t>(i) + 1] + delta * sum);
  }
  // One more step of the recurrence gives the velocity coefficients.
  for (int j = 1; j <= jx; ++j) w[j + ks] = fc[j + 1] * w[j + ks1] - wc[j] * w[j + ks];
  --ks;
  for (int i = 0; i < 3; ++i) {
    double sum = 0;
    for (int j = kq[i]; j >= 1; --j) sum += dt[(j - 1) + static_cast<std::ptrdiff_t>(i) * maxdim] * w[j + ks];
    out.velocity_km_s[i] = ref[2 * static_cast<std::ptrdiff_t>(i) + 1] + delta * sum;
  }
  return out;
}

}  // namespace lpm::spice
