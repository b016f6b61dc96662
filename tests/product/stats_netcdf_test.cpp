// A stats table written by write_stats_netcdf and read back by read_stats_netcdf: every axis,
// every statistic of both quantities (NaN in empty bins) and the global attributes; errors name
// the file and the variable.
#include "product/netcdf_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>
#include <netcdf.h>

#include "product/cache_schema.hpp"
#include "product/netcdf_writer.hpp"
#include "test_support.hpp"

namespace lpm::product {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// 400 spectra spread over the Moon, day and night, every environment, SZA and local time; some
// without U_sc, so the two quantities differ in counts.
CacheSpectra varied_spectra() {
  CacheSpectra s;
  for (int i = 0; i < 400; ++i) {
    const double u = -300.0 + 7.3 * (i % 83) + 0.01 * i;
    s.spec_no.push_back(i + 1);
    s.latitude_deg.push_back(-85.0 + std::fmod(37.7 * i, 170.0));
    s.longitude_deg.push_back(-175.0 + std::fmod(53.9 * i, 350.0));
    s.u_surface_v.push_back(u);
    s.u_lower_v.push_back(u - 2.0 - i % 5);
    s.u_upper_v.push_back(u + 3.0);
    s.u_spacecraft_v.push_back(i % 7 == 0 ? nan : -20.0 + 0.1 * i);
    s.u_spacecraft_lower_v.push_back(-21.0 + 0.1 * i);
    s.u_spacecraft_upper_v.push_back(i % 3 == 0 ? nan : -19.0 + 0.1 * i);
    s.utc.push_back("1998-06-01T00:00:00");
    s.in_sun.push_back(i % 2);
    s.environment.push_back(environment_from_code(i % environment_class_count));
    s.track_latitude_deg.push_back(nan);
    s.track_longitude_deg.push_back(nan);
    s.status.push_back(-1);
    s.solar_zenith_deg.push_back(std::fmod(13.1 * i, 180.0));
    s.local_time_h.push_back(std::fmod(1.7 * i, 24.0));
  }
  return s;
}

void expect_same_number(double written, double read, const std::string& what) {
  if (std::isnan(written))
    EXPECT_TRUE(std::isnan(read)) << what << " read " << read;
  else
    EXPECT_EQ(written, read) << what;  // doubles stored as doubles: bit for bit
}

void expect_same_table(const StatsTable& written, const StatsTable& read) {
  EXPECT_EQ(read.by, written.by);
  ASSERT_EQ(read.axes.size(), written.axes.size());
  for (std::size_t a = 0; a < written.axes.size(); ++a) {
    const StatsAxis &w = written.axes[a], &r = read.axes[a];
    EXPECT_EQ(r.name, w.name);
    EXPECT_EQ(r.units, w.units) << w.name;
    EXPECT_EQ(r.long_name, w.long_name) << w.name;
    EXPECT_EQ(r.standard_name, w.standard_name) << w.name;
    EXPECT_EQ(r.centre, w.centre) << w.name;
    EXPECT_EQ(r.lower, w.lower) << w.name;
    EXPECT_EQ(r.upper, w.upper) << w.name;
    EXPECT_EQ(r.labels, w.labels) << w.name;
  }
  ASSERT_EQ(read.quantities.size(), written.quantities.size());
  for (std::size_t q = 0; q < written.quantities.size(); ++q) {
    const QuantityStats &w = written.quantities[q], &r = read.quantities[q];
    EXPECT_STREQ(r.quantity.prefix, w.quantity.prefix);
    ASSERT_EQ(r.bins.size(), w.bins.size());
    for (std::size_t b = 0; b < w.bins.size(); ++b) {
      EXPECT_EQ(r.bins[b].count, w.bins[b].count) << w.quantity.prefix << " bin " << b;
      for (const StatsField& field : stats_fields)
        if (field.member)
          expect_same_number(w.bins[b].*field.member, r.bins[b].*field.member,
                             std::string(w.quantity.prefix) + "_" + field.suffix + " bin " + std::to_string(b));
    }
  }
}

TEST(StatsNetcdf, EveryBinningRoundTripsEveryFieldAndAxis) {
  test::TempDir dir;
  const CacheSpectra spectra = varied_spectra();
  for (StatsBy by : {StatsBy::grid, StatsBy::sza, StatsBy::local_time, StatsBy::region}) {
    StatsOptions options;
    options.by = by;
    options.grid_deg = 15;
    const StatsTable written = compute_stats(spectra, options);
    std::size_t empty = 0;
    for (const BinStats& bin : written.quantities[0].bins) empty += bin.count == 0;
    if (by == StatsBy::grid) {
      EXPECT_GT(empty, 0u);  // fill values are part of the trip
    }

    const std::string path = (dir.path() / (std::string(to_string(by)) + ".nc")).string();
    const std::vector<std::pair<std::string, std::string>> attributes = {
        {"program_version", "0.1.0"}, {stats_settings_attribute, stats_settings_text(options)}};
    write_stats_netcdf(path, written, attributes);
    std::vector<std::pair<std::string, std::string>> read_attributes;
    const StatsTable read = read_stats_netcdf(path, &read_attributes);
    SCOPED_TRACE(to_string(by));
    expect_same_table(written, read);
    for (const auto& attribute : attributes)
      EXPECT_NE(std::find(read_attributes.begin(), read_attributes.end(), attribute), read_attributes.end())
          << attribute.first;
  }
}

TEST(StatsNetcdf, SettingsTextNamesEachSetting) {
  StatsOptions options;
  options.by = StatsBy::local_time;
  options.illumination = Illumination::night;
  options.max_width_v = 40;
  options.first_day = CalendarDate{1998, 6, 3};
  const std::string text = stats_settings_text(options);
  EXPECT_EQ(text,
            "by=local-time grid_deg=10 status=fitted illumination=night max_width_v=40 start=1998-06-03 end=none");
  EXPECT_EQ(stats_setting(text, "illumination"), "night");
  EXPECT_EQ(stats_setting(text, "by"), "local-time");
  EXPECT_EQ(stats_setting(text, "end"), "none");
  EXPECT_EQ(stats_setting(text, "illum"), std::nullopt);
  EXPECT_EQ(stats_setting("", "by"), std::nullopt);
}

// A netCDF file with only a title: a stats file that lost its variables.
void write_title_only(const std::string& path, const std::string& title) {
  int nc = -1;
  ASSERT_EQ(nc_create(path.c_str(), NC_CLOBBER | NC_NETCDF4, &nc), NC_NOERR);
  if (!title.empty()) nc_put_att_text(nc, NC_GLOBAL, "title", title.size(), title.c_str());
  nc_close(nc);
}

void expect_error_naming(const std::string& path, const std::string& what) {
  try {
    read_stats_netcdf(path);
    FAIL() << "expected an error naming " << what;
  } catch (const std::runtime_error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find(what), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(StatsNetcdf, ErrorsNameTheFileAndTheVariable) {
  test::TempDir dir;
  const std::string missing = (dir.path() / "missing.nc").string();
  expect_error_naming(missing, "open");
  const std::string no_title = (dir.path() / "no_title.nc").string();
  write_title_only(no_title, "");
  expect_error_naming(no_title, "title");
  const std::string no_variables = (dir.path() / "no_variables.nc").string();
  write_title_only(no_variables, std::string(stats_title_prefix) + "grid");
  expect_error_naming(no_variables, "u_surface_count");
}

}  // namespace
}  // namespace lpm::product
