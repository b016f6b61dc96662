#include "product/explain.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "base/portable_math.hpp"
#include "base/version.hpp"
#include "fit/plasma_fit.hpp"
#include "fit/profile_likelihood.hpp"
#include "io/er_table.hpp"
#include "io/npz.hpp"
#include "physics/kappa.hpp"
#include "physics/spacecraft_sheath.hpp"
#include "pipeline/mission.hpp"
#include "pipeline/spectrum_trace.hpp"
#include "pipeline/usc_continuity.hpp"
#include "product/cache_schema.hpp"
#include "product/footpoint_row.hpp"

namespace lpm::product {
namespace fs = std::filesystem;
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr int profile_grid_points = 405;  // over the whole U range
constexpr int profile_zoom_points = 120;  // across three widths of a closed interval

// ---- meta_settings ---------------------------------------------------------------------------

// The text after `"key":` up to the next ',' or '}' (outside quotes), trimmed; nullopt: absent.
std::optional<std::string> json_field(const std::string& json, std::string_view key) {
  const std::string quoted = fmt::format("\"{}\"", key);
  std::size_t at = json.find(quoted);
  if (at == std::string::npos) return std::nullopt;
  at = json.find(':', at + quoted.size());
  if (at == std::string::npos) return std::nullopt;
  std::size_t begin = json.find_first_not_of(" \t\n", at + 1), end = begin;
  if (begin == std::string::npos) return std::nullopt;
  if (json[begin] == '"') {
    end = json.find('"', begin + 1);
    if (end == std::string::npos) return std::nullopt;
    return json.substr(begin + 1, end - begin - 1);
  }
  end = json.find_first_of(",}", begin);
  std::string value = json.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\n')) value.pop_back();
  return value;
}

double json_number(const std::string& text, std::string_view key) {
  try {
    std::size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw ExplainInputError(fmt::format("meta_settings: {} = {} is not a number", key, text));
}

// ---- cache lookup ----------------------------------------------------------------------------

const io::NpyArray& required(const io::NpzArchive& cache, const Key& key, const std::string& name) {
  if (!cache.contains(key.name))
    throw ExplainInputError(
        fmt::format("{}: no `{}` in the cache (written by an older version or not by batch)", name, key.name));
  return cache.at(key.name);
}

bool same_bits(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

fs::path locate_table(const std::string& stored, const fs::path& data_dir) {
  if (fs::is_regular_file(stored)) return stored;
  const fs::path name = fs::path(stored).filename();
  std::error_code ec;
  if (fs::is_directory(data_dir, ec))
    for (auto it = fs::recursive_directory_iterator(data_dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_regular_file() && it->path().filename() == name) return it->path();
  throw ExplainInputError(
      fmt::format("input table {} (named in the cache's `files`) not found, nor under {}", stored, data_dir.string()));
}

// ---- status texts ----------------------------------------------------------------------------

const char* status_meaning(fit::FitStatus status) {
  using fit::FitStatus;
  switch (status) {
    case FitStatus::fitted: return "a loss-cone fit was made and accepted: U_surface is a measurement";
    case FitStatus::no_valid_bins: return "no finite, positive data bin was left for the loss-cone fit";
    case FitStatus::too_few_bins: return "fewer valid loss-cone bins than the fit needs";
    case FitStatus::rejected_by_chi2: return "the loss-cone fit was made but failed the χ² acceptance test";
    case FitStatus::u_sc_failed: return "the spacecraft potential could not be determined, so no loss-cone fit";
    case FitStatus::kappa_fit_failed:
      return "the κ fit of the ambient plasma was impossible (too few valid energy steps)";
    case FitStatus::geometry_invalid: return "SPICE / attitude geometry unavailable for some row";
    case FitStatus::not_connected: return "no row's field line reaches the Moon: there is no footpoint";
    case FitStatus::dropped_on_input: return "the spectrum was removed while reading the table";
    case FitStatus::u_sc_at_limit:
      return "U_sc sits at a limit of the day charging model (0 or 150 V): not a measurement";
    case FitStatus::unconstrained:
      return "the profile χ²(U) stays under the threshold at both ends: the data do not single out a U";
    case FitStatus::at_bound: return "the interval reaches an end of the U range: U is 'at least this far'";
  }
  return "unknown status";
}

std::string row_list(const std::vector<int>& rows) {
  std::string out;
  for (int r : rows) out += fmt::format("{}{}", out.empty() ? "" : ",", r);
  return out.empty() ? "none" : out;
}

// ---- the views -------------------------------------------------------------------------------

void joint_kappa_view(const pipeline::SpectrumTrace& t, KappaView& v) {
  const fit::PlasmaData data = fit::prepare_plasma_data(t.kappa_input);
  const fit::KappaFit& a = t.reported;
  v.statistic = "Poisson deviance";
  v.model_available = a.status == fit::FitStatus::fitted && std::isfinite(t.u_spacecraft_v);
  fit::UnitModel model{};
  if (v.model_available) {
    model = fit::unit_model(data, a.kappa, math::log10(a.theta_m_s), t.u_spacecraft_v, t.u_spacecraft_v);
    v.statistic_value = fit::poisson_deviance(data, model, a.density_m3);
  }
  for (int i = 0; i < data.steps; ++i) {
    const fit::PlasmaStep& s = data.step[i];
    v.energy_ev.push_back(s.energy_ev);
    v.data_flux.push_back(s.exposure > 0 ? s.counts / s.exposure : nan);
    v.model_flux.push_back(v.model_available && s.exposure > 0 ? a.density_m3 * model.counts_per_density[i] / s.exposure
                                                               : nan);
    v.used.push_back(v.model_available
                         ? model.used[i]
                         : s.exposure > 0 && physics::step_free_of_spacecraft_electrons(s.energy_ev, 0.0));
  }
}

void reference_kappa_view(const pipeline::SpectrumTrace& t, KappaView& v) {
  const fit::PreparedSpectrum s = fit::prepare_kappa_spectrum(t.kappa_input, {});
  const fit::KappaFit& k = t.kappa;
  v.statistic = "weighted log χ²";
  v.model_available = k.status == fit::FitStatus::fitted;
  const int m = s.model_steps;
  std::vector<double> model(m, nan);
  if (v.model_available) {
    for (int j = 0; j < m; ++j) model[j] = physics::omnidirectional_flux_cm2(k.params(), s.energy_ev[j]);
    v.statistic_value = fit::kappa_chi2(s, k.kappa, math::log10(k.theta_m_s));
  }
  for (int i = 0; i < m; ++i) {
    double seen = 0.0;
    for (int j = 0; j < m; ++j) seen += s.response[i * m + j] * model[j];
    v.energy_ev.push_back(s.energy_ev[i]);
    v.data_flux.push_back(s.flux_cm2[i]);
    v.model_flux.push_back(v.model_available ? seen : nan);
    v.used.push_back(s.fitted[i]);
  }
}

void losscone_view(const pipeline::SpectrumTrace& t, LossConeView& v) {
  v.ran = t.losscone_ran;
  for (auto& row : v.model) row.fill(nan);
  v.boundary_pitch_deg.fill(nan);
  v.beam_energy_factor.fill(nan);
  v.best_sum = v.threshold = v.profile_lower_v = v.profile_upper_v = nan;
  if (!v.ran) {
    v.data.energy_ev.fill(nan);
    for (auto& row : v.data.pitch_deg) row.fill(nan);
    for (auto& row : v.data.norm) row.fill(nan);
    v.data.u_spacecraft_v = nan;
    return;
  }
  v.method = t.losscone_settings.method;
  v.data = fit::prepare_losscone_data(t.losscone_input, v.method);
  v.n_valid = fit::count_bins(v.data.mask);
  const double u_sc = v.data.u_spacecraft_v;
  const fit::LossConeFit& f = t.losscone;
  const bool has_point = std::isfinite(f.u_surface_v) && std::isfinite(f.bs_over_bm) && std::isfinite(f.beam_amp);
  if (v.n_valid == 0) return;
  const fit::SearchProblem problem = fit::prepare_search(v.method, v.data);
  std::vector<double> grid;
  grid.reserve(profile_grid_points);
  for (int i = 0; i < profile_grid_points; ++i)
    grid.push_back(losscone_u_surface_min_v +
                   (losscone_u_surface_max_v - losscone_u_surface_min_v) * i / (profile_grid_points - 1));
  if (has_point) {
    const physics::LossConeParams p{f.u_surface_v, f.bs_over_bm, f.beam_amp};
    v.model = physics::losscone_model(v.data.energy_ev, v.data.pitch_deg, u_sc, p).value;
    for (int i = 0; i < er_rows_per_spectrum; ++i) {
      v.boundary_pitch_deg[i] = 180.0 - physics::cone_half_angle_deg(v.data.energy_ev[i], u_sc, p);
      v.beam_energy_factor[i] = physics::beam_energy_factor(v.data.energy_ev[i], u_sc, f.u_surface_v);
    }
    v.best_sum = fit::search_sum(problem, p.u_surface_v, p.bs_over_bm, p.beam_amp);
    v.threshold = fit::profile_threshold(v.best_sum, f.n_valid);
    const fit::ProfileInterval interval = fit::profile_interval(
        problem, {p.u_surface_v, p.bs_over_bm, p.beam_amp, v.best_sum}, t.losscone_settings.interval_resolution_v);
    v.profile_lower_v = interval.u_lower_v;
    v.profile_upper_v = interval.u_upper_v;
    // The fit and the interval ends with their neighbours up to two resolution steps away, so the curve
    // shows the minimum and both threshold crossings exactly.
    const double step = t.losscone_settings.interval_resolution_v;
    if (std::isfinite(interval.u_lower_v) && std::isfinite(interval.u_upper_v)) {
      const double half = std::max(1.5 * (interval.u_upper_v - interval.u_lower_v), 10.0);
      const double mid = 0.5 * (interval.u_lower_v + interval.u_upper_v);
      for (int i = 0; i <= profile_zoom_points; ++i) {
        const double u = mid - half + 2 * half * i / profile_zoom_points;
        if (u >= losscone_u_surface_min_v && u <= losscone_u_surface_max_v) grid.push_back(u);
      }
    }
    for (double u : {f.u_surface_v, interval.u_lower_v, interval.u_upper_v})
      for (double du : {-2 * step, -step, 0.0, step, 2 * step})
        if (std::isfinite(u) && u + du >= losscone_u_surface_min_v && u + du <= losscone_u_surface_max_v)
          grid.push_back(u + du);
  }
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  for (const fit::ProfilePoint& point : fit::profile_on_grid(problem, grid)) {
    v.profile_u_v.push_back(point.u_surface_v);
    v.profile_sum.push_back(point.sum);
  }
}

// ---- decisions -------------------------------------------------------------------------------

void describe_decisions(const io::ErSpectrum& spectrum, const pipeline::SpectrumTrace& t, Explanation& e) {
  auto& out = e.decisions;
  std::vector<int> unconnected, failed, plus, minus;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const auto& g = t.geometry[i];
    if (g.status != geometry::GeometryStatus::ok) failed.push_back(i + 1);
    (g.polarity > 0 ? plus : g.polarity < 0 ? minus : unconnected).push_back(i + 1);
  }
  out.push_back(
      fmt::format("geometry: {} of 15 rows connected (polarity +1: rows {}; −1: rows {}; unconnected: rows {})",
                  plus.size() + minus.size(), row_list(plus), row_list(minus), row_list(unconnected)));
  if (!failed.empty())
    out.push_back(fmt::format("geometry failed on rows {}: {}", row_list(failed), e.rerun.geometry_message));
  const auto known = std::find_if(t.geometry.begin(), t.geometry.end(),
                                  [](const geometry::RowGeometry& g) { return std::isfinite(g.sc_lat_deg); });
  out.push_back(known == t.geometry.end()
                    ? std::string("spacecraft position unknown on every row: no day/night, no U_sc")
                    : fmt::format("spacecraft {} (first row with a known position)",
                                  known->spacecraft_in_sun ? "sunlit" : "in shadow"));
  std::vector<int> empty_steps;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    bool any = false;
    for (double f : spectrum.rows[i].flux) any |= std::isfinite(f) && f > 0;
    if (!any) empty_steps.push_back(i + 1);
  }
  std::string masked;
  for (std::size_t i = 0; i < e.kappa.used.size(); ++i)
    if (!e.kappa.used[i]) masked += fmt::format("{}{:.4g}", masked.empty() ? "" : ", ", e.kappa.energy_ev[i]);
  out.push_back(fmt::format("{} fit: {} of {} energy steps used (left out, eV: {}); rows with no positive flux: {}; {}",
                            t.joint ? "joint plasma" : "κ (reference)",
                            std::count(e.kappa.used.begin(), e.kappa.used.end(), true), e.kappa.used.size(),
                            masked.empty() ? "none" : masked, row_list(empty_steps), fit::to_string(t.kappa.status)));
  if (t.joint)
    out.push_back(fmt::format("U_sc: {} self-consistent candidate(s), status {}{}", t.plasma.candidates.size(),
                              fit::to_string(t.plasma.u_sc_status), t.u_spacecraft_at_limit ? " (at a limit)" : ""));
  if (t.precondition) {
    out.push_back(fmt::format("stopped before the loss cone: {} ({})", fit::to_string(*t.precondition),
                              status_meaning(*t.precondition)));
    return;
  }
  std::vector<int> below, no_pitch, no_bins;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const auto& mask = e.losscone.data.mask[i];
    if (!physics::losscone_model_valid(e.losscone.data.energy_ev[i], e.losscone.data.u_spacecraft_v))
      below.push_back(i + 1);
    else if (!t.geometry[i].connected())
      no_pitch.push_back(i + 1);
    else if (std::none_of(mask.begin(), mask.end(), [](bool b) { return b; }))
      no_bins.push_back(i + 1);
  }
  out.push_back(
      fmt::format("loss cone ({}): {} bins in the mask; rows below U_sc: {}; rows without pitch "
                  "(unconnected): {}; rows with no valid bin: {}",
                  e.losscone.method == fit::LossConeMethod::lillis ? "lillis" : "halekas", e.losscone.n_valid,
                  row_list(below), row_list(no_pitch), row_list(no_bins)));
  out.push_back(
      fmt::format("loss-cone fit: {} ({})", fit::to_string(t.losscone.status), status_meaning(t.losscone.status)));
}

// ---- comparison ------------------------------------------------------------------------------

double published(const pipeline::SpectrumResult& r, double value) {
  return fit::has_surface_value(r.status) ? value : nan;
}

void compare(const io::NpzArchive& cache, std::size_t index, std::size_t row_index, Explanation& e) {
  const pipeline::SpectrumResult& r = e.rerun;
  const std::vector<std::pair<const Key*, double>> spectrum_values = {
      {&keys::spec_u_surface, published(r, r.u_surface_v)},
      {&keys::spec_u_surface_lower, published(r, r.u_surface_lower_v)},
      {&keys::spec_u_surface_upper, published(r, r.u_surface_upper_v)},
      {&keys::spec_bs_over_bm, r.bs_over_bm},
      {&keys::spec_beam_amp, r.beam_amp},
      {&keys::spec_fit_chi2, r.fit_chi2},
      {&keys::spec_electron_temperature, r.electron_temperature_ev},
      {&keys::spec_electron_density, r.electron_density_m3},
      {&keys::spec_kappa_value, r.kappa},
      {&keys::spec_u_spacecraft, r.u_spacecraft_v},
      {&keys::spec_u_spacecraft_lower, r.u_spacecraft_lower_v},
      {&keys::spec_u_spacecraft_upper, r.u_spacecraft_upper_v},
      {&keys::spec_u_spacecraft_candidates, static_cast<double>(r.u_spacecraft_candidates)},
      {&keys::spec_status, static_cast<double>(status_code(r.status))},
      {&keys::spec_environment_class, static_cast<double>(r.rows.front().environment_class)},
  };
  auto value_at = [](const io::NpyArray& a, std::size_t i) -> double {
    switch (a.dtype) {
      case io::DType::f8: return a.as_f8().at(i);
      case io::DType::i1: return a.as_i1().at(i);
      case io::DType::i4: return a.as_i4().at(i);
      case io::DType::i8: return static_cast<double>(a.as_i8().at(i));
      default: return nan;
    }
  };
  for (const auto& [key, rerun] : spectrum_values)
    if (cache.contains(key->name)) {
      const double cached = value_at(cache.at(key->name), index);
      e.compared.push_back({std::string(key->name), cached, rerun, same_bits(cached, rerun)});
    }
  const auto& row = r.rows[e.footpoint_row];
  for (const auto& [key, rerun] : {std::pair{&keys::rows_projection_latitude, row.projection_lat_deg},
                                   std::pair{&keys::rows_projection_longitude, row.projection_lon_deg}})
    if (cache.contains(key->name)) {
      const double cached = value_at(cache.at(key->name), row_index + e.footpoint_row);
      e.compared.push_back({std::string(key->name), cached, rerun, same_bits(cached, rerun)});
    }
  if (cache.contains(keys::spec_status.name))
    e.cached_status = static_cast<int>(cache.at(keys::spec_status.name).as_i1().at(index));
  e.reproduced = std::all_of(e.compared.begin(), e.compared.end(), [](const ComparedValue& c) { return c.same; });
}

// ---- JSON ------------------------------------------------------------------------------------

std::string json_number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", v);
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", c);
      continue;
    }
    out += c;
  }
  return out + "\"";
}

