#include "simulate/day_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <span>

#include "base/angles.hpp"
#include "base/calendar.hpp"
#include "base/constants.hpp"
#include "base/er_counts.hpp"
#include "base/portable_math.hpp"
#include "base/portable_trig.hpp"
#include "geometry/pitch_angles.hpp"
#include "geometry/scd_frame.hpp"
#include "io/instrument_tables.hpp"
#include "physics/losscone_model.hpp"
#include "simulate/analytic_ephemeris.hpp"
#include "simulate/instrument_layout.hpp"
#include "simulate/plasma_environment.hpp"
#include "simulate/random_draws.hpp"
#include "simulate/rounding.hpp"
#include "simulate/surface_truth.hpp"

namespace lpm::simulate {
namespace {

using spice::Vec3;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double nominal_spin_rpm = 11.95;
constexpr double first_spectrum_second = 24.0;  // 3D980116 starts at 00:00:24

// SplitMix64 (Steele, Lea & Flood 2014): decorrelates the per-day seeds.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Vec3 random_unit_vector(std::mt19937_64& rng) {
  double z = uniform(rng, -1, 1), phi = uniform(rng, 0, 2 * pi), s = std::sqrt(1 - z * z);
  return {s * math::cos(phi), s * math::sin(phi), z};
}
Vec3 unit(const Vec3& v) { return (1.0 / spice::norm(v)) * v; }

std::string utc_text(const CalendarDate& date, int second_of_day) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", date.year, date.month, date.day,
                second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
  return text;
}

// Magnetic field and loss-cone parameters that stay fixed over an interval of minutes to hours.
struct FieldInterval {
  double end_second = -1;
  Vec3 direction_ecl{};
  double magnitude_nt = 0;
  double bs_over_bm = 1;
  double beam_amp = 0;
};

FieldInterval draw_field(double start_second, Region region, const Vec3& anti_sun_ecl, std::mt19937_64& rng) {
  FieldInterval f;
  f.end_second = start_second + log_uniform(rng, 300.0, 3.0 * 3600.0);
  bool in_tail = region == Region::tail_lobes || region == Region::plasma_sheet;
  if (in_tail) {  // lobe field along ±(Sun–Earth line), loosely
    double sign = uniform(rng, 0, 1) < 0.5 ? -1.0 : 1.0;
    f.direction_ecl = unit(sign * anti_sun_ecl + 0.4 * random_unit_vector(rng));
  } else {
    f.direction_ecl = random_unit_vector(rng);
  }
  f.magnitude_nt = in_tail ? uniform(rng, 8, 20) : log_uniform(rng, 3, 15);
  f.bs_over_bm = uniform(rng, 0.3, 1.1);
  f.beam_amp = uniform(rng, 0.0, 3.0);
  return f;
}

// Picks `count` distinct spectrum indices (at least one when n > 0).
std::vector<std::size_t> pick_spectra(std::size_t n, double fraction, std::mt19937_64& rng) {
  std::size_t count = std::min(n, std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(fraction * n))));
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  std::shuffle(all.begin(), all.end(), rng);
  all.resize(count);
  return all;
}

}  // namespace

std::vector<double> sweep_energies_ev(int year) {
  const double low = year <= 1998 ? 40.0 : 7.0, high = 20000.0;
  std::vector<double> energies(er_rows_per_spectrum);
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    double f = static_cast<double>(er_rows_per_spectrum - 1 - i) / (er_rows_per_spectrum - 1);
    energies[i] = round_decimals(low * math::pow(high / low, f), 2);
  }
  return energies;
}

