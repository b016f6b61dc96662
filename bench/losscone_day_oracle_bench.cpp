// The loss-cone search against the brute-force and LHS+DE oracles on every spectrum of real-format
// ER tables (issue 16): each spectrum goes through the whole pipeline (geometry, U_sc, masks) and
// the loss-cone input it fitted is handed to the oracles, so the families are those of the data
// (polarity −1 rows, U above U_sc, partly connected spectra, low counts, beams), not a toy model.
//
//   losscone_day_oracle_bench DATA_DIR YEAR MONTH DAY [halekas|lillis]   (LPM_ORACLE_SPEC=N: only spec N)
//
// Prints the spectra where an oracle reaches a lower χ² than the search (all evaluated by the
// independent OracleObjective) and a summary line. A figure, not a test: exit 0 either way.
#include <tbb/parallel_for.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../tests/fit/losscone_oracles.hpp"
#include "io/er_table.hpp"
#include "io/file_discovery.hpp"
#include "pipeline/spectrum_trace.hpp"

namespace {

using namespace lpm;

struct Outcome {
  bool fitted = false;
  std::int64_t spec_no = 0;
  double ours = 0, brute = 0, de = 0;
  double u_ours = 0, u_brute = 0, u_de = 0, u_sc = 0;
  fit::FitStatus status = fit::FitStatus::fitted;
};

bool beaten(double ours, double other) { return ours > other * (1.0 + 1e-9) + 1e-12; }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s DATA_DIR YEAR MONTH DAY [halekas|lillis]\n", argv[0]);
    return 2;
  }
  pipeline::PipelineSettings settings;
  const bool lillis = argc > 5 && std::string(argv[5]) == "lillis";
  settings.fit_method = lillis ? pipeline::FitMethod::lillis : pipeline::FitMethod::halekas;
  const auto method = lillis ? fit::LossConeMethod::lillis : fit::LossConeMethod::halekas;
  io::DateSelection selection{std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4])};
  const pipeline::Mission mission = pipeline::load_mission(argv[1]);
  std::vector<io::ErSpectrum> spectra;
  for (const auto& ref : io::discover_er_files(argv[1], selection)) {
    auto file = io::read_er_table(ref.path);
    for (auto& s : file.spectra) spectra.push_back(std::move(s));
  }
  if (const char* only = std::getenv("LPM_ORACLE_SPEC"))  // one spectrum, e.g. to study a miss
    std::erase_if(spectra, [&](const io::ErSpectrum& sp) { return sp.spec_no != std::atoll(only); });
  std::vector<Outcome> out(spectra.size());
  tbb::parallel_for(std::size_t{0}, spectra.size(), [&](std::size_t k) {
    pipeline::SpectrumTrace trace;
    const auto result = pipeline::trace_spectrum(spectra[k], mission, settings, trace);
    const fit::LossConeInput& input = trace.losscone_input;
    Outcome& o = out[k];
    o.spec_no = result.spec_no;
    o.status = result.status;
    if (!fit::has_surface_value(result.status)) return;
    o.fitted = true;
    const fit::LossConeData data = fit::prepare_losscone_data(input, method);
    const test::OracleObjective f(method, data);
    o.ours = f(result.u_surface_v, result.bs_over_bm, result.beam_amp);
    const auto brute = test::brute_force(f);
    const auto de = test::lhs_de(f);
    o.brute = brute.chi2;
    o.de = de.chi2;
    o.u_ours = result.u_surface_v;
    o.u_brute = brute.x[0];
    o.u_de = de.x[0];
    o.u_sc = input.u_spacecraft_v;
  });
  int fitted = 0, by_brute = 0, by_de = 0;
  for (const Outcome& o : out) {
    if (!o.fitted) continue;
    ++fitted;
    const bool b = beaten(o.ours, o.brute), d = beaten(o.ours, o.de);
    by_brute += b;
    by_de += d;
    if (b || d)
      std::printf("spec %lld (%s, U_sc %.2f V): ours U %.2f V chi2 %.6g | brute U %.2f V %.6g | LHS+DE U %.2f V %.6g\n",
                  static_cast<long long>(o.spec_no), fit::to_string(o.status), o.u_sc, o.u_ours, o.ours, o.u_brute,
                  o.brute, o.u_de, o.de);
  }
  std::printf("%s: %zu spectra, %d with a surface value; brute force lower on %d, LHS+DE lower on %d\n",
              lillis ? "lillis" : "halekas", spectra.size(), fitted, by_brute, by_de);
  return 0;
}
