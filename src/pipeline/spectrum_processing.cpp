// One spectrum through every stage: geometry → κ fit → U_sc → loss cone → environment.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "base/er_counts.hpp"
#include "fit/kappa_fitter.hpp"
#include "fit/losscone_fitter.hpp"
#include "fit/plasma_fit.hpp"
#include "fit/spacecraft_potential.hpp"
#include "geometry/compute_geometry.hpp"
#include "geometry/pitch_angles.hpp"
#include "pipeline/candidate_settling.hpp"
#include "pipeline/environment.hpp"
#include "pipeline/file_processing.hpp"
#include "pipeline/spectrum_trace.hpp"
#include "pipeline/surface_status.hpp"

namespace lpm::pipeline {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool spacecraft_known(const geometry::RowGeometry& g) { return std::isfinite(g.sc_lat_deg); }

// Every row's pitch angles about its Moonward field polarity·B̂ (all NaN on a row without a
// connected field line): the loss cone's, and the joint κ fit's on connected rows. Computed once
// per spectrum, since both fits use the same angles.
using RowAngles = std::array<geometry::ChannelAngles, er_rows_per_spectrum>;
RowAngles moonward_pitch_angles(const io::ErSpectrum& spectrum, const geometry::CellElevations& elevations,
                                const std::vector<geometry::RowGeometry>& geometry) {
  RowAngles pitch;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const auto& row = spectrum.rows[i];
    const spice::Vec3 b{row.b_scd_nt[0], row.b_scd_nt[1], row.b_scd_nt[2]};
    pitch[i] = geometry::losscone_pitch_angles(b, row.phi_deg, elevations, geometry[i].polarity);
  }
  return pitch;
}

// Pitch angles for the κ fit, whose "incident" hemisphere is α < 90°. The reference takes
// b̂ = −B̂ on every row (P§1.6); with `downgoing` (the joint method) a connected row uses its
// Moonward field polarity·B̂ instead (`moonward`), so the hemisphere is the one falling onto the
// Moon, free of the loss cone and of the upgoing secondary beam (with −B̂ it is the reflected
// hemisphere on every row of polarity +1).
fit::KappaInput kappa_input(const io::ErSpectrum& spectrum, const io::InstrumentTables& instrument,
                            const geometry::CellElevations& elevations,
                            const std::vector<geometry::RowGeometry>& geometry, bool downgoing,
                            const RowAngles& moonward) {
  fit::KappaInput in;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const auto& row = spectrum.rows[i];
    in.energy_ev[i] = row.energy_ev;
    in.flux[i] = row.flux;
    const spice::Vec3 b{row.b_scd_nt[0], row.b_scd_nt[1], row.b_scd_nt[2]};
    in.pitch_deg[i] =
        downgoing && geometry[i].connected() ? moonward[i] : geometry::kappa_pitch_angles(b, row.phi_deg, elevations);
  }
  in.solid_angle_sr = instrument.solid_angle_sr;
  in.channels_in_ring = instrument.bins_in_ring;
  return in;
}

fit::LossConeInput losscone_input(const io::ErSpectrum& spectrum, const io::InstrumentTables& instrument,
                                  const RowAngles& moonward, double u_sc) {
  fit::LossConeInput in;
  in.counts.emplace();
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const auto& row = spectrum.rows[i];
    in.energy_ev[i] = row.energy_ev;
    in.flux[i] = row.flux;
    for (int j = 0; j < er_channels; ++j) {
      in.counts->observed[i][j] = er_cell_count(row.flux[j], row.energy_ev, instrument.bins_in_ring[j]);
      in.counts->per_unit_flux[i][j] = er_cell_exposure(row.energy_ev, instrument.bins_in_ring[j]);
    }
    in.pitch_deg[i] = moonward[i];
  }
  in.u_spacecraft_v = u_sc;
  return in;
}

// n, κ, T and U_sc of one spectrum by the chosen method; `kappa` is the fit that decides whether
// the spectrum has a plasma fit at all, `reported` the ambient values written out.
struct PlasmaResult {
  fit::KappaFit kappa, reported;
  double u_sc_v = nan, u_sc_lower_v = nan, u_sc_upper_v = nan;
  bool u_sc_at_limit = false;
  fit::PlasmaFit joint;  // joint method only: every self-consistent candidate
  int candidates = 0;    // candidates still consistent with the data (0: reference method)
};

void take_joint(PlasmaResult& r) {
  r.reported = r.joint.ambient;
  r.u_sc_v = r.joint.u_sc_v;
  r.u_sc_lower_v = r.joint.u_sc_lower_v;
  r.u_sc_upper_v = r.joint.u_sc_upper_v;
  r.u_sc_at_limit =
      r.joint.u_sc_status == fit::UscStatus::saturated_low || r.joint.u_sc_status == fit::UscStatus::saturated_high;
}

