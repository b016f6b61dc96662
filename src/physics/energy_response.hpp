#pragma once
// Instrument energy response as a Gaussian in ln E (P§2.4): the model seen at step i is
// M_i = Σ_k W_ik J(E_k), with W_ik = exp(−½((ln E_i − ln E_k)/s)²), rows normalised.

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace lpm::physics {

// s = asinh(½ · FWHM/E) / sqrt(2 ln 2); 0.210179 for FWHM/E = 0.5.
double log_energy_response_width(double relative_fwhm);

// Row-major n×n matrix W (W[i*n + k]) over the given centres (all > 0).
std::vector<double> log_energy_response_matrix(std::span<const double> energies_ev, double relative_fwhm);

// The joint plasma fit and the simulator describe the response continuously instead: the flux
// reported at step E is the average of j(E') over ln E' with the same Gaussian of width s,
//   ⟨j⟩(E) = Σ_q w_q j(E e^{√2 s x_q}),
// by 3-point Gauss–Hermite (x = 0, ±√(3/2); w = 2/3, 1/6), exact for polynomials of degree ≤ 5
// in ln E'. The discrete matrix above mixes neighbouring steps 0.44 in ln E apart (1998 table),
// which no real analyser does.
struct ResponseNode {
  double energy_factor;  // E'/E
  double weight;
};
inline constexpr int response_nodes = 3;
std::array<ResponseNode, response_nodes> log_energy_response_nodes(double relative_fwhm);

// ⟨f⟩(E) for any f(E') (the measured flux of a spectrum model at step energy E).
template <class Flux>
double response_averaged(const Flux& f, double energy_ev, const std::array<ResponseNode, response_nodes>& nodes) {
  double sum = 0.0;
  for (const ResponseNode& q : nodes) sum += q.weight * f(energy_ev * q.energy_factor);
  return sum;
}

}  // namespace lpm::physics