template <typename Range>
std::string json_numbers(const Range& values) {
  std::string out = "[";
  for (auto v : values) out += (out.size() > 1 ? ", " : "") + json_number_text(static_cast<double>(v));
  return out + "]";
}

template <typename Chunk>
std::string json_chunk(const Chunk& rows) {
  std::string out = "[";
  for (const auto& row : rows) out += (out.size() > 1 ? ",\n    " : "") + json_numbers(row);
  return out + "]";
}

}  // namespace

pipeline::PipelineSettings settings_from_json(const std::string& json) {
  pipeline::PipelineSettings s;
  if (auto v = json_field(json, "kappa_method")) {
    if (*v != "joint" && *v != "reference") throw ExplainInputError("meta_settings: unknown kappa_method " + *v);
    s.kappa_method = *v == "reference" ? pipeline::KappaMethod::reference : pipeline::KappaMethod::joint;
  }
  if (auto v = json_field(json, "losscone_fit_method")) {
    if (*v != "halekas" && *v != "lillis") throw ExplainInputError("meta_settings: unknown losscone_fit_method " + *v);
    s.fit_method = *v == "lillis" ? pipeline::FitMethod::lillis : pipeline::FitMethod::halekas;
  }
  if (auto v = json_field(json, "u_spacecraft_override_v"); v && *v != "null")
    s.u_spacecraft_override_v = json_number(*v, "u_spacecraft_override_v");
  if (auto v = json_field(json, "emit_u_width_qc")) s.emit_u_width_qc = *v == "true";
  if (auto v = json_field(json, "u_width_identifiable_max_v"))
    s.u_width_identifiable_max_v = json_number(*v, "u_width_identifiable_max_v");
  if (auto v = json_field(json, "moon_frame")) s.moon_frame = *v;
  return s;
}

