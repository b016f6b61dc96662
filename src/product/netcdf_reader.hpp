#pragma once
// A stats file made by write_stats_netcdf (`stats -o X.nc`) read back into a StatsTable, for
// `plot --kind grid` and `--kind sza`. Uses libnetcdf's C API.

#include <string>
#include <utility>
#include <vector>

#include "product/stats.hpp"

namespace lpm::product {

// The table (axes from the dimensions of u_surface_count, `by` from the title attribute, fill
// values back to NaN; spectra_read/used are not stored and stay 0) and, if asked for, the text
// global attributes in file order. Throws std::runtime_error naming the file and the variable or
// attribute at fault.
StatsTable read_stats_netcdf(const std::string& path,
                             std::vector<std::pair<std::string, std::string>>* global_attributes = nullptr);

}  // namespace lpm::product
