#pragma once
// A StatsTable as a netCDF-4 file following CF-1.10 (coordinate variables with units and
// bounds, _FillValue in empty bins, cell_methods), written atomically (io::AtomicOutput). Uses
// libnetcdf's C API.

#include <string>
#include <utility>
#include <vector>

#include "product/stats.hpp"

namespace lpm::product {

// The file's `title` attribute is this followed by to_string(table.by): how a reader knows the binning.
inline constexpr const char* stats_title_prefix = "Lunar surface potential statistics by ";

// global_attributes: extra text attributes (program version, inputs, settings), in order.
// Throws std::runtime_error "<path>: <netCDF message>" on failure (nothing left at path).
void write_stats_netcdf(const std::string& path, const StatsTable& table,
                        const std::vector<std::pair<std::string, std::string>>& global_attributes);

}  // namespace lpm::product