// The rerun's U_sc as batch chose it: a spectrum the data leave ambiguous takes the candidate
// nearest its nearest decided neighbour of the same table (pipeline/usc_continuity.hpp). The
// neighbours' values are the cached ones (the choice never changes a decided spectrum).
void choose_like_batch(const io::NpzArchive& cache, std::size_t index, Explanation& e) {
  if (e.rerun.u_spacecraft_alternatives.empty()) return;
  const std::string& name = e.cache_name;
  const auto file_index = required(cache, keys::spec_file_index, name).as_i4();
  const auto u_sc = required(cache, keys::spec_u_spacecraft, name).as_f8();
  const auto candidates = required(cache, keys::spec_u_spacecraft_candidates, name).as_i1();
  const io::NpyArray& time = required(cache, keys::rows_time, name);  // read per spectrum: a few of 15 × n strings
  const auto latitude = required(cache, keys::rows_spacecraft_latitude, name).as_f8();
  const auto in_sun = required(cache, keys::rows_spacecraft_in_sun, name).as_bool();
  const std::size_t n = file_index.size();
  if (u_sc.size() != n || candidates.size() != n || time.size() != n * er_rows_per_spectrum ||
      latitude.size() != time.size() || in_sun.size() != time.size())
    throw ExplainInputError(fmt::format("{}: the U_sc and row keys differ in length from spec_spec_no", name));
  std::vector<pipeline::SpectrumResult> table;
  std::size_t at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (file_index[i] != file_index[index]) continue;
    if (i == index) {
      at = table.size();
      table.push_back(e.rerun);
      continue;
    }
    pipeline::SpectrumResult r;
    r.rows[0].time = time.string_at(i * er_rows_per_spectrum);  // a spectrum's time is its first row's
    for (std::size_t k = 0; k < er_rows_per_spectrum; ++k) {
      r.rows[k].spacecraft_lat_deg = latitude[i * er_rows_per_spectrum + k];
      r.rows[k].spacecraft_in_sun = in_sun[i * er_rows_per_spectrum + k];
    }
    r.u_spacecraft_v = u_sc[i];
    r.u_spacecraft_candidates = candidates[i];
    table.push_back(std::move(r));
  }
  const double own = e.rerun.u_spacecraft_v;
  pipeline::choose_by_neighbours(table);
  e.rerun = std::move(table[at]);
  e.decisions.push_back(fmt::format(
      "U_sc: {} candidates the spectrum cannot choose among; reported {:.2f} V, the one nearest the U_sc of the "
      "nearest spectrum of the table with one answer (same illumination, within {:.0f} s), else the fit's own "
      "preference ({:.2f} V)",
      e.rerun.u_spacecraft_alternatives.size(), e.rerun.u_spacecraft_v, pipeline::usc_neighbour_max_gap_s, own));
}