PlasmaResult fit_plasma_and_spacecraft(const fit::KappaInput& kin, const geometry::RowGeometry* first_known,
                                       const PipelineSettings& settings) {
  PlasmaResult r;
  if (settings.kappa_method == KappaMethod::joint && !settings.u_spacecraft_override_v) {
    // Day/night from the first row whose position is known; unknown: no U_sc.
    r.joint = fit::fit_plasma(kin, first_known && first_known->spacecraft_in_sun);
    r.kappa = r.reported = r.joint.ambient;
    if (r.kappa.status == fit::FitStatus::u_sc_failed) r.kappa.status = fit::FitStatus::fitted;  // plasma is known
    if (!first_known) {  // no sunlit/shaded: no U_sc, so the ambient n, T are unknown too
      r.reported.status = fit::FitStatus::u_sc_failed;
      return r;
    }
    take_joint(r);
    r.candidates = static_cast<int>(r.joint.candidates.size());
    return r;
  }
  // The reference's procedure (P§2–3): moment density, fit, U_sc, de-biased refit.
  r.kappa = r.reported = fit::fit_kappa(kin);
  if (settings.u_spacecraft_override_v) {
    r.u_sc_v = *settings.u_spacecraft_override_v;
  } else if (r.kappa.status == fit::FitStatus::fitted && first_known) {
    auto usc = fit::spacecraft_potential(kin, r.kappa, first_known->spacecraft_in_sun);
    r.u_sc_v = usc.u_sc_v;
    if (usc.corrected.status == fit::FitStatus::fitted) r.reported = usc.corrected;
  }
  return r;
}

// The loss cone of each U_sc candidate (several ambient plasmas the spectrum cannot tell apart):
// the candidates whose fit is as good, per bin, as the best one within the profile threshold are
// the ones still consistent with the data, and the intervals span them; the best one is
// reported. (Even inside the threshold the lowest χ² per bin points at the truth far more often
// than any prior: on the 1998 recovery week at 2 000 spectra a day, reporting the highest
// consistent candidate instead left 100 night sheath spectra 100 V off.) The candidates are
// compared by their minimum χ²; only the consistent ones pay for their interval
// (finish_losscone_fit). Every candidate's box search runs first, and the profile interval and
// certificate only where the box search's bound leaves the candidate in the running
// (pipeline/candidate_settling.hpp: 104 of the 107 candidates found inconsistent on a June 1998
// sample were settled by their bound). Returns the fit to report.
fit::LossConeFit choose_candidate_by_loss_cone(PlasmaResult& plasma, fit::LossConeInput& base,
                                               const fit::LossConeSettings& settings) {
  struct Tried {
    std::size_t candidate;  // index into plasma.joint.candidates
    fit::LossConeInput input;
    fit::LossConeMinimum minimum;
    double per_bin;
  };
  auto per_bin_of = [&](const fit::LossConeMinimum& m) {
    const double dof = fit::losscone_degrees_of_freedom(m.fit.n_valid);
    return settings.method == fit::LossConeMethod::halekas ? m.fit.chi2_minimum / dof : m.fit.chi2_minimum;
  };
  std::vector<Tried> searched;
  const std::vector<fit::PlasmaCandidate>& candidates = plasma.joint.candidates;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const fit::PlasmaCandidate& c = candidates[k];
    if (c.status != fit::UscStatus::ok) continue;
    fit::LossConeInput in = base;
    in.u_spacecraft_v = c.u_sc_v;
    in.u_spacecraft_lower_v = c.u_sc_lower_v;
    in.u_spacecraft_upper_v = c.u_sc_upper_v;
    fit::LossConeMinimum m = fit::search_losscone_minimum(in, settings);
    if (m.stage != fit::LossConeMinimum::Stage::searched)
      continue;  // a status without a surface value (no or too few bins)
    searched.push_back({k, std::move(in), std::move(m), 0.0});
  }
  std::vector<CandidateBounds> bounds;
  for (const Tried& t : searched) {
    const int dof = fit::losscone_degrees_of_freedom(t.minimum.fit.n_valid);
    bounds.push_back({t.minimum.found.best.sum / dof, fit::lower_bound_per_bin(t.minimum), t.minimum.fit.n_valid});
  }
  const std::vector<std::size_t> completed = complete_needed_candidates(bounds, [&](std::size_t q) {
    Tried& t = searched[q];
    fit::complete_losscone_minimum(settings, t.minimum);
    t.per_bin = fit::has_surface_value(t.minimum.fit.status) ? per_bin_of(t.minimum) : nan;
    return t.per_bin;
  });
  std::vector<Tried> tried;
  for (const std::size_t q : completed) tried.push_back(std::move(searched[q]));
  if (tried.empty()) return fit::fit_losscone(base, settings);
  const Tried* best = &tried.front();
  for (const Tried& t : tried)
    if (t.per_bin < best->per_bin) best = &t;
  const double limit = fit::profile_threshold(best->per_bin, best->minimum.fit.n_valid);  // Δ per bin of one σ
  const fit::PlasmaCandidate& c = candidates[best->candidate];
  fit::LossConeFit reported = fit::finish_losscone_fit(best->input, settings, best->minimum);
  // The reported fit's input: base with the chosen candidate's U_sc (what a trace shows).
  base.u_spacecraft_v = c.u_sc_v;
  base.u_spacecraft_lower_v = c.u_sc_lower_v;
  base.u_spacecraft_upper_v = c.u_sc_upper_v;
  fit::select_candidate(plasma.joint, c);
  int consistent = 0;
  for (const Tried& t : tried) {
    if (t.per_bin > limit) continue;
    ++consistent;
    plasma.joint.u_sc_lower_v = std::min(plasma.joint.u_sc_lower_v, candidates[t.candidate].u_sc_lower_v);
    plasma.joint.u_sc_upper_v = std::max(plasma.joint.u_sc_upper_v, candidates[t.candidate].u_sc_upper_v);
    const fit::LossConeFit f = &t == best ? reported : fit::finish_losscone_fit(t.input, settings, t.minimum);
    reported.u_lower_v = std::min(reported.u_lower_v, f.u_lower_v);
    reported.u_upper_v = std::max(reported.u_upper_v, f.u_upper_v);
  }
  reported.identifiable = reported.u_upper_v - reported.u_lower_v <= settings.u_width_identifiable_max_v;
  take_joint(plasma);
  plasma.candidates = consistent;
  return reported;
}

