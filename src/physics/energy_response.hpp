#pragma once
// Instrument energy response as a Gaussian in ln E (P§2.4): the model seen at step i is
// M_i = Σ_k W_ik J(E_k), with W_ik = exp(−½((ln E_i − ln E_k)/s)²), rows normalised.

#include <cstddef>
#include <span>
#include <vector>

namespace lpm::physics {

// s = asinh(½ · FWHM/E) / sqrt(2 ln 2); 0.210179 for FWHM/E = 0.5.
double log_energy_response_width(double relative_fwhm);

// Row-major n×n matrix W (W[i*n + k]) over the given centres (all > 0).
std::vector<double> log_energy_response_matrix(std::span<const double> energies_ev,
                                               double relative_fwhm);

}  // namespace lpm::physics