Explanation explain_spectrum(const ExplainRequest& request) {
  Explanation e;
  e.cache_name = request.cache.string();
  e.spec_no = request.spec_no;
  e.program_version = program_version;
  io::NpzArchive cache;
  try {
    cache = io::read_npz(request.cache);
  } catch (const std::exception& ex) {
    throw ExplainInputError(ex.what());
  }
  const std::string& name = e.cache_name;
  const auto spec_no = required(cache, keys::spec_spec_no, name).as_i8();
  const auto file_index = required(cache, keys::spec_file_index, name).as_i4();
  const auto files = required(cache, keys::files, name).as_strings();
  e.settings_json = required(cache, keys::meta_settings, name).string_at(0);
  e.settings = settings_from_json(e.settings_json);
  e.cached_version = json_field(e.settings_json, "version").value_or("unknown");

  const auto found = std::find(spec_no.begin(), spec_no.end(), request.spec_no);
  if (found == spec_no.end())
    throw ExplainInputError(fmt::format(
        "{}: no spectrum with spec_no {} (the cache holds {} spectra, spec_no {} .. {})", name, request.spec_no,
        spec_no.size(), spec_no.empty() ? 0 : spec_no.front(), spec_no.empty() ? 0 : spec_no.back()));
  const auto index = static_cast<std::size_t>(found - spec_no.begin());
  if (file_index.size() != spec_no.size())
    throw ExplainInputError(fmt::format("{}: spec_file_index and spec_spec_no differ in length", name));
  const std::int32_t f = file_index[index];
  if (f < 0 || static_cast<std::size_t>(f) >= files.size())
    throw ExplainInputError(
        fmt::format("{}: spec_file_index {} of spec_no {} is outside `files`", name, f, request.spec_no));

  // Global spec_no = table spec_no + the file's offset: the largest spec_no of the earlier files + 1.
  std::int64_t offset = 0;
  for (std::size_t i = 0; i < spec_no.size(); ++i)
    if (file_index[i] < f) offset = std::max(offset, spec_no[i] + 1);
  e.file_spec_no = request.spec_no - offset;
  const fs::path table = locate_table(files[f], request.data_dir);
  e.input_file = table.string();
  const io::ErFile er = io::read_er_table(table);
  const auto spectrum = std::find_if(er.spectra.begin(), er.spectra.end(),
                                     [&](const io::ErSpectrum& s) { return s.spec_no == e.file_spec_no; });
  if (spectrum == er.spectra.end())
    throw ExplainInputError(fmt::format("{}: no spectrum with spec_no {} (cache spec_no {}) in the table any more",
                                        table.string(), e.file_spec_no, request.spec_no));
  for (const auto& row : spectrum->rows) e.lines.push_back(row.line);

  const pipeline::Mission mission = pipeline::load_mission(request.data_dir);
  pipeline::SpectrumTrace trace;
  e.rerun = pipeline::trace_spectrum(*spectrum, mission, e.settings, trace);
  e.rerun.spec_no = request.spec_no;
  e.rerun.file_index = f;

  e.status_name = fit::to_string(e.rerun.status);
  e.status_meaning = status_meaning(e.rerun.status);
  e.footpoint_row = static_cast<std::size_t>(&footpoint_row(e.rerun) - e.rerun.rows.data());
  e.polarity = static_cast<int>(e.rerun.rows[e.footpoint_row].polarity);
  e.spacecraft_in_sun = e.rerun.rows[e.footpoint_row].spacecraft_in_sun;
  e.solar_zenith_deg = e.rerun.rows[e.footpoint_row].solar_zenith_deg;
  if (trace.joint)
    joint_kappa_view(trace, e.kappa);
  else
    reference_kappa_view(trace, e.kappa);
  losscone_view(trace, e.losscone);
  describe_decisions(*spectrum, trace, e);
  choose_like_batch(cache, index, e);
  compare(cache, index, index * er_rows_per_spectrum, e);
  if (e.cached_version != e.program_version)
    e.decisions.push_back(
        fmt::format("the cache was written by version {}, this is {}", e.cached_version, e.program_version));
  return e;
}

