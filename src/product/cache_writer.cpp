#include "product/cache_writer.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "base/calendar.hpp"
#include "base/version.hpp"
#include "pipeline/cancellation.hpp"
#include "product/cache_schema.hpp"
#include "product/footpoint_row.hpp"

namespace lpm::product {

using pipeline::PipelineSettings;
using pipeline::SpectrumResult;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// One row-level array: the value of `get` for every row of every spectrum, in order.
template <typename T, typename Get>
std::vector<T> per_row(const std::vector<SpectrumResult>& results, Get get) {
  std::vector<T> values;
  values.reserve(results.size() * er_rows_per_spectrum);
  for (const auto& s : results)
    for (const auto& r : s.rows) values.push_back(static_cast<T>(get(s, r)));
  return values;
}

template <typename T, typename Get>
std::vector<T> per_spectrum(const std::vector<SpectrumResult>& results, Get get) {
  std::vector<T> values;
  values.reserve(results.size());
  for (const auto& s : results) values.push_back(static_cast<T>(get(s)));
  return values;
}

// U is written only for accepted fits; every other value of a spectrum is written as computed
// (NaN where a stage did not run), as the reference does (P§4.8).
// at_bound keeps its value ("at least this far") with the open side of its interval ±inf.
bool u_published(const SpectrumResult& s) { return fit::has_surface_value(s.status); }
double published_u(const SpectrumResult& s) { return u_published(s) ? s.u_surface_v : nan; }
double published_u_lower(const SpectrumResult& s) { return u_published(s) ? s.u_surface_lower_v : nan; }
double published_u_upper(const SpectrumResult& s) { return u_published(s) ? s.u_surface_upper_v : nan; }
bool has_fit(const SpectrumResult& s) { return std::isfinite(published_u(s)); }

// A row-level <U64 array (256 bytes per row) handed over in pieces of this many spectra, so that
// a long run's strings never exist all at once as UTF-32.
constexpr std::size_t string_chunk_spectra = 1024;

// Every array goes in under its schema key; a dtype other than the key's is a bug of this file.
void check_dtype(const Key& key, const io::NpyArray& array) {
  if (array.dtype != key.dtype || (key.unicode_width && array.unicode_width != key.unicode_width))
    throw std::logic_error(fmt::format("cache key {}: built as {}, schema says otherwise", key.name, array.descr()));
}

void add(PayloadSink& sink, const Key& key, io::NpyArray array) {
  check_dtype(key, array);
  sink.add(key.name, std::move(array));
}

template <typename Get>
void add_row_strings(PayloadSink& sink, const Key& key, const std::vector<SpectrumResult>& results, Get get) {
  const io::NpyArray layout{key.dtype, key.unicode_width, {results.size() * er_rows_per_spectrum}, {}};
  std::size_t next = 0;  // first spectrum of the next piece
  sink.add_streamed(key.name, layout, [&](std::vector<std::uint8_t>& chunk) {
    std::vector<std::string_view> views;
    for (const std::size_t end = std::min(results.size(), next + string_chunk_spectra); next < end; ++next)
      for (const auto& r : results[next].rows) views.push_back(get(r));
    if (!views.empty()) chunk = io::make_unicode(views, key.unicode_width).data;
  });
}

// Sinks: the whole archive in memory, or an NPZ file written entry by entry.
class ArchiveSink final : public PayloadSink {
 public:
  void add(std::string_view key, io::NpyArray array) override { archive.add(std::string(key), std::move(array)); }
  void add_streamed(std::string_view key, const io::NpyArray& layout,
                    const io::NpzWriter::ChunkProducer& produce) override {
    io::NpyArray whole = layout;
    std::vector<std::uint8_t> chunk;
    do {
      chunk.clear();
      produce(chunk);
      whole.data.insert(whole.data.end(), chunk.begin(), chunk.end());
    } while (!chunk.empty());
    add(key, std::move(whole));
  }
  io::NpzArchive archive;
};

// Writes into an NPZ file and stops, by throwing, as soon as a cancellation is requested (between
// entries and between the pieces of a streamed one).
class FileSink final : public PayloadSink {
 public:
  explicit FileSink(io::NpzWriter& writer) : writer_(writer) {}
  void add(std::string_view key, io::NpyArray array) override {
    stop_if_cancelled();
    writer_.add(key, array);
  }
  void add_streamed(std::string_view key, const io::NpyArray& layout,
                    const io::NpzWriter::ChunkProducer& produce) override {
    stop_if_cancelled();
    writer_.add_streamed(key, layout, [&](std::vector<std::uint8_t>& chunk) {
      stop_if_cancelled();
      produce(chunk);
    });
  }
  bool cancelled() const { return cancelled_; }

 private:
  void stop_if_cancelled() {
    if (!pipeline::cancellation_requested()) return;
    cancelled_ = true;
    throw std::runtime_error("interrupted");
  }
  io::NpzWriter& writer_;
  bool cancelled_ = false;
};

}  // namespace

