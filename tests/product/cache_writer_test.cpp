#include "product/cache_writer.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "../support/test_support.hpp"
#include "io/npz.hpp"

using namespace lpm::product;
using lpm::pipeline::PipelineSettings;
using lpm::pipeline::SpectrumResult;

namespace {

SpectrumResult make_result(std::int64_t spec_no, lpm::fit::FitStatus status, double u) {
  SpectrumResult s;
  s.spec_no = spec_no;
  s.status = status;
  s.u_surface_v = u;
  s.u_surface_lower_v = u - 10;
  s.u_surface_upper_v = u + 10;
  for (int i = 0; i < 15; ++i) {
    s.rows[i].utc = "1998-06-15T00:00:" + std::to_string(10 + i);
    s.rows[i].time = std::to_string(897868800 + i);
  }
  return s;
}

}  // namespace

TEST(Payload, RowArraysRepeatSpectrumValuesAndUnfittedSpectraHaveNaNPotential) {
  std::vector<SpectrumResult> results{make_result(1, lpm::fit::FitStatus::fitted, -50),
                                      make_result(2, lpm::fit::FitStatus::rejected_by_chi2, -70)};
  auto npz = build_payload(results, {"data/1998/152_181JUN/3D980615.TAB"}, {});
  auto rows_u = npz.at("rows_projected_potential").as_f8();
  ASSERT_EQ(rows_u.size(), 30u);
  EXPECT_EQ(rows_u[0], -50);
  EXPECT_EQ(rows_u[14], -50);
  EXPECT_TRUE(std::isnan(rows_u[15]));
  auto has_fit = npz.at("spec_has_fit").as_bool();
  EXPECT_TRUE(has_fit[0]);
  EXPECT_FALSE(has_fit[1]);
  EXPECT_EQ(npz.at("spec_status").as_i1()[1], static_cast<std::int8_t>(lpm::fit::FitStatus::rejected_by_chi2));
  EXPECT_EQ(npz.at("rows_utc").as_strings()[1], "1998-06-15T00:00:11");
  EXPECT_EQ(npz.at("spec_time_end").as_strings()[0], std::to_string(897868800 + 14));
}

TEST(Payload, HasEveryKeyOfTheContractWithItsDtype) {
  std::vector<SpectrumResult> results{make_result(1, lpm::fit::FitStatus::fitted, -50)};
  PipelineSettings settings;
  settings.emit_u_width_qc = true;
  auto npz = build_payload(results, {"f"}, settings);
  using lpm::io::DType;
  const std::vector<std::pair<const char*, DType>> expected = {{"rows_spec_no", DType::i8},
                                                               {"rows_utc", DType::unicode},
                                                               {"rows_time", DType::unicode},
                                                               {"rows_spacecraft_latitude", DType::f8},
                                                               {"rows_spacecraft_longitude", DType::f8},
                                                               {"rows_projection_latitude", DType::f8},
                                                               {"rows_projection_longitude", DType::f8},
                                                               {"rows_spacecraft_potential", DType::f8},
                                                               {"rows_projected_potential", DType::f8},
                                                               {"rows_spacecraft_in_sun", DType::b1},
                                                               {"rows_projection_in_sun", DType::b1},
                                                               {"rows_projection_polarity", DType::i1},
                                                               {"rows_bs_over_bm", DType::f8},
                                                               {"rows_beam_amp", DType::f8},
                                                               {"rows_fit_chi2", DType::f8},
                                                               {"rows_electron_temperature", DType::f8},
                                                               {"rows_electron_density", DType::f8},
                                                               {"rows_kappa_value", DType::f8},
                                                               {"rows_environment_class", DType::i1},
                                                               {"rows_u_surface_lower", DType::f8},
                                                               {"rows_u_surface_upper", DType::f8},
                                                               {"rows_u_width_lhs_dchi2red_0p001", DType::f8},
                                                               {"rows_u_is_identifiable_lhs_dchi2red_0p001", DType::b1},
                                                               {"spec_spec_no", DType::i8},
                                                               {"spec_time_start", DType::unicode},
                                                               {"spec_time_end", DType::unicode},
                                                               {"spec_has_fit", DType::b1},
                                                               {"spec_row_count", DType::i8},
                                                               {"spec_u_surface", DType::f8},
                                                               {"spec_bs_over_bm", DType::f8},
                                                               {"spec_fit_chi2", DType::f8},
                                                               {"spec_electron_temperature", DType::f8},
                                                               {"spec_electron_density", DType::f8},
                                                               {"spec_environment_class", DType::i1},
                                                               {"spec_u_surface_lower", DType::f8},
                                                               {"spec_u_surface_upper", DType::f8},
                                                               {"spec_u_spacecraft", DType::f8},
                                                               {"spec_kappa_value", DType::f8},
                                                               {"spec_beam_amp", DType::f8},
                                                               {"spec_status", DType::i1},
                                                               {"spec_file_index", DType::i4},
                                                               {"spec_u_width_lhs_dchi2red_0p001", DType::f8},
                                                               {"spec_u_is_identifiable_lhs_dchi2red_0p001", DType::b1},
                                                               {"u_width_lhs_delta_reduced", DType::f8},
                                                               {"u_width_lhs_identifiable_max_v", DType::f8},
                                                               {"files", DType::unicode},
                                                               {"meta_version", DType::unicode},
                                                               {"meta_fit_method", DType::unicode},
                                                               {"meta_u_spacecraft_override", DType::f8},
                                                               {"meta_settings", DType::unicode}};
  for (const auto& [key, dtype] : expected) {
    ASSERT_TRUE(npz.contains(key)) << key;
    EXPECT_EQ(npz.at(key).dtype, dtype) << key;
  }
  EXPECT_EQ(npz.at("rows_utc").unicode_width, 64);
  EXPECT_EQ(npz.at("files").unicode_width, 256);
  EXPECT_TRUE(npz.at("meta_u_spacecraft_override").shape.empty());
  EXPECT_TRUE(std::isnan(npz.at("meta_u_spacecraft_override").as_f8()[0]));
}

TEST(Payload, StreamedWriteGivesTheSameFileAsTheWholePayload) {
  std::vector<SpectrumResult> results;  // enough spectra for the string arrays to go in several pieces
  for (int k = 1; k <= 2500; ++k)
    results.push_back(make_result(k, k % 3 ? lpm::fit::FitStatus::fitted : lpm::fit::FitStatus::no_valid_bins, -k));
  PipelineSettings settings;
  settings.emit_u_width_qc = true;
  lpm::test::TempDir dir;
  lpm::io::write_npz(dir.path() / "whole.npz", build_payload(results, {"f"}, settings));
  write_payload(dir.path() / "streamed.npz", results, {"f"}, settings);
  EXPECT_EQ(lpm::test::read_bytes(dir.path() / "streamed.npz"), lpm::test::read_bytes(dir.path() / "whole.npz"));
}