SimulatedDay simulate_day(const MissionEphemeris& eph, int year, int month, int day, const SimulationOptions& options) {
  if (options.spectra_per_day < 1 || options.spectra_per_day > max_spectra_per_day)
    throw std::invalid_argument("spectra per day must be 1-" + std::to_string(max_spectra_per_day));
  SimulatedDay out{year, month, day, {}, {}};
  const std::int64_t day_index = days_since_2000(year, month, day);
  const CalendarDate date{year, month, day};
  std::mt19937_64 rng(splitmix64(options.seed) ^ splitmix64(static_cast<std::uint64_t>(day_index) + 0x5151));

  const auto& theta = eph.theta_deg();
  const io::InstrumentTables tables = io::make_instrument_tables(theta);
  const geometry::CellElevations elevations = geometry::cell_elevations(theta);
  const std::vector<double> energies = sweep_energies_ev(year);
  const Vec3 ecliptic_pole_j2000 = ecliptic_j2000_to_equatorial({0, 0, 1});
  const int n_spectra = options.spectra_per_day;
  const double spacing_s = (86400.0 - 60.0) / n_spectra;
  const double unix_day_start = static_cast<double>(day_index + 10957) * 86400.0;

  FieldInterval field;
  PlasmaState plasma;
  double plasma_end_second = -1;
  bool have_plasma = false;

  DayTruth& truth = out.truth;
  out.spectra.reserve(n_spectra);
  for (int k = 0; k < n_spectra; ++k) {
    const int start_second = static_cast<int>(first_spectrum_second + std::floor(k * spacing_s));
    io::ErSpectrum spectrum;
    spectrum.spec_no = k + 1;

    // Environment at the spectrum's start.
    std::string first_utc = utc_text(date, start_second);
    double et0 = eph.utc_to_et(first_utc);
    Vec3 sun_from_earth = eph.sun_from_earth(et0);
    Region region = region_of_moon(eph.moon_from_earth(et0), sun_from_earth, ecliptic_pole_j2000, et0);
    if (!have_plasma || region != plasma.region || start_second >= plasma_end_second) {
      plasma = draw_plasma_state(region, rng);
      plasma_end_second = start_second + log_uniform(rng, 1800.0, 4 * 3600.0);
      have_plasma = true;
    }
    PlasmaState local = plasma;
    local.density_m3 *= math::exp(0.05 * gaussian(rng));
    if (start_second >= field.end_second) {
      Vec3 anti_sun_ecl = unit(spice::rot1(radians_from_degrees(j2000_obliquity_deg)) * ((-1.0) * sun_from_earth));
      field = draw_field(start_second, region, anti_sun_ecl, rng);
    }
    const double magnitude_nt = field.magnitude_nt * math::exp(0.03 * gaussian(rng));  // draws in a fixed order
    const Vec3 wobble = random_unit_vector(rng);
    const Vec3 b_ecl = magnitude_nt * unit(field.direction_ecl + 0.03 * wobble);

    // Geometry of every row, by the pipeline's code.
    std::array<geometry::RowGeometry, er_rows_per_spectrum> geo;
    for (int i = 0; i < er_rows_per_spectrum; ++i) {
      const int second = start_second + (5 * i + 1) / 2;  // rows 2.5 s apart, whole seconds
      io::ErRow row;
      row.utc = utc_text(date, second);
      row.time = std::to_string(static_cast<long long>(unix_day_start) + second);
      row.energy_ev = energies[i];
      row.spec_no = spectrum.spec_no;
      double et = eph.utc_to_et(row.utc);
      geometry::RowEphemeris ephem = eph.row_ephemeris(et);
      io::SpinAxis spin = eph.spin_axis(et);
      spice::Mat3 scd_to_ecl =
          geometry::scd_to_ecliptic(geometry::spin_axis_ecliptic(spin.ra_deg, spin.dec_deg), ephem.sun_from_lp_ecl);
      Vec3 b_scd = spice::transpose(scd_to_ecl) * b_ecl;
      for (int c = 0; c < 3; ++c) row.b_scd_nt[c] = round_decimals(b_scd[c], 4);
      geo[i] = geometry::compute_row_geometry(ephem, spin, {row.b_scd_nt[0], row.b_scd_nt[1], row.b_scd_nt[2]});
      double spin_phase = std::fmod(360.0 * nominal_spin_rpm / 60.0 * second, 360.0);
      row.phi_deg = cell_azimuths_deg(theta, spin_phase);
      spectrum.rows.push_back(std::move(row));
    }

    // Truth at the spectrum's first row (the batch output's spectrum-level convention).
    const geometry::RowGeometry& g0 = geo[0];
    const geometry::RowEphemeris ephem0 = eph.row_ephemeris(et0);
    // What the spacecraft sees: in the Moon's shadow in a flowing plasma, the wake's plasma.
    PlasmaState at_spacecraft = local;
    if (!g0.spacecraft_in_sun && region_has_wake(local.region))
      at_spacecraft = wake_plasma(local, wake_depth(ephem0.lp_pos_iau, ephem0.sun_from_moon_iau));
    const physics::KappaParams ambient = at_spacecraft.kappa_params();
    const double u_sc = spacecraft_potential_v(ambient, g0.spacecraft_in_sun);
    physics::LossConeParams cone{nan, nan, nan};
    if (g0.connected()) {
      double cos_sza = spice::dot(unit(g0.footpoint_km), unit(ephem0.sun_from_moon_iau));
      PlasmaState surface = local;
      surface.night_factor *= surface_charging_variation(unit(g0.footpoint_km));
      cone.u_surface_v = surface_potential_v(cos_sza, surface);
      cone.bs_over_bm = field.bs_over_bm;
      cone.beam_amp = u_sc > cone.u_surface_v ? field.beam_amp : 0.0;
    }

    // Fluxes: ambient κ flux through the sheath × loss cone/beam, + spacecraft photoelectrons
    // (isotropic), then counts.
    for (int i = 0; i < er_rows_per_spectrum; ++i) {
      io::ErRow& row = spectrum.rows[i];
      const double e = row.energy_ev;
      const StepFlux step = step_flux_cm2(ambient, u_sc, g0.spacecraft_in_sun, e);
      geometry::ChannelAngles pitch = geometry::losscone_pitch_angles(
          {row.b_scd_nt[0], row.b_scd_nt[1], row.b_scd_nt[2]}, row.phi_deg, elevations, geo[i].polarity);
      for (int k2 = 0; k2 < er_channels; ++k2) {
        double shape = 1.0;
        if (geo[i].connected() && g0.connected()) shape = physics::losscone_model_value(e, u_sc, pitch[k2], cone);
        if (!std::isfinite(shape)) shape = 1.0;
        double flux = step.ambient_cm2 * shape + step.photo_cm2;
        const double exposure = er_cell_exposure(e, tables.bins_in_ring[k2]);
        if (options.poisson_noise) {
          double mean_counts = flux * exposure;
          double counts =
              mean_counts > 0 ? static_cast<double>(std::poisson_distribution<long long>(mean_counts)(rng)) : 0.0;
          flux = counts / exposure;
        }
        row.flux[k2] = round_significant(flux, 4);
      }
    }

    truth.spec_no.push_back(spectrum.spec_no);
    truth.u_surface_v.push_back(cone.u_surface_v);
    truth.bs_over_bm.push_back(cone.bs_over_bm);
    truth.beam_amp.push_back(cone.beam_amp);
    truth.u_spacecraft_v.push_back(u_sc);
    truth.electron_density_m3.push_back(at_spacecraft.density_m3);
    truth.electron_temperature_ev.push_back(at_spacecraft.temperature_ev);
    truth.kappa.push_back(at_spacecraft.kappa);
    truth.environment_class.push_back(environment_class(at_spacecraft.temperature_ev, g0.projection_in_sun));
    truth.plasma_region.push_back(static_cast<std::int8_t>(local.region));
    truth.projection_latitude_deg.push_back(g0.fp_lat_deg);
    truth.projection_longitude_deg.push_back(g0.fp_lon_deg);
    truth.projection_polarity.push_back(g0.polarity);
    truth.spacecraft_in_sun.push_back(g0.spacecraft_in_sun);
    truth.projection_in_sun.push_back(g0.projection_in_sun);
    out.spectra.push_back(std::move(spectrum));
  }

  // Defects real tables have (never on a spectrum's first row, which carries the truth).
  for (std::size_t s : pick_spectra(out.spectra.size(), fill_value_spectrum_fraction, rng)) {
    auto& row = out.spectra[s].rows[1 + rng() % (er_rows_per_spectrum - 1)];
    int cells = 1 + static_cast<int>(rng() % 4);
    for (int c = 0; c < cells; ++c) {
      std::size_t cell = rng() % er_channels;
      row.flux[cell] = nan;
      row.phi_deg[cell] = nan;
    }
  }
  for (std::size_t s : pick_spectra(out.spectra.size(), bad_field_spectrum_fraction, rng))
    out.spectra[s].rows[1 + rng() % (er_rows_per_spectrum - 1)].b_scd_nt = {0.0, 0.0, 0.0};
  for (std::size_t s : pick_spectra(out.spectra.size(), missing_row_spectrum_fraction, rng)) {
    auto& rows = out.spectra[s].rows;
    rows.erase(rows.begin() + 1 + static_cast<long>(rng() % (rows.size() - 1)));
  }
  for (const auto& spectrum : out.spectra)
    for (const auto& row : spectrum.rows) truth.rows_utc.push_back(row.utc);
  return out;
}

