#include "product/stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "pipeline/environment.hpp"
#include "product/cache_schema.hpp"

namespace lpm::product {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Linear interpolation between order statistics of sorted values (numpy's "linear").
double quantile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

StatsAxis bounded_axis(std::string name, std::string units, std::string long_name, std::string standard_name,
                       double start, double stop, double step) {
  StatsAxis axis{std::move(name), std::move(units), std::move(long_name), std::move(standard_name), {}, {}, {}, {}};
  const auto n = static_cast<std::size_t>(std::llround((stop - start) / step));
  for (std::size_t i = 0; i < n; ++i) {
    const double lower = start + step * static_cast<double>(i);
    const double upper = i + 1 == n ? stop : start + step * static_cast<double>(i + 1);
    axis.lower.push_back(lower);
    axis.upper.push_back(upper);
    axis.centre.push_back(0.5 * (lower + upper));
  }
  return axis;
}

// Index of value in [start, start + n·step]; the top edge belongs to the last bin; -1 outside.
long bin_index(double value, double start, double step, std::size_t n) {
  if (!std::isfinite(value)) return -1;
  const double position = (value - start) / step;
  if (position < 0.0 || position > static_cast<double>(n)) return -1;
  return std::min(static_cast<long>(std::floor(position)), static_cast<long>(n) - 1);
}

StatsAxis coded_axis(std::string name, std::string long_name, std::vector<std::string> labels) {
  StatsAxis axis{std::move(name), "1", std::move(long_name), "", {}, {}, {}, std::move(labels)};
  for (std::size_t i = 0; i < axis.labels.size(); ++i) axis.centre.push_back(static_cast<double>(i));
  return axis;
}

// Days since 1970 of the UTC date of `utc`; nullopt when the text is not a time.
std::optional<std::int64_t> utc_day(const std::string& utc) {
  const double seconds = parse_utc_seconds(utc);
  if (!std::isfinite(seconds)) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(seconds / seconds_per_day));
}

bool in_dates(const CacheSpectra& s, std::size_t i, const StatsOptions& options) {
  if (!options.first_day && !options.last_day) return true;
  const auto day = utc_day(s.utc[i]);
  if (!day) return false;
  const auto& a = options.first_day;
  const auto& b = options.last_day;
  return (!a || *day >= days_since_1970(a->year, a->month, a->day)) &&
         (!b || *day <= days_since_1970(b->year, b->month, b->day));
}

bool kept(const CacheSpectra& s, std::size_t i, const StatsOptions& options) {
  if (!std::isfinite(s.u_surface_v[i])) return false;
  if (!in_dates(s, i, options)) return false;
  if (options.fitted_only && s.status[i] >= 0 && s.status[i] != status_code(fit::FitStatus::fitted)) return false;
  if (!selects(options.illumination, std::isfinite(s.latitude_deg[i]), s.in_sun[i] != 0)) return false;
  if (options.max_width_v && !(s.u_upper_v[i] - s.u_lower_v[i] <= *options.max_width_v)) return false;
  return true;
}

std::string csv_number(double value) { return std::isfinite(value) ? fmt::format("{:.17g}", value) : "nan"; }

}  // namespace

// The --by names, one table for both directions.
constexpr std::pair<StatsBy, std::string_view> stats_by_names[] = {
    {StatsBy::grid, "grid"}, {StatsBy::sza, "sza"}, {StatsBy::local_time, "local-time"}, {StatsBy::region, "region"}};

std::optional<StatsBy> stats_by_from_name(std::string_view name) {
  for (const auto& [by, by_name] : stats_by_names)
    if (by_name == name) return by;
  return std::nullopt;
}

const char* to_string(StatsBy by) {
  for (const auto& [entry, name] : stats_by_names)
    if (entry == by) return name.data();
  return "unknown";
}

const std::vector<StatsField> stats_fields = {
    {"count", "number of spectra in the bin with a", "", nullptr},
    {"median", "median", "median", &BinStats::median},
    {"p5", "5th percentile of the", "", &BinStats::p5},
    {"p25", "25th percentile of the", "", &BinStats::p25},
    {"p75", "75th percentile of the", "", &BinStats::p75},
    {"p95", "95th percentile of the", "", &BinStats::p95},
    {"mean", "mean", "mean", &BinStats::mean},
    {"std", "standard deviation (ddof 0) of the", "standard_deviation", &BinStats::std},
    {"weighted_mean", "inverse-variance weighted mean", "mean", &BinStats::weighted_mean},
    {"weighted_mean_error", "standard error of the inverse-variance weighted mean", "", &BinStats::weighted_mean_error},
};

