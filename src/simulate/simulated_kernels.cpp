#include "simulate/simulated_kernels.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "base/naif_ids.hpp"
#include "io/checksum.hpp"
#include "io/data_folder.hpp"
#include "io/text_file.hpp"
#include "simulate/analytic_ephemeris.hpp"
#include "simulate/text_kernels.hpp"
#include "spice/spk_writer.hpp"

namespace lpm::simulate {
namespace {

constexpr int frame_j2000 = 1;
constexpr double day_s = 86400.0;

}  // namespace

LpOrbit simulated_lp_orbit() {
  const auto& leap = simulated_leap_seconds();
  return LpOrbit(leap.utc_to_et("1998-12-19T00:00:00"), leap.utc_to_et("1999-01-29T00:00:00"));
}

void write_planets_spk(const std::filesystem::path& path, double et_start, double et_end) {
  spice::SpkWriter writer(path, "PLANETS SIMULATED");
  writer.set_comments(
      "Sun, Earth-Moon barycentre, Earth and Moon of the potential-mapper simulation.\n"
      "Sun: Meeus, Astronomical Algorithms, ch. 25 (low accuracy); Moon: Meeus ch. 47.\n"
      "The Sun sits at the solar-system barycentre. Frame J2000.\n");
  constexpr int ssb = naif_solar_system_barycenter_id, emb_id = naif_earth_moon_barycenter_id;
  auto sun = spice::fit_chebyshev_type2(naif_sun_id, ssb, frame_j2000, et_start, et_end, emb_record_days * day_s, 1,
                                        [](double) {
                                          return Vec3{0, 0, 0};
                                        });
  sun.name = "SUN (SIMULATED)";
  auto emb = spice::fit_chebyshev_type2(emb_id, ssb, frame_j2000, et_start, et_end, emb_record_days * day_s,
                                        emb_record_degree, emb_wrt_sun_km);
  emb.name = "EARTH BARYCENTER (SIMULATED)";
  auto earth = spice::fit_chebyshev_type2(naif_earth_id, emb_id, frame_j2000, et_start, et_end,
                                          moon_record_days * day_s, moon_record_degree, earth_wrt_emb_km);
  earth.name = "EARTH (SIMULATED)";
  auto moon = spice::fit_chebyshev_type2(naif_moon_id, emb_id, frame_j2000, et_start, et_end, moon_record_days * day_s,
                                         moon_record_degree, moon_wrt_emb_km);
  moon.name = "MOON (SIMULATED)";
  writer.add(sun);
  writer.add(emb);
  writer.add(earth);
  writer.add(moon);
  writer.close();
}

void write_lp_spk(const std::filesystem::path& path, const LpOrbit& orbit, double et_start, double et_end) {
  spice::SpkWriter writer(path, "LP SIMULATED");
  writer.set_comments(
      "Lunar Prospector (-25) about the Moon (301), J2000, of the potential-mapper simulation:\n"
      "near-circular polar orbit, ~100 km altitude in 1998, ~40 km from 1998-12-19, ~30 km from\n"
      "1999-01-29. One type 13 segment per orbit phase.\n");
  // Segment boundaries: the coverage ends and the maneuvers inside it.
  std::vector<double> bounds{et_start};
  for (double m : orbit.maneuver_epochs())
    if (m > et_start && m < et_end) bounds.push_back(m);
  bounds.push_back(et_end);
  for (std::size_t s = 0; s + 1 < bounds.size(); ++s) {
    const double a = bounds[s], b = bounds[s + 1];
    const std::size_t phase = orbit.phase_at(a);
    spice::Type13Segment segment;
    segment.target = naif_lunar_prospector_id;
    segment.center = naif_moon_id;
    segment.frame_code = frame_j2000;
    segment.window_size = lp_window_size;
    segment.name = "LP SIMULATED PHASE " + std::to_string(phase);
    for (double et = a; et < b; et += lp_state_step_s) {
      segment.epochs.push_back(et);
      segment.states.push_back(orbit.state_in_phase(phase, et));
    }
    if (segment.epochs.empty() || segment.epochs.back() < b) {
      segment.epochs.push_back(b);
      segment.states.push_back(orbit.state_in_phase(phase, b));
    }
    // Too close a last pair would make the Hermite window ill-conditioned: drop the one before.
    std::size_t n = segment.epochs.size();
    if (n > lp_window_size && segment.epochs[n - 1] - segment.epochs[n - 2] < 0.1 * lp_state_step_s) {
      segment.epochs.erase(segment.epochs.end() - 2);
      segment.states.erase(segment.states.end() - 2);
    }
    writer.add(segment);
  }
  writer.close();
}

void write_simulated_kernels(const std::filesystem::path& dir, double et_start, double et_end) {
  std::filesystem::create_directories(dir);
  io::write_file_atomically(dir / leapseconds_file, leapseconds_kernel_text());
  io::write_file_atomically(dir / moon_pck_file, moon_pck_text());
  write_planets_spk(dir / planets_spk_file, et_start, et_end);
  write_lp_spk(dir / lp_spk_file, simulated_lp_orbit(), et_start, et_end);
  std::vector<std::pair<std::string, std::string>> lock;  // this order, not sorted: the files of earlier runs
  for (const char* name : {leapseconds_file, lp_spk_file, planets_spk_file, moon_pck_file})
    lock.emplace_back(name, io::sha1_file(dir / name));
  io::write_kernel_lock(dir, io::format_checksum_list(lock, "SHA-1 of the simulated kernels (sha1sum format, D§1.5)"));
}

}  // namespace lpm::simulate
