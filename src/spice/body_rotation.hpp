#pragma once
// Body orientation from text-PCK constants (IAU models, D§4.7, NAIF pck.req): pole right
// ascension α and declination δ as polynomials in T (Julian centuries TDB past J2000), prime
// meridian W in d (days), plus trigonometric terms in the nutation-precession angles of the
// body's barycentre (BODY<n/100>_NUT_PREC_ANGLES for 3-digit ids). Frame rotation
// (vectors from the constants' reference frame to body-fixed): M = R3(W)·R1(90°−δ)·R3(90°+α).

#include <string>
#include <vector>

#include "spice/euler.hpp"

namespace lpm::spice {

class TextKernelPool;

struct BodyRotationModel {
  int body = 0;
  std::vector<double> pole_ra_deg;                       // coefficients of T^0, T^1, …
  std::vector<double> pole_dec_deg;                      // coefficients of T^0, T^1, …
  std::vector<double> prime_meridian_deg;                // coefficients of d^0, d^1, …
  std::vector<double> nut_prec_ra_deg;                   // coefficient of sin(E_i)
  std::vector<double> nut_prec_dec_deg;                  // coefficient of cos(E_i)
  std::vector<double> nut_prec_pm_deg;                   // coefficient of sin(E_i)
  std::vector<std::vector<double>> nut_prec_angles_deg;  // E_i as polynomial in T
  int reference_frame = 1;    // inertial frame code of the constants (BODY…_CONSTANTS_REF_FRAME)
  double epoch_offset_s = 0;  // constants' epoch minus J2000 (BODY…_CONSTANTS_JED_EPOCH)
};

// Reads BODY<body>_POLE_RA/_POLE_DEC/_PM (and the optional nutation-precession terms) from the
// pool. SpiceError naming the first missing or malformed variable.
BodyRotationModel body_rotation_model(const TextKernelPool& pool, int body);

// Rotation from the model's reference frame to the body-fixed frame at `et`, with its rate.
RotationState body_rotation(const BodyRotationModel& model, double et);

}  // namespace lpm::spice
