#pragma once
// The intermediate results of one spectrum's run through process_spectrum, for a diagnostic
// (`explain`) that shows what each stage saw and decided. Filling it never changes the result.

#include <optional>
#include <vector>

#include "fit/kappa_fitter.hpp"
#include "fit/losscone_fitter.hpp"
#include "fit/plasma_fit.hpp"
#include "geometry/row_geometry.hpp"
#include "io/er_table.hpp"
#include "pipeline/mission.hpp"
#include "pipeline/settings.hpp"
#include "pipeline/spectrum_result.hpp"

namespace lpm::pipeline {

struct SpectrumTrace {
  std::vector<geometry::RowGeometry> geometry;  // the 15 rows
  fit::KappaInput kappa_input;                  // what the κ / joint fit saw
  bool joint = false;                           // joint method (plasma_fit) rather than the reference's
  fit::KappaFit kappa;                          // the fit that decides whether the plasma is known
  fit::KappaFit reported;                       // the ambient n, κ, T written out
  fit::PlasmaFit plasma;                        // joint method only: every candidate
  double u_spacecraft_v = 0.0;
  bool u_spacecraft_at_limit = false;
  std::optional<fit::FitStatus> precondition;  // set: the loss cone was not fitted, and why
  bool losscone_ran = false;
  fit::LossConeSettings losscone_settings;
  fit::LossConeInput losscone_input;  // with the U_sc of the candidate reported
  fit::LossConeFit losscone{};        // the fit reported (status as published)
};

// process_spectrum, keeping its intermediate results in `trace`; the result is the same.
SpectrumResult trace_spectrum(const io::ErSpectrum& spectrum, const Mission& mission, const PipelineSettings& settings,
                              SpectrumTrace& trace);

}  // namespace lpm::pipeline
