#pragma once
// The potential cache's schema (SPEC §5, P§5.5): every key name with its dtype, spelled here
// once, and the int8 codes of the status and environment columns. The writer, the reader and
// `inspect` name keys only through these constants, so a key cannot drift between them.

#include <cstdint>
#include <optional>
#include <string_view>

#include "fit/fit_status.hpp"
#include "io/npy_array.hpp"
#include "pipeline/environment.hpp"

namespace lpm::product {

inline constexpr int string_width = 64;  // <U64, as the reference
inline constexpr int path_width = 256;   // <U256 for `files`

struct Key {
  std::string_view name;
  io::DType dtype;
  int unicode_width = 0;  // for io::DType::unicode; 0: as wide as the value (meta_settings)
};

namespace keys {
using io::DType;

// Row level: one entry per ER row; a spectrum's values repeat on its 15 rows.
inline constexpr Key rows_spec_no{"rows_spec_no", DType::i8};
inline constexpr Key rows_utc{"rows_utc", DType::unicode, string_width};
inline constexpr Key rows_time{"rows_time", DType::unicode, string_width};
inline constexpr Key rows_spacecraft_latitude{"rows_spacecraft_latitude", DType::f8};
inline constexpr Key rows_spacecraft_longitude{"rows_spacecraft_longitude", DType::f8};
inline constexpr Key rows_projection_latitude{"rows_projection_latitude", DType::f8};
inline constexpr Key rows_projection_longitude{"rows_projection_longitude", DType::f8};
inline constexpr Key rows_spacecraft_potential{"rows_spacecraft_potential", DType::f8};
inline constexpr Key rows_projected_potential{"rows_projected_potential", DType::f8};
inline constexpr Key rows_spacecraft_in_sun{"rows_spacecraft_in_sun", DType::b1};
inline constexpr Key rows_projection_in_sun{"rows_projection_in_sun", DType::b1};
inline constexpr Key rows_projection_polarity{"rows_projection_polarity", DType::i1};
inline constexpr Key rows_bs_over_bm{"rows_bs_over_bm", DType::f8};
inline constexpr Key rows_beam_amp{"rows_beam_amp", DType::f8};
inline constexpr Key rows_fit_chi2{"rows_fit_chi2", DType::f8};
inline constexpr Key rows_electron_temperature{"rows_electron_temperature", DType::f8};
inline constexpr Key rows_electron_density{"rows_electron_density", DType::f8};
inline constexpr Key rows_kappa_value{"rows_kappa_value", DType::f8};
inline constexpr Key rows_environment_class{"rows_environment_class", DType::i1};
inline constexpr Key rows_u_surface_lower{"rows_u_surface_lower", DType::f8};
inline constexpr Key rows_u_surface_upper{"rows_u_surface_upper", DType::f8};
inline constexpr Key rows_geometry_status{"rows_geometry_status", DType::i1};
// Written only with --emit-u-width-qc (the reference's identifiability keys).
inline constexpr Key rows_u_width{"rows_u_width_lhs_dchi2red_0p001", DType::f8};
inline constexpr Key rows_u_is_identifiable{"rows_u_is_identifiable_lhs_dchi2red_0p001", DType::b1};

// Spectrum level, ascending spec_no.
inline constexpr Key spec_spec_no{"spec_spec_no", DType::i8};
inline constexpr Key spec_time_start{"spec_time_start", DType::unicode, string_width};
inline constexpr Key spec_time_end{"spec_time_end", DType::unicode, string_width};
inline constexpr Key spec_has_fit{"spec_has_fit", DType::b1};
inline constexpr Key spec_row_count{"spec_row_count", DType::i8};
inline constexpr Key spec_u_surface{"spec_u_surface", DType::f8};
inline constexpr Key spec_bs_over_bm{"spec_bs_over_bm", DType::f8};
inline constexpr Key spec_fit_chi2{"spec_fit_chi2", DType::f8};
inline constexpr Key spec_electron_temperature{"spec_electron_temperature", DType::f8};
inline constexpr Key spec_electron_density{"spec_electron_density", DType::f8};
inline constexpr Key spec_environment_class{"spec_environment_class", DType::i1};
inline constexpr Key spec_u_surface_lower{"spec_u_surface_lower", DType::f8};
inline constexpr Key spec_u_surface_upper{"spec_u_surface_upper", DType::f8};
inline constexpr Key spec_u_spacecraft{"spec_u_spacecraft", DType::f8};
inline constexpr Key spec_u_spacecraft_lower{"spec_u_spacecraft_lower", DType::f8};
inline constexpr Key spec_u_spacecraft_upper{"spec_u_spacecraft_upper", DType::f8};
inline constexpr Key spec_u_spacecraft_candidates{"spec_u_spacecraft_candidates", DType::i1};
inline constexpr Key spec_kappa_value{"spec_kappa_value", DType::f8};
inline constexpr Key spec_beam_amp{"spec_beam_amp", DType::f8};
inline constexpr Key spec_status{"spec_status", DType::i1};
inline constexpr Key spec_file_index{"spec_file_index", DType::i4};
// Geometry of the spectrum's footpoint row (footpoint_row.hpp); spec_time_unix is of its first row.
inline constexpr Key spec_projection_latitude{"spec_projection_latitude", DType::f8};
inline constexpr Key spec_projection_longitude{"spec_projection_longitude", DType::f8};
inline constexpr Key spec_projection_in_sun{"spec_projection_in_sun", DType::b1};
inline constexpr Key spec_spacecraft_in_sun{"spec_spacecraft_in_sun", DType::b1};
inline constexpr Key spec_solar_zenith_deg{"spec_solar_zenith_deg", DType::f8};
inline constexpr Key spec_local_time_h{"spec_local_time_h", DType::f8};
inline constexpr Key spec_field_normal_angle_deg{"spec_field_normal_angle_deg", DType::f8};
inline constexpr Key spec_time_unix{"spec_time_unix", DType::f8};
inline constexpr Key spec_u_width{"spec_u_width_lhs_dchi2red_0p001", DType::f8};
inline constexpr Key spec_u_is_identifiable{"spec_u_is_identifiable_lhs_dchi2red_0p001", DType::b1};
inline constexpr Key u_width_lhs_delta_reduced{"u_width_lhs_delta_reduced", DType::f8};
inline constexpr Key u_width_lhs_identifiable_max_v{"u_width_lhs_identifiable_max_v", DType::f8};

// Run level.
inline constexpr Key files{"files", DType::unicode, path_width};
inline constexpr Key meta_version{"meta_version", DType::unicode, string_width};
inline constexpr Key meta_fit_method{"meta_fit_method", DType::unicode, string_width};
inline constexpr Key meta_u_spacecraft_override{"meta_u_spacecraft_override", DType::f8};
inline constexpr Key meta_settings{"meta_settings", DType::unicode};
// Provenance (issue 20): what the cache was made from, so that a result can be traced and an
// existing output is reused only for the same inputs (product/run_inputs.hpp).
// meta_input_paths: absolute paths of the selected ER tables; meta_input_sha1: their SHA-1
// ("" for a table that could not be read); meta_kernel_names / meta_kernel_sha1: the SPICE
// kernels in load order (file names) and their SHA-1.
inline constexpr Key meta_input_paths{"meta_input_paths", DType::unicode, path_width};
inline constexpr Key meta_input_sha1{"meta_input_sha1", DType::unicode, string_width};
inline constexpr Key meta_kernel_names{"meta_kernel_names", DType::unicode, string_width};
inline constexpr Key meta_kernel_sha1{"meta_kernel_sha1", DType::unicode, string_width};

}  // namespace keys

// spec_status holds fit::FitStatus as int8 (its values are never renumbered).
constexpr std::int8_t status_code(fit::FitStatus status) { return static_cast<std::int8_t>(status); }
std::optional<fit::FitStatus> status_from_code(int code);  // nullopt: not a known code
const char* status_name(int code);                         // "fitted", ...; "unknown" otherwise
const char* status_meaning(int code);                      // one line, for `inspect`

// rows_/spec_environment_class hold pipeline::EnvironmentClass as int8 (P§5.4).
inline constexpr int environment_class_count = 6;
constexpr std::int8_t environment_code(pipeline::EnvironmentClass environment) {
  return static_cast<std::int8_t>(environment);
}
pipeline::EnvironmentClass environment_from_code(int code);  // unknown for a code outside 0..5

}  // namespace lpm::product
