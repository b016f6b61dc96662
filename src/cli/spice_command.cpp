// `potential-mapper spice`: the SPICE library's answers, for users and tests (SPICE issue).
// Numbers are printed with %.17g, whitespace-separated, one line per TIME or segment.
// Any SpiceError (bad kernel, unknown body or frame, time outside coverage) → exit 2.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "base/naif_ids.hpp"
#include "cli/commands.hpp"
#include "spice/binary_pck.hpp"
#include "spice/daf.hpp"
#include "spice/error.hpp"
#include "spice/inertial_frames.hpp"
#include "spice/kernel_set.hpp"
#include "spice/spk.hpp"

namespace lpm::cli {
namespace {

struct SpiceFlags {
  std::vector<std::string> kernels;
  std::vector<std::string> files;  // segments
  std::vector<std::string> times;
  bool et_input = false;
  std::string target, observer, frame = "J2000", from, to;
};

spice::KernelSet load_kernels(const std::vector<std::string>& kernels) {
  spice::KernelSet set;
  for (const auto& k : kernels) set.load(k);
  return set;
}

// A NAIF body: integer id, or one of the names this project uses.
int body_id(const std::string& text) {
  static const std::pair<const char*, int> names[] = {{"SSB", naif_solar_system_barycenter_id},
                                                      {"SOLAR SYSTEM BARYCENTER", naif_solar_system_barycenter_id},
                                                      {"SUN", naif_sun_id},
                                                      {"EARTH BARYCENTER", naif_earth_moon_barycenter_id},
                                                      {"EMB", naif_earth_moon_barycenter_id},
                                                      {"EARTH", naif_earth_id},
                                                      {"MOON", naif_moon_id},
                                                      {"LUNAR PROSPECTOR", naif_lunar_prospector_id},
                                                      {"LP", naif_lunar_prospector_id}};
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  if (!text.empty() && end == text.c_str() + text.size()) return static_cast<int>(value);
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& [name, id] : names)
    if (upper == name) return id;
  throw UsageError(fmt::format("unknown body '{}' (give a NAIF id)", text));
}

double parse_et(const std::string& text) {
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
    throw UsageError(fmt::format("'{}' is not an ET (TDB seconds past J2000)", text));
  return value;
}

double time_of(const spice::KernelSet& set, const std::string& text, bool et_input) {
  return et_input ? parse_et(text) : set.utc_to_et(text);
}

std::string frame_name(int code) {
  std::string name = spice::inertial_frame_name(code);
  return spice::inertial_frame_code(name) ? name : std::to_string(code);
}

// Coverage as UTC with an LSK, else (and beyond the years UTC can be written for) as ET.
std::string epoch_text(const spice::KernelSet& set, double et) {
  if (set.has_leap_seconds()) {
    try {
      return set.et_to_utc(et);
    } catch (const spice::SpiceError&) {  // out of et_to_utc's range: the ET below
    }
  }
  return fmt::format("{:.17g}", et);
}

void print_numbers(const double* values, int count) {
  for (int i = 0; i < count; ++i) std::printf(i ? " %.17g" : "%.17g", values[i]);
  std::printf("\n");
}

int run_segments(const SpiceFlags& f) {
  if (f.files.empty()) throw UsageError("spice segments: give at least one kernel FILE");
  const spice::KernelSet set = load_kernels(f.kernels);
  for (const auto& file : f.files) {
    const spice::DafFile daf = spice::DafFile::open(file);  // rejects non-DAF / damaged files
    if (daf.id_word() == "DAF/PCK ") {
      const spice::BinaryPck pck = spice::BinaryPck::open(file);
      for (const auto& s : pck.segments())
        std::printf("%d - %s %d %s %s\n", s.frame_class_id, frame_name(s.reference_frame).c_str(), s.type,
                    epoch_text(set, s.start_et).c_str(), epoch_text(set, s.end_et).c_str());
    } else {
      const spice::SpkFile spk = spice::SpkFile::open(file);
      for (const auto& s : spk.segments())
        std::printf("%d %d %s %d %s %s\n", s.target, s.center, frame_name(s.frame_code).c_str(), s.type,
                    epoch_text(set, s.start_et).c_str(), epoch_text(set, s.end_et).c_str());
    }
  }
  return exit_ok;
}

int run_et(const SpiceFlags& f) {
  const spice::KernelSet set = load_kernels(f.kernels);
  for (const auto& t : f.times) {
    double et = set.utc_to_et(t);
    print_numbers(&et, 1);
  }
  return exit_ok;
}

int run_utc(const SpiceFlags& f) {
  const spice::KernelSet set = load_kernels(f.kernels);
  for (const auto& t : f.times) std::printf("%s\n", set.et_to_utc(parse_et(t), 6).c_str());
  return exit_ok;
}

int run_state(const SpiceFlags& f) {
  const spice::KernelSet set = load_kernels(f.kernels);
  const int target = body_id(f.target), observer = body_id(f.observer);
  for (const auto& t : f.times) {
    const spice::StateVector s = set.state(target, observer, f.frame, time_of(set, t, f.et_input));
    const double values[6] = {s.position_km[0],   s.position_km[1],   s.position_km[2],
                              s.velocity_km_s[0], s.velocity_km_s[1], s.velocity_km_s[2]};
    print_numbers(values, 6);
  }
  return exit_ok;
}

int run_rotate(const SpiceFlags& f) {
  const spice::KernelSet set = load_kernels(f.kernels);
  for (const auto& t : f.times) {
    const spice::Mat3 m = set.rotation(f.from, f.to, time_of(set, t, f.et_input));
    const double values[9] = {m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]};
    print_numbers(values, 9);
  }
  return exit_ok;
}