SpectrumResult run_spectrum(const io::ErSpectrum& spectrum, const Mission& mission, const PipelineSettings& settings,
                            SpectrumTrace* trace) {
  SpectrumResult result;
  result.spec_no = spectrum.spec_no;

  // Geometry of the 15 rows (D§5.2).
  geometry::GeometryOptions geometry_options;
  geometry_options.moon_frame = settings.moon_frame;
  geometry::GeometryMessages geometry_messages;
  auto geometry = geometry::compute_geometry(spectrum.rows, mission.kernels, mission.attitude, geometry_options,
                                             &geometry_messages);
  bool any_connected = false, any_geometry_failed = false;
  const geometry::RowGeometry* first_known = nullptr;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const auto& g = geometry[i];
    auto& row = result.rows[i];
    row.utc = spectrum.rows[i].utc;
    row.time = spectrum.rows[i].time;
    row.spacecraft_lat_deg = g.sc_lat_deg;
    row.spacecraft_lon_deg = g.sc_lon_deg;
    row.projection_lat_deg = g.fp_lat_deg;
    row.projection_lon_deg = g.fp_lon_deg;
    row.spacecraft_in_sun = g.spacecraft_in_sun;
    row.projection_in_sun = g.projection_in_sun;
    row.solar_zenith_deg = g.solar_zenith_deg;
    row.local_time_h = g.local_time_h;
    row.field_normal_angle_deg = g.field_normal_angle_deg;
    row.polarity = g.polarity;
    row.geometry_status = static_cast<std::int8_t>(g.status);
    if (result.geometry_message.empty() && g.status != geometry::GeometryStatus::ok)
      result.geometry_message = geometry_messages.first[static_cast<int>(g.status)];
    any_connected |= g.connected();
    any_geometry_failed |= g.status != geometry::GeometryStatus::ok;
    if (!first_known && spacecraft_known(g)) first_known = &g;
  }

  // n, T, κ and U_sc (P§2–3 or the joint fit, docs/method.md §1); always run, so Te, ne, κ
  // exist on every path.
  const geometry::CellElevations elevations = geometry::cell_elevations(mission.instrument.theta_deg);
  const RowAngles moonward = moonward_pitch_angles(spectrum, elevations, geometry);
  auto kin = kappa_input(spectrum, mission.instrument, elevations, geometry,
                         settings.kappa_method == KappaMethod::joint, moonward);
  PlasmaResult plasma = fit_plasma_and_spacecraft(kin, first_known, settings);
  if (trace) {
    trace->geometry = geometry;
    trace->kappa_input = kin;
    trace->joint = settings.kappa_method == KappaMethod::joint && !settings.u_spacecraft_override_v;
  }

  // Surface potential from the loss cone (P§4), only where it can mean something.
  result.u_surface_v = result.u_surface_lower_v = result.u_surface_upper_v = nan;
  result.bs_over_bm = result.beam_amp = result.fit_chi2 = result.u_width_v = nan;
  std::optional<fit::LossConeFit> losscone;
  const auto precondition = surface_precondition_status(
      {any_connected, any_geometry_failed,
       settings.u_spacecraft_override_v.has_value() || plasma.kappa.status == fit::FitStatus::fitted, plasma.u_sc_v,
       plasma.u_sc_at_limit});
  if (precondition) {
    result.status = *precondition;
  } else {
    fit::LossConeSettings losscone_settings;
    losscone_settings.method =
        settings.fit_method == FitMethod::lillis ? fit::LossConeMethod::lillis : fit::LossConeMethod::halekas;
    losscone_settings.u_width_identifiable_max_v = settings.u_width_identifiable_max_v;
    fit::LossConeInput lc_input = losscone_input(spectrum, mission.instrument, moonward, plasma.u_sc_v);
    lc_input.u_spacecraft_lower_v = plasma.u_sc_lower_v;
    lc_input.u_spacecraft_upper_v = plasma.u_sc_upper_v;
    lc_input.mask_spacecraft_electrons = settings.kappa_method == KappaMethod::joint;
    losscone = plasma.candidates > 1 ? choose_candidate_by_loss_cone(plasma, lc_input, losscone_settings)
                                     : fit::fit_losscone(lc_input, losscone_settings);
    // An interval left unbounded by the U_sc uncertainty or by a candidate's open interval says
    // what the loss cone's own statuses say (fit/fit_status.hpp): one side, at_bound; both, unconstrained.
    if (losscone->status == fit::FitStatus::fitted &&
        (std::isinf(losscone->u_lower_v) || std::isinf(losscone->u_upper_v)))
      losscone->status = std::isinf(losscone->u_lower_v) && std::isinf(losscone->u_upper_v)
                             ? fit::FitStatus::unconstrained
                             : fit::FitStatus::at_bound;
    result.status = losscone->status;
    if (trace) {
      trace->losscone_ran = true;
      trace->losscone_settings = losscone_settings;
      trace->losscone_input = lc_input;
      trace->losscone = *losscone;
    }
    result.fit_chi2 = losscone->chi2;
    if (fit::has_surface_value(losscone->status)) {
      result.u_surface_v = losscone->u_surface_v;
      result.u_surface_lower_v = losscone->u_lower_v;
      result.u_surface_upper_v = losscone->u_upper_v;
      result.bs_over_bm = losscone->bs_over_bm;
      result.beam_amp = losscone->beam_amp;
      result.u_width_v = losscone->u_upper_v - losscone->u_lower_v;
      result.u_identifiable = losscone->identifiable;
    }
  }

  const fit::KappaFit& reported = plasma.reported;
  result.u_spacecraft_v = plasma.u_sc_v;
  result.u_spacecraft_lower_v = plasma.u_sc_lower_v;
  result.u_spacecraft_upper_v = plasma.u_sc_upper_v;
  result.u_spacecraft_candidates = static_cast<std::int8_t>(std::min(plasma.candidates, 127));
  // Several interior candidates and no loss cone to choose: the neighbours may (usc_continuity.hpp).
  if (plasma.candidates > 1 && !losscone && plasma.reported.status == fit::FitStatus::fitted) {
    for (const fit::PlasmaCandidate& c : plasma.joint.candidates)
      if (c.status == fit::UscStatus::ok) {
        const fit::KappaFit a = fit::candidate_ambient(c);
        result.u_spacecraft_alternatives.push_back({c.u_sc_v, a.temperature_ev, a.density_m3, a.kappa});
      }
    if (result.u_spacecraft_alternatives.size() < 2) result.u_spacecraft_alternatives.clear();
  }
  result.electron_temperature_ev = reported.status == fit::FitStatus::fitted ? reported.temperature_ev : nan;
  result.electron_density_m3 = reported.status == fit::FitStatus::fitted ? reported.density_m3 : nan;
  result.kappa = reported.status == fit::FitStatus::fitted ? reported.kappa : nan;
  for (auto& row : result.rows)
    row.environment_class =
        static_cast<std::int8_t>(classify_environment(result.electron_temperature_ev, row.projection_in_sun));
  if (trace) {
    trace->kappa = plasma.kappa;
    trace->reported = plasma.reported;
    trace->plasma = plasma.joint;
    trace->u_spacecraft_v = plasma.u_sc_v;
    trace->u_spacecraft_at_limit = plasma.u_sc_at_limit;
    trace->precondition = precondition;
  }
  return result;
}

}  // namespace

SpectrumResult process_spectrum(const io::ErSpectrum& spectrum, const Mission& mission,
                                const PipelineSettings& settings) {
  return run_spectrum(spectrum, mission, settings, nullptr);
}

SpectrumResult trace_spectrum(const io::ErSpectrum& spectrum, const Mission& mission, const PipelineSettings& settings,
                              SpectrumTrace& trace) {
  trace = SpectrumTrace{};
  return run_spectrum(spectrum, mission, settings, &trace);
}

}  // namespace lpm::pipeline
