#include "product/cache_columns.hpp"

#include <cmath>
#include <limits>

#include "base/calendar.hpp"
#include "product/footpoint_row.hpp"

namespace lpm::product {

using pipeline::RowResult;
using pipeline::SpectrumResult;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// U is written only for accepted fits; every other value of a spectrum is written as computed
// (NaN where a stage did not run), as the reference does (P§4.8).
// at_bound keeps its value ("at least this far") with the open side of its interval ±inf.
bool u_published(const SpectrumResult& s) { return fit::has_surface_value(s.status); }
double published_u(const SpectrumResult& s) { return u_published(s) ? s.u_surface_v : nan; }
double published_u_lower(const SpectrumResult& s) { return u_published(s) ? s.u_surface_lower_v : nan; }
double published_u_upper(const SpectrumResult& s) { return u_published(s) ? s.u_surface_upper_v : nan; }
bool has_fit(const SpectrumResult& s) { return std::isfinite(published_u(s)); }

template <typename T, typename Get>
std::vector<T> per_row(const ResultBlock& results, Get get) {
  std::vector<T> values;
  values.reserve(results.size() * er_rows_per_spectrum);
  for (const auto& s : results)
    for (const auto& r : s.rows) values.push_back(static_cast<T>(get(s, r)));
  return values;
}

template <typename T, typename Get>
std::vector<T> per_spectrum(const ResultBlock& results, Get get) {
  std::vector<T> values;
  values.reserve(results.size());
  for (const auto& s : results) values.push_back(static_cast<T>(get(s)));
  return values;
}

// Makers of the key's dtype for one value type.
io::NpyArray make(const std::vector<double>& v) { return io::make_f8(v); }
io::NpyArray make(const std::vector<std::int64_t>& v) { return io::make_i8(v); }
io::NpyArray make(const std::vector<std::int32_t>& v) { return io::make_i4(v); }
io::NpyArray make(const std::vector<std::int8_t>& v) { return io::make_i1(v); }
io::NpyArray make(const std::vector<bool>& v) { return io::make_bool(v); }

template <typename T, typename Get>
Column row_column(const Key& key, Get get) {
  return {&key, true, [get](const ResultBlock& b) { return make(per_row<T>(b, get)); }, {}};
}
template <typename T, typename Get>
Column spec_column(const Key& key, Get get) {
  return {&key, false, [get](const ResultBlock& b) { return make(per_spectrum<T>(b, get)); }, {}};
}
template <typename Get>
Column row_strings(const Key& key, Get get) {
  return {&key, true, {}, [get](const ResultBlock& b, std::vector<std::string_view>& out) {
            for (const auto& s : b)
              for (const auto& r : s.rows) out.push_back(get(r));
          }};
}
template <typename Get>
Column spec_strings(const Key& key, Get get) {
  return {&key, false, {}, [get](const ResultBlock& b, std::vector<std::string_view>& out) {
            for (const auto& s : b) out.push_back(get(s));
          }};
}

std::vector<Column> make_columns(bool u_width_qc) {
  using R = RowResult;
  using S = SpectrumResult;
  std::vector<Column> c;
  // Row level (P§5.5): every value of a spectrum's fit is repeated on its 15 rows.
  c.push_back(row_column<std::int64_t>(keys::rows_spec_no, [](const S& s, const R&) { return s.spec_no; }));
  c.push_back(row_strings(keys::rows_utc, [](const R& r) -> std::string_view { return r.utc; }));
  c.push_back(row_strings(keys::rows_time, [](const R& r) -> std::string_view { return r.time; }));
  auto row_f8 = [&c](const Key& key, auto get) { c.push_back(row_column<double>(key, get)); };
  row_f8(keys::rows_spacecraft_latitude, [](const S&, const R& r) { return r.spacecraft_lat_deg; });
  row_f8(keys::rows_spacecraft_longitude, [](const S&, const R& r) { return r.spacecraft_lon_deg; });
  row_f8(keys::rows_projection_latitude, [](const S&, const R& r) { return r.projection_lat_deg; });
  row_f8(keys::rows_projection_longitude, [](const S&, const R& r) { return r.projection_lon_deg; });
  row_f8(keys::rows_spacecraft_potential, [](const S& s, const R&) { return s.u_spacecraft_v; });
  row_f8(keys::rows_projected_potential, [](const S& s, const R&) { return published_u(s); });
  c.push_back(row_column<bool>(keys::rows_spacecraft_in_sun, [](const S&, const R& r) { return r.spacecraft_in_sun; }));
  c.push_back(row_column<bool>(keys::rows_projection_in_sun, [](const S&, const R& r) { return r.projection_in_sun; }));
  c.push_back(row_column<std::int8_t>(keys::rows_projection_polarity, [](const S&, const R& r) { return r.polarity; }));
  row_f8(keys::rows_bs_over_bm, [](const S& s, const R&) { return s.bs_over_bm; });
  row_f8(keys::rows_beam_amp, [](const S& s, const R&) { return s.beam_amp; });
  row_f8(keys::rows_fit_chi2, [](const S& s, const R&) { return s.fit_chi2; });
  row_f8(keys::rows_electron_temperature, [](const S& s, const R&) { return s.electron_temperature_ev; });
  row_f8(keys::rows_electron_density, [](const S& s, const R&) { return s.electron_density_m3; });
  row_f8(keys::rows_kappa_value, [](const S& s, const R&) { return s.kappa; });
  c.push_back(
      row_column<std::int8_t>(keys::rows_environment_class, [](const S&, const R& r) { return r.environment_class; }));
  row_f8(keys::rows_u_surface_lower, [](const S& s, const R&) { return published_u_lower(s); });
  row_f8(keys::rows_u_surface_upper, [](const S& s, const R&) { return published_u_upper(s); });
  c.push_back(
      row_column<std::int8_t>(keys::rows_geometry_status, [](const S&, const R& r) { return r.geometry_status; }));
  if (u_width_qc) {
    row_f8(keys::rows_u_width, [](const S& s, const R&) { return s.u_width_v; });
    c.push_back(row_column<bool>(keys::rows_u_is_identifiable, [](const S& s, const R&) { return s.u_identifiable; }));
  }

  // Spectrum level, ascending spec_no; "first row" values of the reference are the spectrum's.
  c.push_back(spec_column<std::int64_t>(keys::spec_spec_no, [](const S& s) { return s.spec_no; }));
  c.push_back(spec_strings(keys::spec_time_start, [](const S& s) { return std::string_view(s.rows.front().time); }));
  c.push_back(spec_strings(keys::spec_time_end, [](const S& s) { return std::string_view(s.rows.back().time); }));
  c.push_back(spec_column<bool>(keys::spec_has_fit, has_fit));
  c.push_back(spec_column<std::int64_t>(keys::spec_row_count,
                                        [](const S& s) { return static_cast<std::int64_t>(s.rows.size()); }));
  auto spec_f8 = [&c](const Key& key, auto get) { c.push_back(spec_column<double>(key, get)); };
  spec_f8(keys::spec_u_surface, published_u);
  spec_f8(keys::spec_bs_over_bm, [](const S& s) { return s.bs_over_bm; });
  spec_f8(keys::spec_fit_chi2, [](const S& s) { return s.fit_chi2; });
  spec_f8(keys::spec_electron_temperature, [](const S& s) { return s.electron_temperature_ev; });
  spec_f8(keys::spec_electron_density, [](const S& s) { return s.electron_density_m3; });
  c.push_back(spec_column<std::int8_t>(keys::spec_environment_class,
                                       [](const S& s) { return s.rows.front().environment_class; }));
  spec_f8(keys::spec_u_surface_lower, published_u_lower);
  spec_f8(keys::spec_u_surface_upper, published_u_upper);
  spec_f8(keys::spec_u_spacecraft, [](const S& s) { return s.u_spacecraft_v; });
  spec_f8(keys::spec_u_spacecraft_lower, [](const S& s) { return s.u_spacecraft_lower_v; });
  spec_f8(keys::spec_u_spacecraft_upper, [](const S& s) { return s.u_spacecraft_upper_v; });
  c.push_back(spec_column<std::int8_t>(keys::spec_u_spacecraft_candidates,
                                       [](const S& s) { return s.u_spacecraft_candidates; }));
  spec_f8(keys::spec_kappa_value, [](const S& s) { return s.kappa; });
  spec_f8(keys::spec_beam_amp, [](const S& s) { return s.beam_amp; });
  c.push_back(spec_column<std::int8_t>(keys::spec_status, [](const S& s) { return status_code(s.status); }));
  c.push_back(spec_column<std::int32_t>(keys::spec_file_index, [](const S& s) { return s.file_index; }));
  spec_f8(keys::spec_projection_latitude, [](const S& s) { return footpoint_row(s).projection_lat_deg; });
  spec_f8(keys::spec_projection_longitude, [](const S& s) { return footpoint_row(s).projection_lon_deg; });
  c.push_back(
      spec_column<bool>(keys::spec_projection_in_sun, [](const S& s) { return footpoint_row(s).projection_in_sun; }));
  c.push_back(
      spec_column<bool>(keys::spec_spacecraft_in_sun, [](const S& s) { return footpoint_row(s).spacecraft_in_sun; }));
  spec_f8(keys::spec_solar_zenith_deg, [](const S& s) { return footpoint_row(s).solar_zenith_deg; });
  spec_f8(keys::spec_local_time_h, [](const S& s) { return footpoint_row(s).local_time_h; });
  spec_f8(keys::spec_field_normal_angle_deg, [](const S& s) { return footpoint_row(s).field_normal_angle_deg; });
  spec_f8(keys::spec_time_unix, [](const S& s) { return parse_utc_seconds(s.rows.front().utc); });
  if (u_width_qc) {
    spec_f8(keys::spec_u_width, [](const S& s) { return s.u_width_v; });
    c.push_back(spec_column<bool>(keys::spec_u_is_identifiable, [](const S& s) { return s.u_identifiable; }));
  }
  return c;
}

}  // namespace

const std::vector<Column>& cache_columns(const pipeline::PipelineSettings& settings) {
  static const std::vector<Column> without_qc = make_columns(false), with_qc = make_columns(true);
  return settings.emit_u_width_qc ? with_qc : without_qc;
}

io::NpyArray column_array(const Column& column, const ResultBlock& block) {
  if (column.build) return column.build(block);
  std::vector<std::string_view> views;
  column.strings(block, views);
  return io::make_unicode(views, column.key->unicode_width);
}

}  // namespace lpm::product