io::NpzArchive truth_archive(const DayTruth& t) {
  io::NpzArchive a;
  a.add("spec_spec_no", io::make_i8(t.spec_no));
  a.add("spec_u_surface", io::make_f8(t.u_surface_v));
  a.add("spec_bs_over_bm", io::make_f8(t.bs_over_bm));
  a.add("spec_beam_amp", io::make_f8(t.beam_amp));
  a.add("spec_u_spacecraft", io::make_f8(t.u_spacecraft_v));
  a.add("spec_electron_density", io::make_f8(t.electron_density_m3));
  a.add("spec_electron_temperature", io::make_f8(t.electron_temperature_ev));
  a.add("spec_kappa_value", io::make_f8(t.kappa));
  a.add("spec_environment_class", io::make_i1(t.environment_class));
  a.add("spec_plasma_region", io::make_i1(t.plasma_region));
  a.add("spec_projection_latitude", io::make_f8(t.projection_latitude_deg));
  a.add("spec_projection_longitude", io::make_f8(t.projection_longitude_deg));
  a.add("spec_projection_polarity", io::make_i1(t.projection_polarity));
  a.add("spec_spacecraft_in_sun", io::make_bool(t.spacecraft_in_sun));
  a.add("spec_projection_in_sun", io::make_bool(t.projection_in_sun));
  a.add("rows_utc", io::make_unicode(t.rows_utc, 64));
  return a;
}

}  // namespace lpm::simulate
