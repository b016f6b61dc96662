#include "product/netcdf_reader.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <netcdf.h>

#include "product/netcdf_writer.hpp"

namespace lpm::product {
namespace {

class StatsFile {
 public:
  explicit StatsFile(std::string path) : path_(std::move(path)) {
    int id = -1;
    check(nc_open(path_.c_str(), NC_NOWRITE, &id), "open");
    id_ = id;
  }
  ~StatsFile() {
    if (id_ >= 0) nc_close(id_);
  }
  StatsFile(const StatsFile&) = delete;
  StatsFile& operator=(const StatsFile&) = delete;

  void check(int status, const std::string& what) const {
    if (status != NC_NOERR) throw std::runtime_error(fmt::format("{}: {}: {}", path_, what, nc_strerror(status)));
  }
  [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(path_ + ": " + what); }

  int variable(const std::string& name) const {
    int var = -1;
    check(nc_inq_varid(id_, name.c_str(), &var), "variable " + name);
    return var;
  }
  std::vector<int> dimensions(int var, const std::string& name) const {
    int count = 0;
    check(nc_inq_varndims(id_, var, &count), "variable " + name);
    std::vector<int> dims(static_cast<std::size_t>(count));
    check(nc_inq_vardimid(id_, var, dims.data()), "variable " + name);
    return dims;
  }
  // A text attribute of `var` (NC_GLOBAL for the file's); nullopt when absent or not text.
  std::optional<std::string> text(int var, const char* name) const {
    nc_type type = NC_NAT;
    std::size_t length = 0;
    if (nc_inq_att(id_, var, name, &type, &length) != NC_NOERR || type != NC_CHAR) return std::nullopt;
    std::string value(length, '\0');
    check(nc_get_att_text(id_, var, name, value.data()), std::string("attribute ") + name);
    return value;
  }
  // Every value of `name` as double, `expected` of them; stored fill values become NaN.
  std::vector<double> doubles(const std::string& name, std::size_t expected) const {
    const int var = variable(name);
    std::size_t size = 1;
    for (int dim : dimensions(var, name)) {
      std::size_t length = 0;
      check(nc_inq_dimlen(id_, dim, &length), "variable " + name);
      size *= length;
    }
    if (size != expected) fail(fmt::format("variable {}: {} values, expected {}", name, size, expected));
    std::vector<double> values(size);
    check(nc_get_var_double(id_, var, values.data()), "variable " + name);
    int no_fill = 1;
    double fill = 0.0;
    nc_type type = NC_NAT;
    check(nc_inq_vartype(id_, var, &type), "variable " + name);
    if (type == NC_DOUBLE && nc_inq_var_fill(id_, var, &no_fill, &fill) == NC_NOERR && !no_fill)
      for (double& v : values)
        if (v == fill) v = std::numeric_limits<double>::quiet_NaN();
    return values;
  }
  int id() const { return id_; }

 private:
  std::string path_;
  int id_ = -1;
};

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The axis of dimension `dim`: its coordinate variable (same name), double with bounds, or a
// flag variable (codes with flag_meanings).
StatsAxis read_axis(const StatsFile& file, int dim) {
  char name_buffer[NC_MAX_NAME + 1] = {};
  std::size_t length = 0;
  file.check(nc_inq_dim(file.id(), dim, name_buffer, &length), "dimension");
  StatsAxis axis;
  axis.name = name_buffer;
  const int var = file.variable(axis.name);
  axis.centre = file.doubles(axis.name, length);
  axis.long_name = file.text(var, "long_name").value_or("");
  axis.standard_name = file.text(var, "standard_name").value_or("");
  if (const auto meanings = file.text(var, "flag_meanings")) {
    axis.labels = words(*meanings);
    if (axis.labels.size() != length)
      file.fail(fmt::format("variable {}: {} flag_meanings for {} codes", axis.name, axis.labels.size(), length));
    axis.units = file.text(var, "units").value_or("1");  // flag variables carry none: codes are dimensionless
    return axis;
  }
  axis.units = file.text(var, "units").value_or("");
  const auto bounds_name = file.text(var, "bounds");
  if (!bounds_name) file.fail("variable " + axis.name + ": no bounds attribute (and no flag_meanings)");
  const std::vector<double> bounds = file.doubles(*bounds_name, 2 * length);
  for (std::size_t i = 0; i < length; ++i) {
    axis.lower.push_back(bounds[2 * i]);
    axis.upper.push_back(bounds[2 * i + 1]);
  }
  return axis;
}

// The statistics of one quantity; nullopt when the file has no <prefix>_count.
std::optional<QuantityStats> read_quantity(const StatsFile& file, const StatsQuantity& quantity,
                                           const std::vector<int>& dims, std::size_t bins) {
  int var = -1;
  const std::string count_name = std::string(quantity.prefix) + "_count";
  if (nc_inq_varid(file.id(), count_name.c_str(), &var) != NC_NOERR) return std::nullopt;
  QuantityStats stats{quantity, std::vector<BinStats>(bins)};
  for (const StatsField& field : stats_fields) {
    const std::string name = std::string(quantity.prefix) + "_" + field.suffix;
    if (file.dimensions(file.variable(name), name) != dims)
      file.fail(fmt::format("variable {}: dimensions differ from {}_count", name, quantity.prefix));
    const std::vector<double> values = file.doubles(name, bins);
    for (std::size_t b = 0; b < bins; ++b) {
      if (field.member) {
        stats.bins[b].*field.member = values[b];
      } else if (values[b] >= 0 && values[b] == std::floor(values[b])) {
        stats.bins[b].count = static_cast<std::size_t>(values[b]);
      } else {
        file.fail(fmt::format("variable {}: {} is not a count", name, values[b]));
      }
    }
  }
  return stats;
}

}  // namespace

StatsTable read_stats_netcdf(const std::string& path,
                             std::vector<std::pair<std::string, std::string>>* global_attributes) {
  const StatsFile file(path);
  StatsTable table;
  const std::string title = file.text(NC_GLOBAL, "title").value_or("");
  const std::size_t prefix = std::strlen(stats_title_prefix);
  const auto by =
      title.compare(0, prefix, stats_title_prefix) == 0 ? stats_by_from_name(title.substr(prefix)) : std::nullopt;
  if (!by) file.fail(fmt::format("global attribute title '{}' is not of a potential-mapper stats file", title));
  table.by = *by;

  const std::string count_name = std::string(u_surface_quantity.prefix) + "_count";
  const std::vector<int> dims = file.dimensions(file.variable(count_name), count_name);
  if (dims.empty() || dims.size() > 2)
    file.fail(fmt::format("variable {}: {} dimensions, expected 1 or 2", count_name, dims.size()));
  std::size_t bins = 1;
  for (int dim : dims) {
    table.axes.push_back(read_axis(file, dim));
    bins *= table.axes.back().size();
  }
  for (const StatsQuantity& quantity : {u_surface_quantity, u_spacecraft_quantity})
    if (auto stats = read_quantity(file, quantity, dims, bins)) table.quantities.push_back(std::move(*stats));

  if (global_attributes) {
    int count = 0;
    file.check(nc_inq_natts(file.id(), &count), "global attributes");
    for (int i = 0; i < count; ++i) {
      char name[NC_MAX_NAME + 1] = {};
      file.check(nc_inq_attname(file.id(), NC_GLOBAL, i, name), "global attribute");
      if (auto value = file.text(NC_GLOBAL, name)) global_attributes->emplace_back(name, std::move(*value));
    }
  }
  return table;
}

}  // namespace lpm::product