BinStats bin_stats(std::vector<double> values, const std::vector<double>& sigmas) {
  BinStats b{values.size(), nan, nan, nan, nan, nan, nan, nan, nan, nan};
  if (values.empty()) return b;
  double weights = 0.0, weighted = 0.0;  // before sorting: sigmas pair with values by position
  for (std::size_t i = 0; i < sigmas.size() && i < values.size(); ++i) {
    if (!(std::isfinite(sigmas[i]) && sigmas[i] > 0.0)) continue;
    weights += 1.0 / (sigmas[i] * sigmas[i]);
    weighted += values[i] / (sigmas[i] * sigmas[i]);
  }
  if (weights > 0.0) {
    b.weighted_mean = weighted / weights;
    b.weighted_mean_error = 1.0 / std::sqrt(weights);
  }
  std::sort(values.begin(), values.end());
  b.median = quantile(values, 0.5);
  b.p5 = quantile(values, 0.05);
  b.p25 = quantile(values, 0.25);
  b.p75 = quantile(values, 0.75);
  b.p95 = quantile(values, 0.95);
  double sum = 0.0;
  for (double v : values) sum += v;
  b.mean = sum / static_cast<double>(values.size());
  double squares = 0.0;
  for (double v : values) squares += (v - b.mean) * (v - b.mean);
  b.std = std::sqrt(squares / static_cast<double>(values.size()));
  return b;
}

std::string stats_settings_text(const StatsOptions& options) {
  auto date = [](const std::optional<CalendarDate>& d) {
    return d ? fmt::format("{:04}-{:02}-{:02}", d->year, d->month, d->day) : std::string("none");
  };
  return fmt::format("by={} grid_deg={} status={} illumination={} max_width_v={} start={} end={}",
                     to_string(options.by), options.grid_deg, options.fitted_only ? "fitted" : "any",
                     to_string(options.illumination),
                     options.max_width_v ? fmt::format("{}", *options.max_width_v) : "none", date(options.first_day),
                     date(options.last_day));
}

std::optional<std::string> stats_setting(std::string_view settings, std::string_view key) {
  while (!settings.empty()) {
    const std::size_t end = std::min(settings.find(' '), settings.size());
    const std::string_view pair = settings.substr(0, end);
    if (pair.size() > key.size() && pair.starts_with(key) && pair[key.size()] == '=')
      return std::string(pair.substr(key.size() + 1));
    settings.remove_prefix(std::min(end + 1, settings.size()));
  }
  return std::nullopt;
}