void emit_payload(const std::vector<SpectrumResult>& results, const std::vector<std::string>& files,
                  const PipelineSettings& settings, PayloadSink& sink, const RunInputs& inputs) {
  using io::make_bool;
  using io::make_f8;
  using io::make_i1;
  using io::make_i4;
  using io::make_i8;
  using io::make_unicode;
  using R = pipeline::RowResult;
  using S = pipeline::SpectrumResult;

  // Row level (P§5.5): every value of a spectrum's fit is repeated on its 15 rows.
  add(sink, keys::rows_spec_no,
      make_i8(per_row<std::int64_t>(results, [](const S& s, const R&) { return s.spec_no; })));
  add_row_strings(sink, keys::rows_utc, results, [](const R& r) -> std::string_view { return r.utc; });
  add_row_strings(sink, keys::rows_time, results, [](const R& r) -> std::string_view { return r.time; });
  auto row_f8 = [&](const Key& key, auto get) { add(sink, key, make_f8(per_row<double>(results, get))); };
  row_f8(keys::rows_spacecraft_latitude, [](const S&, const R& r) { return r.spacecraft_lat_deg; });
  row_f8(keys::rows_spacecraft_longitude, [](const S&, const R& r) { return r.spacecraft_lon_deg; });
  row_f8(keys::rows_projection_latitude, [](const S&, const R& r) { return r.projection_lat_deg; });
  row_f8(keys::rows_projection_longitude, [](const S&, const R& r) { return r.projection_lon_deg; });
  row_f8(keys::rows_spacecraft_potential, [](const S& s, const R&) { return s.u_spacecraft_v; });
  row_f8(keys::rows_projected_potential, [](const S& s, const R&) { return published_u(s); });
  add(sink, keys::rows_spacecraft_in_sun,
      make_bool(per_row<bool>(results, [](const S&, const R& r) { return r.spacecraft_in_sun; })));
  add(sink, keys::rows_projection_in_sun,
      make_bool(per_row<bool>(results, [](const S&, const R& r) { return r.projection_in_sun; })));
  add(sink, keys::rows_projection_polarity,
      make_i1(per_row<std::int8_t>(results, [](const S&, const R& r) { return r.polarity; })));
  row_f8(keys::rows_bs_over_bm, [](const S& s, const R&) { return s.bs_over_bm; });
  row_f8(keys::rows_beam_amp, [](const S& s, const R&) { return s.beam_amp; });
  row_f8(keys::rows_fit_chi2, [](const S& s, const R&) { return s.fit_chi2; });
  row_f8(keys::rows_electron_temperature, [](const S& s, const R&) { return s.electron_temperature_ev; });
  row_f8(keys::rows_electron_density, [](const S& s, const R&) { return s.electron_density_m3; });
  row_f8(keys::rows_kappa_value, [](const S& s, const R&) { return s.kappa; });
  add(sink, keys::rows_environment_class,
      make_i1(per_row<std::int8_t>(results, [](const S&, const R& r) { return r.environment_class; })));
  row_f8(keys::rows_u_surface_lower, [](const S& s, const R&) { return published_u_lower(s); });
  row_f8(keys::rows_u_surface_upper, [](const S& s, const R&) { return published_u_upper(s); });
  add(sink, keys::rows_geometry_status,
      make_i1(per_row<std::int8_t>(results, [](const S&, const R& r) { return r.geometry_status; })));
  if (settings.emit_u_width_qc) {
    row_f8(keys::rows_u_width, [](const S& s, const R&) { return s.u_width_v; });
    add(sink, keys::rows_u_is_identifiable,
        make_bool(per_row<bool>(results, [](const S& s, const R&) { return s.u_identifiable; })));
  }

  // Spectrum level, ascending spec_no; "first row" values of the reference are the spectrum's.
  add(sink, keys::spec_spec_no, make_i8(per_spectrum<std::int64_t>(results, [](const S& s) { return s.spec_no; })));
  add(sink, keys::spec_time_start,
      make_unicode(
          per_spectrum<std::string_view>(results, [](const S& s) { return std::string_view(s.rows.front().time); }),
          string_width));
  add(sink, keys::spec_time_end,
      make_unicode(
          per_spectrum<std::string_view>(results, [](const S& s) { return std::string_view(s.rows.back().time); }),
          string_width));
  add(sink, keys::spec_has_fit, make_bool(per_spectrum<bool>(results, has_fit)));
  add(sink, keys::spec_row_count, make_i8(per_spectrum<std::int64_t>(results, [](const S& s) {
        return static_cast<std::int64_t>(s.rows.size());
      })));
  auto spec_f8 = [&](const Key& key, auto get) { add(sink, key, make_f8(per_spectrum<double>(results, get))); };
  spec_f8(keys::spec_u_surface, published_u);
  spec_f8(keys::spec_bs_over_bm, [](const S& s) { return s.bs_over_bm; });
  spec_f8(keys::spec_fit_chi2, [](const S& s) { return s.fit_chi2; });
  spec_f8(keys::spec_electron_temperature, [](const S& s) { return s.electron_temperature_ev; });
  spec_f8(keys::spec_electron_density, [](const S& s) { return s.electron_density_m3; });
  add(sink, keys::spec_environment_class,
      make_i1(per_spectrum<std::int8_t>(results, [](const S& s) { return s.rows.front().environment_class; })));
  spec_f8(keys::spec_u_surface_lower, published_u_lower);
  spec_f8(keys::spec_u_surface_upper, published_u_upper);
  spec_f8(keys::spec_u_spacecraft, [](const S& s) { return s.u_spacecraft_v; });
  spec_f8(keys::spec_u_spacecraft_lower, [](const S& s) { return s.u_spacecraft_lower_v; });
  spec_f8(keys::spec_u_spacecraft_upper, [](const S& s) { return s.u_spacecraft_upper_v; });
  add(sink, keys::spec_u_spacecraft_candidates,
      make_i1(per_spectrum<std::int8_t>(results, [](const S& s) { return s.u_spacecraft_candidates; })));
  spec_f8(keys::spec_kappa_value, [](const S& s) { return s.kappa; });
  spec_f8(keys::spec_beam_amp, [](const S& s) { return s.beam_amp; });
  add(sink, keys::spec_status,
      make_i1(per_spectrum<std::int8_t>(results, [](const S& s) { return status_code(s.status); })));
  add(sink, keys::spec_file_index,
      make_i4(per_spectrum<std::int32_t>(results, [](const S& s) { return s.file_index; })));
  spec_f8(keys::spec_projection_latitude, [](const S& s) { return footpoint_row(s).projection_lat_deg; });
  spec_f8(keys::spec_projection_longitude, [](const S& s) { return footpoint_row(s).projection_lon_deg; });
  add(sink, keys::spec_projection_in_sun,
      make_bool(per_spectrum<bool>(results, [](const S& s) { return footpoint_row(s).projection_in_sun; })));
  add(sink, keys::spec_spacecraft_in_sun,
      make_bool(per_spectrum<bool>(results, [](const S& s) { return footpoint_row(s).spacecraft_in_sun; })));
  spec_f8(keys::spec_solar_zenith_deg, [](const S& s) { return footpoint_row(s).solar_zenith_deg; });
  spec_f8(keys::spec_local_time_h, [](const S& s) { return footpoint_row(s).local_time_h; });
  spec_f8(keys::spec_field_normal_angle_deg, [](const S& s) { return footpoint_row(s).field_normal_angle_deg; });
  spec_f8(keys::spec_time_unix, [](const S& s) { return parse_utc_seconds(s.rows.front().utc); });
  if (settings.emit_u_width_qc) {
    spec_f8(keys::spec_u_width, [](const S& s) { return s.u_width_v; });
    add(sink, keys::spec_u_is_identifiable,
        make_bool(per_spectrum<bool>(results, [](const S& s) { return s.u_identifiable; })));
    add(sink, keys::u_width_lhs_delta_reduced, io::scalar_f8(0.001));
    add(sink, keys::u_width_lhs_identifiable_max_v, io::scalar_f8(settings.u_width_identifiable_max_v));
  }

  add(sink, keys::files, make_unicode(files, path_width));
  add(sink, keys::meta_version, io::scalar_unicode(program_version, string_width));
  add(sink, keys::meta_fit_method, io::scalar_unicode(pipeline::to_string(settings.fit_method), string_width));
  add(sink, keys::meta_u_spacecraft_override, io::scalar_f8(settings.u_spacecraft_override_v.value_or(nan)));
  std::string json = pipeline::settings_json(settings);
  add(sink, keys::meta_settings, io::scalar_unicode(json, static_cast<int>(json.size())));
  add(sink, keys::meta_input_paths, make_unicode(inputs.table_paths, path_width));
  add(sink, keys::meta_input_sha1, make_unicode(inputs.table_sha1, string_width));
  add(sink, keys::meta_kernel_names, make_unicode(inputs.kernel_names, string_width));
  add(sink, keys::meta_kernel_sha1, make_unicode(inputs.kernel_sha1, string_width));
}

io::NpzArchive build_payload(const std::vector<SpectrumResult>& results, const std::vector<std::string>& files,
                             const PipelineSettings& settings, const RunInputs& inputs) {
  ArchiveSink sink;
  emit_payload(results, files, settings, sink, inputs);
  return std::move(sink.archive);
}

bool write_payload(const std::filesystem::path& path, const std::vector<SpectrumResult>& results,
                   const std::vector<std::string>& files, const PipelineSettings& settings, const RunInputs& inputs,
                   io::ExistingOutput existing) {
  io::NpzWriteOptions options;
  options.existing = existing;
  io::NpzWriter writer(path, options);
  FileSink sink(writer);
  try {
    emit_payload(results, files, settings, sink, inputs);
  } catch (const std::exception&) {
    if (sink.cancelled()) return false;  // the writer's destructor removes the temp file
    throw;
  }
  return writer.commit(pipeline::cancellation_requested);
}

}  // namespace lpm::product
