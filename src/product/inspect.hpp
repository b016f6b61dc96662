#pragma once
// `inspect`: a human summary of a potential cache (ours or the Python reference's: same keys).

#include <string>
#include <vector>

#include "io/npz.hpp"

namespace lpm::product {

// Keys with dtypes and shapes, counts, fit fraction, U percentiles by footpoint illumination and
// by environment class (both of the footpoint row, as `plot`), time range and metadata. A cache
// that lacks a key the summary needs gets the key list and metadata only.
// Also: spectra per spec_status code with name and meaning, per input table (`files`), and the
// kernels used (meta_kernel_*).
std::string describe_cache(const io::NpzArchive& cache, const std::string& name);

struct NamedCache {
  std::string name;
  io::NpzArchive cache;
};

// describe_cache of each, and for several the spectra per spec_status of all together.
std::string describe_caches(const std::vector<NamedCache>& caches);

// The counts as JSON: one object per cache with file, spectra, fitted, spec_status (code, name,
// count, meaning), tables (file, spectra, fitted), kernels (name, sha1; null if not recorded)
// and meta_version.
std::string caches_json(const std::vector<NamedCache>& caches);

}  // namespace lpm::product