void add_kernel_option(CLI::App* sub, SpiceFlags& f, bool required) {
  auto* opt =
      sub->add_option("--kernel", f.kernels, "Kernel to load (repeatable, loaded in order)")->allow_extra_args(false);
  if (required) opt->required();
}

}  // namespace

Command add_spice_command(CLI::App& root) {
  auto f = std::make_shared<SpiceFlags>();
  CLI::App* sub = root.add_subcommand("spice", "Ask the built-in SPICE reader: segments, et, utc, state, rotate.");
  sub->require_subcommand(1);
  auto common = std::make_shared<CommonOptions>();
  add_log_options(*sub, *common);

  CLI::App* segments = sub->add_subcommand("segments",
                                           "One line per segment of each kernel: target centre frame type start end\n"
                                           "(coverage as UTC when an LSK is given with --kernel, else ET)");
  add_kernel_option(segments, *f, false);
  segments->add_option("FILE", f->files, "SPK or binary PCK files")->required();

  CLI::App* et = sub->add_subcommand("et", "ET (TDB seconds past J2000) of each UTC");
  add_kernel_option(et, *f, true);
  et->add_option("UTC", f->times, "UTC times, YYYY-MM-DDThh:mm:ss[.fff]")->required();

  CLI::App* utc = sub->add_subcommand("utc", "ISO UTC of each ET");
  add_kernel_option(utc, *f, true);
  utc->add_option("ET", f->times, "ET values (TDB seconds past J2000)")->required()->allow_extra_args();

  CLI::App* state = sub->add_subcommand("state", "Geometric state x y z vx vy vz (km, km/s)");
  add_kernel_option(state, *f, true);
  state->add_option("--target", f->target, "Target body (NAIF id)")->required();
  state->add_option("--observer", f->observer, "Observing body (NAIF id)")->required();
  state->add_option("--frame", f->frame, "Frame of the answer")->capture_default_str();
  state->add_flag("--et", f->et_input, "TIMEs are ET (TDB seconds past J2000), not UTC");
  state->add_option("TIME", f->times, "UTC times (or ETs with --et)")->required();

  CLI::App* rotate = sub->add_subcommand("rotate", "Rotation matrix FROM -> TO (v_to = M v_from), row by row");
  add_kernel_option(rotate, *f, true);
  rotate->add_option("--from", f->from, "Frame of the input vectors")->required();
  rotate->add_option("--to", f->to, "Frame of the output vectors")->required();
  rotate->add_flag("--et", f->et_input, "TIMEs are ET (TDB seconds past J2000), not UTC");
  rotate->add_option("TIME", f->times, "UTC times (or ETs with --et)")->required();

  // Negative ETs look like options to the parser; let them through as positionals.
  for (CLI::App* s : {utc, state, rotate}) s->positionals_at_end(false);
  // -q/-v of `spice` also after its subcommand.
  for (CLI::App* s : {segments, et, utc, state, rotate}) s->fallthrough();

  return {sub, [f, common, segments, et, utc, state, rotate]() -> int {
            setup_logging(*common);
            try {
              if (segments->parsed()) return run_segments(*f);
              if (et->parsed()) return run_et(*f);
              if (utc->parsed()) return run_utc(*f);
              if (state->parsed()) return run_state(*f);
              if (rotate->parsed()) return run_rotate(*f);
            } catch (const spice::SpiceError& e) {
              std::fflush(stdout);
              std::fprintf(stderr, "error: %s\n", e.what());
              return exit_usage;
            }
            return exit_usage;
          }};
}

}  // namespace lpm::cli