std::vector<std::string> explanation_lines(const Explanation& e) {
  const pipeline::SpectrumResult& r = e.rerun;
  const auto& row = r.rows[e.footpoint_row];
  std::vector<std::string> out;
  out.push_back(fmt::format("spectrum {} of {}", e.spec_no, e.cache_name));
  out.push_back(fmt::format("input: {} spec_no {}, lines {}-{}", e.input_file, e.file_spec_no,
                            e.lines.empty() ? 0 : e.lines.front(), e.lines.empty() ? 0 : e.lines.back()));
  out.push_back(fmt::format("status: {} — {}", e.status_name, e.status_meaning));
  if (e.reproduced) {
    out.push_back("rerun: reproduces every cached number bit for bit");
  } else {
    out.push_back("rerun: DIFFERS from the cache (other version, settings or inputs); cached vs rerun:");
    for (const auto& c : e.compared)
      if (!c.same) out.push_back(fmt::format("  {}: {} vs {}", c.name, c.cached, c.rerun));
  }
  out.push_back(fmt::format("U_surface = {:.2f} V  [{:.2f}, {:.2f}]  Bs/Bm = {:.4g}  beam = {:.4g}", r.u_surface_v,
                            r.u_surface_lower_v, r.u_surface_upper_v, r.bs_over_bm, r.beam_amp));
  out.push_back(fmt::format("loss-cone χ² = {:.5g} with {} bins, dof = {}", r.fit_chi2, e.losscone.n_valid,
                            std::max(e.losscone.n_valid - 3, 0)));
  out.push_back(fmt::format("U_sc = {:.2f} V  [{:.2f}, {:.2f}]  candidates {}", r.u_spacecraft_v,
                            r.u_spacecraft_lower_v, r.u_spacecraft_upper_v, r.u_spacecraft_candidates));
  out.push_back(fmt::format("n = {:.4g} m^-3  T = {:.4g} eV  κ = {:.4g}  ({} {:.5g})", r.electron_density_m3,
                            r.electron_temperature_ev, r.kappa, e.kappa.statistic, e.kappa.statistic_value));
  out.push_back(fmt::format("footpoint (row {}): lat {:.3f}°, lon {:.3f}°, polarity {}, {}, class {}",
                            e.footpoint_row + 1, row.projection_lat_deg, row.projection_lon_deg, e.polarity,
                            row.projection_in_sun ? "sunlit" : "dark",
                            pipeline::to_string(static_cast<pipeline::EnvironmentClass>(row.environment_class))));
  out.push_back(
      fmt::format("solar zenith angle at the footpoint {:.2f}°, lunar local time {:.2f} h, field to normal {:.1f}°",
                  row.solar_zenith_deg, row.local_time_h, row.field_normal_angle_deg));
  out.push_back(fmt::format("settings: kappa {}, loss cone {}, frame {}", pipeline::to_string(e.settings.kappa_method),
                            pipeline::to_string(e.settings.fit_method), e.settings.moon_frame));
  for (const auto& d : e.decisions) out.push_back(d);
  return out;
}

