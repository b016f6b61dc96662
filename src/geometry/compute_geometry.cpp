#include "geometry/compute_geometry.hpp"

#include <cmath>

#include "spice/error.hpp"

namespace lpm::geometry {

EphemerisLookup lookup_row_ephemeris(const spice::KernelSet& kernels, double et, std::string_view moon_frame,
                                     const Mat3& ecl_to_j2000) {
  EphemerisLookup lookup;
  Vec3 lp_wrt_moon, sun_wrt_moon;
  try {
    lp_wrt_moon = kernels.state(naif_lunar_prospector_id, naif_moon_id, "J2000", et).position_km;
    sun_wrt_moon = kernels.state(naif_sun_id, naif_moon_id, "J2000", et).position_km;
  } catch (const spice::SpiceError& error) {
    return {GeometryStatus::spk_unavailable, {}, error.what()};
  }
  Mat3 j2000_to_moon;
  try {
    j2000_to_moon = kernels.rotation("J2000", moon_frame, et);
  } catch (const spice::SpiceError& error) {
    return {GeometryStatus::frame_unavailable, {}, error.what()};
  }
  lookup.ephemeris = make_row_ephemeris(et, lp_wrt_moon, sun_wrt_moon, j2000_to_moon, ecl_to_j2000);
  return lookup;
}

namespace {

// What rows with one UTC string share.
struct EpochGeometry {
  GeometryStatus status = GeometryStatus::ok;
  double et = nan;
  RowEphemeris ephemeris;
  io::SpinAxis spin{nan, nan};
};

class MessageLog {
 public:
  explicit MessageLog(GeometryMessages* messages) : messages_(messages) {}
  void note(GeometryStatus status, const std::string& text) {
    if (!messages_) return;
    std::string& slot = messages_->first[static_cast<std::size_t>(status)];
    if (slot.empty()) slot = text;
  }

 private:
  GeometryMessages* messages_;
};

EpochGeometry epoch_geometry(std::string_view utc, const spice::KernelSet& kernels, const io::AttitudeSeries& attitude,
                             const GeometryOptions& options, const Mat3& ecl_to_j2000, MessageLog& log) {
  EpochGeometry epoch;
  try {
    epoch.et = kernels.utc_to_et(utc);
  } catch (const spice::SpiceError& error) {
    epoch.status = GeometryStatus::bad_utc;
    log.note(epoch.status, error.what());
    return epoch;
  }
  epoch.spin = io::interpolate_attitude(attitude, epoch.et);
  if (!std::isfinite(epoch.spin.ra_deg) || !std::isfinite(epoch.spin.dec_deg)) {
    epoch.status = GeometryStatus::attitude_unavailable;
    log.note(epoch.status, "no attitude record around " + std::string(utc));
    return epoch;
  }
  EphemerisLookup lookup = lookup_row_ephemeris(kernels, epoch.et, options.moon_frame, ecl_to_j2000);
  epoch.status = lookup.status;
  epoch.ephemeris = lookup.ephemeris;
  if (lookup.status != GeometryStatus::ok) log.note(lookup.status, lookup.message);
  return epoch;
}

}  // namespace

std::vector<RowGeometry> compute_geometry(std::span<const io::ErRow> rows, const spice::KernelSet& kernels,
                                          const io::AttitudeSeries& attitude, const GeometryOptions& options,
                                          GeometryMessages* messages) {
  MessageLog log(messages);
  std::vector<RowGeometry> result;
  result.reserve(rows.size());
  if (rows.empty()) return result;

  // ECLIPJ2000 → J2000 is a constant rotation (the J2000 obliquity); ask once.
  Mat3 ecl_to_j2000 = nan_matrix;
  bool frames_ok = true;
  try {
    ecl_to_j2000 = kernels.rotation("ECLIPJ2000", "J2000", 0.0);
  } catch (const spice::SpiceError& error) {
    frames_ok = false;
    log.note(GeometryStatus::frame_unavailable, error.what());
  }

  const std::string* previous_utc = nullptr;
  EpochGeometry epoch;
  for (const io::ErRow& row : rows) {
    if (!frames_ok) {
      result.push_back(unknown_row_geometry(GeometryStatus::frame_unavailable, nan));
      continue;
    }
    if (!previous_utc || *previous_utc != row.utc) {
      epoch = epoch_geometry(row.utc, kernels, attitude, options, ecl_to_j2000, log);
      previous_utc = &row.utc;
    }
    if (epoch.status != GeometryStatus::ok) {
      result.push_back(unknown_row_geometry(epoch.status, epoch.et));
      continue;
    }
    const Vec3 b_scd{row.b_scd_nt[0], row.b_scd_nt[1], row.b_scd_nt[2]};
    RowGeometry geometry = compute_row_geometry(epoch.ephemeris, epoch.spin, b_scd, options.moon_radius_km);
    if (geometry.status != GeometryStatus::ok)
      log.note(geometry.status, std::string(to_string(geometry.status)) + " at " + row.utc);
    result.push_back(geometry);
  }
  return result;
}

}  // namespace lpm::geometry
