#include "product/netcdf_writer.hpp"

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>
#include <netcdf.h>

#include "io/atomic_output.hpp"

namespace lpm::product {
namespace {

void check(int status, const std::string& what) {
  if (status != NC_NOERR) throw std::runtime_error(what + ": " + nc_strerror(status));
}

void text_attribute(int file, int variable, const std::string& name, const std::string& value) {
  check(nc_put_att_text(file, variable, name.c_str(), value.size(), value.c_str()), "attribute " + name);
}

class OpenFile {
 public:
  explicit OpenFile(const std::string& path) {
    check(nc_create(path.c_str(), NC_CLOBBER | NC_NETCDF4, &id), "create " + path);
  }
  ~OpenFile() {
    if (id >= 0) nc_close(id);
  }
  void close() {
    const int status = nc_close(id);
    id = -1;
    check(status, "close");
  }
  int id = -1;
};

void write(const std::string& path, const StatsTable& table,
           const std::vector<std::pair<std::string, std::string>>& global_attributes) {
  OpenFile file(path);
  const int nc = file.id;
  text_attribute(nc, NC_GLOBAL, "Conventions", "CF-1.10");
  text_attribute(nc, NC_GLOBAL, "title", std::string(stats_title_prefix) + to_string(table.by));
  for (const auto& [name, value] : global_attributes) text_attribute(nc, NC_GLOBAL, name, value);

  int bounds_dim = -1;
  std::vector<int> dims, axis_vars, bounds_vars;
  for (const StatsAxis& axis : table.axes) {
    int dim = 0, var = 0;
    check(nc_def_dim(nc, axis.name.c_str(), axis.size(), &dim), "dimension " + axis.name);
    dims.push_back(dim);
    if (axis.bounded()) {
      check(nc_def_var(nc, axis.name.c_str(), NC_DOUBLE, 1, &dim, &var), "variable " + axis.name);
      if (bounds_dim < 0) check(nc_def_dim(nc, "nv", 2, &bounds_dim), "dimension nv");
      int bounds = 0;
      const int bdims[2] = {dim, bounds_dim};
      check(nc_def_var(nc, (axis.name + "_bnds").c_str(), NC_DOUBLE, 2, bdims, &bounds), "bounds " + axis.name);
      bounds_vars.push_back(bounds);
      text_attribute(nc, var, "bounds", axis.name + "_bnds");
      text_attribute(nc, var, "units", axis.units);
      if (!axis.standard_name.empty()) text_attribute(nc, var, "standard_name", axis.standard_name);
    } else {
      check(nc_def_var(nc, axis.name.c_str(), NC_BYTE, 1, &dim, &var), "variable " + axis.name);
      std::vector<signed char> codes;
      std::string meanings;
      for (std::size_t i = 0; i < axis.size(); ++i) {
        codes.push_back(static_cast<signed char>(i));
        meanings += (i ? " " : "") + axis.labels[i];
      }
      check(nc_put_att_schar(nc, var, "flag_values", NC_BYTE, codes.size(), codes.data()), "flag_values");
      text_attribute(nc, var, "flag_meanings", meanings);
      bounds_vars.push_back(-1);
    }
    text_attribute(nc, var, "long_name", axis.long_name);
    axis_vars.push_back(var);
  }

  std::string over;
  for (const StatsAxis& axis : table.axes) over += axis.name + ": ";
  std::vector<int> field_vars;  // per quantity, per stats_fields entry
  for (const QuantityStats& q : table.quantities) {
    for (const StatsField& field : stats_fields) {
      const std::string name = std::string(q.quantity.prefix) + "_" + field.suffix;
      int var = 0;
      check(nc_def_var(nc, name.c_str(), field.member ? NC_DOUBLE : NC_INT, static_cast<int>(dims.size()), dims.data(),
                       &var),
            name);
      text_attribute(nc, var, "long_name", std::string(field.long_name) + " " + q.quantity.description);
      if (!field.member) {
        text_attribute(nc, var, "units", "1");
        text_attribute(nc, var, "cell_methods", over + "sum");
      } else {
        const double fill = NC_FILL_DOUBLE;
        check(nc_def_var_fill(nc, var, 0, &fill), "_FillValue");
        text_attribute(nc, var, "units", "V");
        if (*field.cell_method) text_attribute(nc, var, "cell_methods", over + field.cell_method);
        const std::string_view suffix = field.suffix;
        if (suffix.starts_with('p'))
          text_attribute(nc, var, "comment", "linear interpolation between order statistics (numpy default)");
        if (suffix.starts_with("weighted"))
          text_attribute(nc, var, "comment",
                         "weights 1/sigma^2, sigma = half the width of each spectrum's 68 % interval; error = "
                         "1/sqrt(sum of weights)");
      }
      field_vars.push_back(var);
    }
  }
  check(nc_enddef(nc), "enddef");

  for (std::size_t a = 0; a < table.axes.size(); ++a) {
    const StatsAxis& axis = table.axes[a];
    if (axis.bounded()) {
      check(nc_put_var_double(nc, axis_vars[a], axis.centre.data()), axis.name);
      std::vector<double> bounds;
      for (std::size_t i = 0; i < axis.size(); ++i) {
        bounds.push_back(axis.lower[i]);
        bounds.push_back(axis.upper[i]);
      }
      check(nc_put_var_double(nc, bounds_vars[a], bounds.data()), axis.name + "_bnds");
    } else {
      std::vector<signed char> codes;
      for (std::size_t i = 0; i < axis.size(); ++i) codes.push_back(static_cast<signed char>(i));
      check(nc_put_var_schar(nc, axis_vars[a], codes.data()), axis.name);
    }
  }
  std::size_t next_var = 0;
  for (const QuantityStats& q : table.quantities) {
    for (const StatsField& field : stats_fields) {
      const int var = field_vars[next_var++];
      if (!field.member) {
        std::vector<int> counts;
        for (const BinStats& b : q.bins) counts.push_back(static_cast<int>(b.count));
        check(nc_put_var_int(nc, var, counts.data()), field.suffix);
      } else {
        std::vector<double> values;
        for (const BinStats& b : q.bins)
          values.push_back(std::isfinite(b.*field.member) ? b.*field.member : NC_FILL_DOUBLE);
        check(nc_put_var_double(nc, var, values.data()), field.suffix);
      }
    }
  }
  file.close();
}

}  // namespace

void write_stats_netcdf(const std::string& path, const StatsTable& table,
                        const std::vector<std::pair<std::string, std::string>>& global_attributes) {
  try {
    io::AtomicOutput output(path);  // libnetcdf writes by name: into the temp file
    write(output.temp_path().string(), table, global_attributes);
    output.commit();
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", path, e.what()));
  }
}

}  // namespace lpm::product