std::string explanation_json(const Explanation& e) {
  const pipeline::SpectrumResult& r = e.rerun;
  const auto& row = r.rows[e.footpoint_row];
  const LossConeView& lc = e.losscone;
  std::string out = "{\n";
  auto field = [&](std::string_view key, const std::string& value) {
    out += fmt::format("  {}: {},\n", json_string(key), value);
  };
  auto number = [&](std::string_view key, double v) { field(key, json_number_text(v)); };
  field("cache", json_string(e.cache_name));
  field("spec_no", fmt::format("{}", e.spec_no));
  field("input_file", json_string(e.input_file));
  field("file_spec_no", fmt::format("{}", e.file_spec_no));
  field("lines", json_numbers(e.lines));
  field("cached_version", json_string(e.cached_version));
  field("program_version", json_string(e.program_version));
  field("settings", e.settings_json);
  field("status", fmt::format("{}", static_cast<int>(status_code(r.status))));
  field("status_name", json_string(e.status_name));
  field("status_meaning", json_string(e.status_meaning));
  field("cached_status", fmt::format("{}", e.cached_status));
  field("reproduced", e.reproduced ? "true" : "false");
  std::string compared = "{";
  for (const auto& c : e.compared)
    compared += fmt::format("{}\n    {}: {{\"cached\": {}, \"rerun\": {}, \"same\": {}}}",
                            compared.size() > 1 ? "," : "", json_string(c.name), json_number_text(c.cached),
                            json_number_text(c.rerun), c.same ? "true" : "false");
  field("compared", compared + "}");
  number("u_surface_v", published(r, r.u_surface_v));
  number("u_surface_lower_v", published(r, r.u_surface_lower_v));
  number("u_surface_upper_v", published(r, r.u_surface_upper_v));
  number("bs_over_bm", r.bs_over_bm);
  number("beam_amp", r.beam_amp);
  number("fit_chi2", r.fit_chi2);
  field("n_valid", fmt::format("{}", lc.n_valid));
  field("dof", fmt::format("{}", std::max(lc.n_valid - 3, 0)));
  number("u_spacecraft_v", r.u_spacecraft_v);
  number("u_spacecraft_lower_v", r.u_spacecraft_lower_v);
  number("u_spacecraft_upper_v", r.u_spacecraft_upper_v);
  field("u_spacecraft_candidates", fmt::format("{}", r.u_spacecraft_candidates));
  number("electron_density_m3", r.electron_density_m3);
  number("electron_temperature_ev", r.electron_temperature_ev);
  number("kappa", r.kappa);
  field("footpoint_row", fmt::format("{}", e.footpoint_row));
  number("footpoint_latitude_deg", row.projection_lat_deg);
  number("footpoint_longitude_deg", row.projection_lon_deg);
  field("polarity", fmt::format("{}", e.polarity));
  field("footpoint_in_sun", row.projection_in_sun ? "true" : "false");
  field("spacecraft_in_sun", e.spacecraft_in_sun ? "true" : "false");
  number("solar_zenith_deg", e.solar_zenith_deg);
  field("environment_class", fmt::format("{}", static_cast<int>(row.environment_class)));
  field("geometry_message", json_string(r.geometry_message));
  std::string decisions = "[";
  for (const auto& d : e.decisions) decisions += (decisions.size() > 1 ? ",\n    " : "") + json_string(d);
  field("decisions", decisions + "]");
  field("kappa_fit", fmt::format("{{\"statistic\": {}, \"value\": {}, \"energy_ev\": {}, \"data_flux\": {}, "
                                 "\"model_flux\": {}, \"used\": {}}}",
                                 json_string(e.kappa.statistic), json_number_text(e.kappa.statistic_value),
                                 json_numbers(e.kappa.energy_ev), json_numbers(e.kappa.data_flux),
                                 json_numbers(e.kappa.model_flux), json_numbers(e.kappa.used)));
  out += "  \"losscone\": {\n";
  out += fmt::format("    \"ran\": {},\n", lc.ran ? "true" : "false");
  out += fmt::format("    \"method\": {},\n",
                     json_string(lc.method == fit::LossConeMethod::lillis ? "lillis" : "halekas"));
  out += fmt::format("    \"u_spacecraft_v\": {},\n", json_number_text(lc.ran ? lc.data.u_spacecraft_v : nan));
  out += fmt::format("    \"best_sum\": {},\n    \"threshold\": {},\n", json_number_text(lc.best_sum),
                     json_number_text(lc.threshold));
  out += fmt::format("    \"profile_lower_v\": {},\n    \"profile_upper_v\": {},\n",
                     json_number_text(lc.profile_lower_v), json_number_text(lc.profile_upper_v));
  out += fmt::format("    \"profile_u_v\": {},\n    \"profile_sum\": {},\n", json_numbers(lc.profile_u_v),
                     json_numbers(lc.profile_sum));
  out += fmt::format("    \"boundary_pitch_deg\": {},\n", json_numbers(lc.boundary_pitch_deg));
  out += fmt::format("    \"beam_energy_factor\": {},\n", json_numbers(lc.beam_energy_factor));
  out += fmt::format("    \"energy_ev\": {},\n", json_numbers(lc.data.energy_ev));
  out += fmt::format("    \"pitch_deg\": {},\n", json_chunk(lc.data.pitch_deg));
  out += fmt::format("    \"norm\": {},\n", json_chunk(lc.data.norm));
  out += fmt::format("    \"model\": {},\n", json_chunk(lc.model));
  out += fmt::format("    \"mask\": {}\n", json_chunk(lc.data.mask));
  out += "  }\n}\n";
  return out;
}

}  // namespace lpm::product