StatsTable compute_stats(const CacheSpectra& spectra, const StatsOptions& options) {
  StatsTable table;
  table.by = options.by;
  table.spectra_read = spectra.size();
  // Which bin each spectrum falls in (-1: none).
  std::vector<long> bin(spectra.size(), -1);
  switch (options.by) {
    case StatsBy::grid: {
      const double d = options.grid_deg;
      if (!(d > 0.0) || std::fabs(180.0 / d - std::round(180.0 / d)) > 1e-9)
        throw std::invalid_argument(fmt::format("--grid-deg {} does not divide 180", d));
      table.axes = {bounded_axis("lat", "degrees_north", "footpoint latitude", "latitude", -90, 90, d),
                    bounded_axis("lon", "degrees_east", "footpoint longitude", "longitude", -180, 180, d)};
      const std::size_t nlat = table.axes[0].size(), nlon = table.axes[1].size();
      for (std::size_t i = 0; i < spectra.size(); ++i) {
        const long a = bin_index(spectra.latitude_deg[i], -90, d, nlat);
        const long o = bin_index(spectra.longitude_deg[i], -180, d, nlon);
        if (a >= 0 && o >= 0) bin[i] = a * static_cast<long>(nlon) + o;
      }
      break;
    }
    case StatsBy::sza:
    case StatsBy::local_time: {
      if (!spectra.has_solar_angles)
        throw std::runtime_error(fmt::format("a cache has no {} and {} (written since issue 18): rerun batch",
                                             keys::spec_solar_zenith_deg.name, keys::spec_local_time_h.name));
      const bool sza = options.by == StatsBy::sza;
      table.axes = {
          sza ? bounded_axis("sza", "degree", "solar zenith angle at the footpoint", "solar_zenith_angle", 0, 180, 5)
              : bounded_axis("local_time", "hour", "lunar local time of the footpoint", "", 0, 24, 1)};
      const auto& values = sza ? spectra.solar_zenith_deg : spectra.local_time_h;
      for (std::size_t i = 0; i < spectra.size(); ++i)
        bin[i] = bin_index(values[i], 0, sza ? 5 : 1, table.axes[0].size());
      break;
    }
    case StatsBy::region: {
      std::vector<std::string> environments;
      environments.reserve(environment_class_count);
      for (int code = 0; code < environment_class_count; ++code)
        environments.push_back(pipeline::to_string(environment_from_code(code)));
      table.axes = {coded_axis("environment", "plasma environment class of the footpoint row", environments),
                    coded_axis("illumination", "footpoint illumination", {"night", "day"})};
      for (std::size_t i = 0; i < spectra.size(); ++i)
        bin[i] = static_cast<long>(environment_code(spectra.environment[i])) * 2 + (spectra.in_sun[i] ? 1 : 0);
      break;
    }
  }

  std::size_t bins = 1;
  for (const auto& axis : table.axes) bins *= axis.size();
  std::vector<std::vector<double>> u(bins), u_sigmas(bins), u_sc(bins), u_sc_sigmas(bins);
  for (std::size_t i = 0; i < spectra.size(); ++i) {
    if (bin[i] < 0 || !kept(spectra, i, options)) continue;
    u[bin[i]].push_back(spectra.u_surface_v[i]);
    u_sigmas[bin[i]].push_back(0.5 * (spectra.u_upper_v[i] - spectra.u_lower_v[i]));
    if (std::isfinite(spectra.u_spacecraft_v[i])) {
      u_sc[bin[i]].push_back(spectra.u_spacecraft_v[i]);
      u_sc_sigmas[bin[i]].push_back(0.5 * (spectra.u_spacecraft_upper_v[i] - spectra.u_spacecraft_lower_v[i]));
    }
    ++table.spectra_used;
  }
  table.quantities = {{u_surface_quantity, {}}, {u_spacecraft_quantity, {}}};
  for (std::size_t b = 0; b < bins; ++b) {
    table.quantities[0].bins.push_back(bin_stats(std::move(u[b]), u_sigmas[b]));
    table.quantities[1].bins.push_back(bin_stats(std::move(u_sc[b]), u_sc_sigmas[b]));
  }
  return table;
}

std::string stats_csv(const StatsTable& table) {
  std::string out;
  for (const auto& axis : table.axes) {
    out += axis.name + ",";
    if (axis.bounded()) out += axis.name + "_min," + axis.name + "_max,";
  }
  for (const QuantityStats& q : table.quantities)
    for (const StatsField& field : stats_fields) out += fmt::format("{}_{},", q.quantity.prefix, field.suffix);
  out.back() = '\n';
  const std::size_t inner = table.axes.size() == 2 ? table.axes[1].size() : 1;
  for (std::size_t b = 0; b < table.bin_count(); ++b) {
    const std::size_t index[2] = {table.axes.size() == 2 ? b / inner : b, b % inner};
    for (std::size_t a = 0; a < table.axes.size(); ++a) {
      const StatsAxis& axis = table.axes[a];
      const std::size_t i = index[a];
      if (axis.bounded())
        out += csv_number(axis.centre[i]) + "," + csv_number(axis.lower[i]) + "," + csv_number(axis.upper[i]) + ",";
      else
        out += axis.labels[i] + ",";
    }
    for (const QuantityStats& q : table.quantities)
      for (const StatsField& field : stats_fields)
        out += (field.member ? csv_number(q.bins[b].*field.member) : std::to_string(q.bins[b].count)) + ",";
    out.back() = '\n';
  }
  return out;
}

}  // namespace lpm::product
