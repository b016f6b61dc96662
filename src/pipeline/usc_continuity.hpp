#pragma once
// The U_sc of a spectrum whose own data leave several self-consistent answers, chosen by its
// neighbours in time (docs/method.md §1.4).
//
// Several (U_sc, ambient plasma) pairs can give the same measured spectrum, each in charging
// balance (fit/plasma_fit.hpp); where a loss cone is fitted it tells them apart (pipeline), and
// where none is (no connected row) nothing in the spectrum does. The spacecraft potential and the
// plasma change little over minutes, so the candidate nearest to the U_sc of the nearest spectrum
// in time that had one answer, under the same illumination and within
// usc_neighbour_max_gap_s, is reported; without such a neighbour the fit's own preference
// (fit::preferred_candidate) stands. The interval keeps spanning every candidate and
// spec_u_spacecraft_candidates keeps their count: the spectrum's data still cannot choose.
// A spectrum whose choice changes gets that candidate's n, T, κ and environment class.

#include <vector>

#include "pipeline/spectrum_result.hpp"

namespace lpm::pipeline {

// Largest time between a spectrum and the neighbour that decides its U_sc. Measured on the
// recovery weeks (bench/recovery.sh, 2026-11-29): neighbours up to 30 min away chose the true
// candidate in 366 of 419 ambiguous 1998 night sheath spectra (the fit's own
// preference: 264); farther ones in 39 of 67, fewer than
// the fit's own preference (59 of 67).
inline constexpr double usc_neighbour_max_gap_s = 1800.0;

// `results`: the spectra of one table in time order.
void choose_by_neighbours(std::vector<SpectrumResult>& results);

}  // namespace lpm::pipeline
