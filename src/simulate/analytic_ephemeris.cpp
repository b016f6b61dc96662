#include "simulate/analytic_ephemeris.hpp"

#include <array>
#include <cmath>

#include "base/angles.hpp"
#include "base/constants.hpp"
#include "base/portable_trig.hpp"

namespace lpm::simulate {
namespace {

constexpr double seconds_per_century = 86400.0 * 36525.0;

// Meeus table 47.A: multiples of D, M, M', F; Σl (1e-6 deg, sine); Σr (1e-3 km, cosine).
struct LongitudeDistanceTerm {
  int d, m, mp, f;
  double sigma_l, sigma_r;
};
constexpr std::array<LongitudeDistanceTerm, 60> moon_longitude_distance{{
    {0, 0, 1, 0, 6288774, -20905355},
    {2, 0, -1, 0, 1274027, -3699111},
    {2, 0, 0, 0, 658314, -2955968},
    {0, 0, 2, 0, 213618, -569925},
    {0, 1, 0, 0, -185116, 48888},
    {0, 0, 0, 2, -114332, -3149},
    {2, 0, -2, 0, 58793, 246158},
    {2, -1, -1, 0, 57066, -152138},
    {2, 0, 1, 0, 53322, -170733},
    {2, -1, 0, 0, 45758, -204586},
    {0, 1, -1, 0, -40923, -129620},
    {1, 0, 0, 0, -34720, 108743},
    {0, 1, 1, 0, -30383, 104755},
    {2, 0, 0, -2, 15327, 10321},
    {0, 0, 1, 2, -12528, 0},
    {0, 0, 1, -2, 10980, 79661},
    {4, 0, -1, 0, 10675, -34782},
    {0, 0, 3, 0, 10034, -23210},
    {4, 0, -2, 0, 8548, -21636},
    {2, 1, -1, 0, -7888, 24208},
    {2, 1, 0, 0, -6766, 30824},
    {1, 0, -1, 0, -5163, -8379},
    {1, 1, 0, 0, 4987, -16675},
    {2, -1, 1, 0, 4036, -12831},
    {2, 0, 2, 0, 3994, -10445},
    {4, 0, 0, 0, 3861, -11650},
    {2, 0, -3, 0, 3665, 14403},
    {0, 1, -2, 0, -2689, -7003},
    {2, 0, -1, 2, -2602, 0},
    {2, -1, -2, 0, 2390, 10056},
    {1, 0, 1, 0, -2348, 6322},
    {2, -2, 0, 0, 2236, -9884},
    {0, 1, 2, 0, -2120, 5751},
    {0, 2, 0, 0, -2069, 0},
    {2, -2, -1, 0, 2048, -4950},
    {2, 0, 1, -2, -1773, 4130},
    {2, 0, 0, 2, -1595, 0},
    {4, -1, -1, 0, 1215, -3958},
    {0, 0, 2, 2, -1110, 0},
    {3, 0, -1, 0, -892, 3258},
    {2, 1, 1, 0, -810, 2616},
    {4, -1, -2, 0, 759, -1897},
    {0, 2, -1, 0, -713, -2117},
    {2, 2, -1, 0, -700, 2354},
    {2, 1, -2, 0, 691, 0},
    {2, -1, 0, -2, 596, 0},
    {4, 0, 1, 0, 549, -1423},
    {0, 0, 4, 0, 537, -1117},
    {4, -1, 0, 0, 520, -1571},
    {1, 0, -2, 0, -487, -1739},
    {2, 1, 0, -2, -399, 0},
    {0, 0, 2, -2, -381, -4421},
    {1, 1, 1, 0, 351, 0},
    {3, 0, -2, 0, -340, 0},
    {4, 0, -3, 0, 330, 0},
    {2, -1, 2, 0, 327, 0},
    {0, 2, 1, 0, -323, 1165},
    {1, 1, -1, 0, 299, 0},
    {2, 0, 3, 0, 294, 0},
    {2, 0, -1, -2, 0, 8752},
}};

// Meeus table 47.B: multiples of D, M, M', F; Σb (1e-6 deg, sine).
struct LatitudeTerm {
  int d, m, mp, f;
  double sigma_b;
};
constexpr std::array<LatitudeTerm, 60> moon_latitude{{
    {0, 0, 0, 1, 5128122}, {0, 0, 1, 1, 280602},  {0, 0, 1, -1, 277693}, {2, 0, 0, -1, 173237}, {2, 0, -1, 1, 55413},
    {2, 0, -1, -1, 46271}, {2, 0, 0, 1, 32573},   {0, 0, 2, 1, 17198},   {2, 0, 1, -1, 9266},   {0, 0, 2, -1, 8822},
    {2, -1, 0, -1, 8216},  {2, 0, -2, -1, 4324},  {2, 0, 1, 1, 4200},    {2, 1, 0, -1, -3359},  {2, -1, -1, 1, 2463},
    {2, -1, 0, 1, 2211},   {2, -1, -1, -1, 2065}, {0, 1, -1, -1, -1870}, {4, 0, -1, -1, 1828},  {0, 1, 0, 1, -1794},
    {0, 0, 0, 3, -1749},   {0, 1, -1, 1, -1565},  {1, 0, 0, 1, -1491},   {0, 1, 1, 1, -1475},   {0, 1, 1, -1, -1410},
    {0, 1, 0, -1, -1344},  {1, 0, 0, -1, -1335},  {0, 0, 3, 1, 1107},    {4, 0, 0, -1, 1021},   {4, 0, -1, 1, 833},
    {0, 0, 1, -3, 777},    {4, 0, -2, 1, 671},    {2, 0, 0, -3, 607},    {2, 0, 2, -1, 596},    {2, -1, 1, -1, 491},
    {2, 0, -2, 1, -451},   {0, 0, 3, -1, 439},    {2, 0, 2, 1, 422},     {2, 0, -3, -1, 421},   {2, 1, -1, 1, -366},
    {2, 1, 0, 1, -351},    {4, 0, 0, 1, 331},     {2, -1, 1, 1, 315},    {2, -2, 0, -1, 302},   {0, 0, 1, 3, -283},
    {2, 1, 1, -1, -229},   {1, 1, 0, -1, 223},    {1, 1, 0, 1, 223},     {0, 1, -2, -1, -220},  {2, 1, -1, -1, -220},
    {1, 0, 1, 1, -185},    {2, -1, -2, -1, 181},  {0, 1, 2, 1, -177},    {4, 0, -2, -1, 176},   {4, -1, -1, -1, 166},
    {1, 0, 1, -1, -164},   {4, 0, 1, -1, 132},    {1, 0, -1, -1, -119},  {4, -1, 0, -1, 115},   {2, -2, 0, 1, 107},
}};

// General precession in longitude since J2000 (IAU 1976, Meeus 21.5), degrees.
double precession_in_longitude_deg(double t) { return (5029.0966 * t + 1.11113 * t * t) / 3600.0; }

Vec3 from_ecliptic_of_date(const EclipticPosition& p, double t) {
  double lon = radians_from_degrees(p.longitude_deg - precession_in_longitude_deg(t));
  double lat = radians_from_degrees(p.latitude_deg);
  Vec3 ecliptic{p.distance_km * math::cos(lat) * math::cos(lon), p.distance_km * math::cos(lat) * math::sin(lon),
                p.distance_km * math::sin(lat)};
  return ecliptic_j2000_to_equatorial(ecliptic);
}

double earth_mass_fraction_of_moon() { return 1.0 / (1.0 + earth_moon_mass_ratio); }

}  // namespace

Vec3 ecliptic_j2000_to_equatorial(const Vec3& v) {
  // v_eq = R1(ε)ᵀ v_ecl (D§4.7).
  return spice::transpose(spice::rot1(radians_from_degrees(j2000_obliquity_deg))) * v;
}

EclipticPosition sun_ecliptic_of_date(double et) {
  double t = et / seconds_per_century;
  double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;      // Meeus 25.2
  double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;       // 25.3
  double e = 0.016708634 - 0.000042037 * t - 0.0000001267 * t * t;  // 25.4
  double mr = radians_from_degrees(m);
  double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * math::sin(mr) +
             (0.019993 - 0.000101 * t) * math::sin(2 * mr) + 0.000289 * math::sin(3 * mr);
  double true_anomaly = radians_from_degrees(m + c);
  double r_au = 1.000001018 * (1 - e * e) / (1 + e * math::cos(true_anomaly));  // 25.5
  double lon = std::fmod(l0 + c, 360.0);
  if (lon < 0) lon += 360.0;
  return {lon, 0.0, r_au * astronomical_unit_km};
}

EclipticPosition moon_ecliptic_of_date(double et) {
  double t = et / seconds_per_century;
  double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  // Fundamental arguments, Meeus 47.1-47.5 (degrees).
  double lp = 218.3164477 + 481267.88123421 * t - 0.0015786 * t2 + t3 / 538841 - t4 / 65194000;
  double d = 297.8501921 + 445267.1114034 * t - 0.0018819 * t2 + t3 / 545868 - t4 / 113065000;
  double m = 357.5291092 + 35999.0502909 * t - 0.0001536 * t2 + t3 / 24490000;
  double mp = 134.9633964 + 477198.8675055 * t + 0.0087414 * t2 + t3 / 69699 - t4 / 14712000;
  double f = 93.2720950 + 483202.0175233 * t - 0.0036539 * t2 - t3 / 3526000 + t4 / 863310000;
  double a1 = 119.75 + 131.849 * t, a2 = 53.09 + 479264.290 * t, a3 = 313.45 + 481266.484 * t;
  double e = 1 - 0.002516 * t - 0.0000074 * t2;  // 47.6: shrinking eccentricity of the Earth's orbit
  auto e_factor = [e](int m_multiple) { return m_multiple == 0 ? 1.0 : (std::abs(m_multiple) == 1 ? e : e * e); };

  double sl = 0, sr = 0, sb = 0;
  for (const auto& term : moon_longitude_distance) {
    double arg = radians_from_degrees(term.d * d + term.m * m + term.mp * mp + term.f * f);
    sl += term.sigma_l * e_factor(term.m) * math::sin(arg);
    sr += term.sigma_r * e_factor(term.m) * math::cos(arg);
  }
  for (const auto& term : moon_latitude) {
    double arg = radians_from_degrees(term.d * d + term.m * m + term.mp * mp + term.f * f);
    sb += term.sigma_b * e_factor(term.m) * math::sin(arg);
  }
  // Additive terms: Venus (A1), Jupiter (A2), flattening of the Earth (L' − F etc.).
  constexpr auto rad = radians_from_degrees;  // short, for the sums below
  sl += 3958 * math::sin(rad(a1)) + 1962 * math::sin(rad(lp - f)) + 318 * math::sin(rad(a2));
  sb += -2235 * math::sin(rad(lp)) + 382 * math::sin(rad(a3)) + 175 * math::sin(rad(a1 - f)) +
        175 * math::sin(rad(a1 + f)) + 127 * math::sin(rad(lp - mp)) - 115 * math::sin(rad(lp + mp));

  double lon = std::fmod(lp + sl / 1e6, 360.0);
  if (lon < 0) lon += 360.0;
  return {lon, sb / 1e6, 385000.56 + sr / 1000.0};
}

Vec3 sun_geocentric_j2000_km(double et) {
  return from_ecliptic_of_date(sun_ecliptic_of_date(et), et / seconds_per_century);
}

Vec3 moon_geocentric_j2000_km(double et) {
  return from_ecliptic_of_date(moon_ecliptic_of_date(et), et / seconds_per_century);
}

// Sun at the barycentre: the EMB is at −(Sun wrt Earth) + (Earth→EMB offset).
Vec3 emb_wrt_sun_km(double et) { return (-1.0) * sun_geocentric_j2000_km(et) - earth_wrt_emb_km(et); }

Vec3 earth_wrt_emb_km(double et) { return (-earth_mass_fraction_of_moon()) * moon_geocentric_j2000_km(et); }

Vec3 moon_wrt_emb_km(double et) { return (1.0 - earth_mass_fraction_of_moon()) * moon_geocentric_j2000_km(et); }

}  // namespace lpm::simulate
