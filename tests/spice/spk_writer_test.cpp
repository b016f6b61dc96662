// SPK writer (types 2, 9, 13): files read back by our reader and, for Chebyshev data, by
// python3-jplephem (tests/spice/jplephem_check.py) as an independent oracle.
#include "spice/spk_writer.hpp"

#include <cmath>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spice/daf.hpp"
#include "spice/error.hpp"
#include "spice/spk.hpp"
#include "support/test_support.hpp"

namespace {

using namespace lpm::spice;

// Circular orbit of radius 1837.4 km about the Moon (kernels README's synthetic LP orbit).
constexpr double radius_km = 1837.4, rate = 8.890302195426711e-4, t0 = -48859200;
StateVector orbit(double et) {
  const double th = rate * (et - t0);
  return {
      {radius_km * std::cos(th), 0.3 * radius_km * std::sin(th), 0.9 * radius_km * std::sin(th)},
      {-radius_km * rate * std::sin(th), 0.3 * radius_km * rate * std::cos(th), 0.9 * radius_km * rate * std::cos(th)}};
}

std::string python() { return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

std::vector<StateVector> run_jplephem(const std::filesystem::path& file, int target, int center,
                                      const std::vector<double>& ets) {
  std::string cmd = python() + " " + (lpm::test::source_dir() / "tests/spice/jplephem_check.py").string() + " " +
                    file.string() + " " + std::to_string(target) + " " + std::to_string(center);
  for (double et : ets) {
    std::ostringstream s;
    s.precision(17);
    s << et;
    cmd += ' ';  // appended piecewise: GCC 12 warns falsely (-Wrestrict) on " " + s.str()
    cmd += s.str();
  }
  auto result = lpm::test::run_command(cmd);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  std::istringstream in(result.output);
  std::vector<StateVector> out;
  StateVector s;
  while (in >> s.position_km[0] >> s.position_km[1] >> s.position_km[2] >> s.velocity_km_s[0] >> s.velocity_km_s[1] >>
         s.velocity_km_s[2])
    out.push_back(s);
  EXPECT_EQ(out.size(), ets.size()) << result.output;
  return out;
}

TEST(SpkWriter, Type2FitReadsBackCloseToTheFunction) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "fit.bsp";
  SpkWriter w(path, "LPM TEST");
  auto seg =
      fit_chebyshev_type2(-25, 301, 1, t0, t0 + 86400, 3600, 15, [](double et) { return orbit(et).position_km; });
  w.add(seg);
  w.set_comments("written by spk_writer_test\nsecond line");
  w.close();

  auto daf = DafFile::open(path);
  EXPECT_EQ(daf.comments(), "written by spk_writer_test\nsecond line");
  auto spk = SpkFile::open(path);
  ASSERT_EQ(spk.segments().size(), 1u);
  EXPECT_EQ(spk.segments()[0].type, 2);
  for (double et = t0; et <= t0 + 86400; et += 997) {
    StateVector s = spk.evaluate(0, et), want = orbit(et);
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(s.position_km[k], want.position_km[k], 1e-6) << et;
      EXPECT_NEAR(s.velocity_km_s[k], want.velocity_km_s[k], 1e-9) << et;
    }
  }
}

TEST(SpkWriter, Type2FileAgreesWithJplephem) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "fit.bsp";
  SpkWriter w(path, "LPM TEST");
  w.add(fit_chebyshev_type2(-25, 301, 1, t0, t0 + 86400, 3600, 12, [](double et) { return orbit(et).position_km; }));
  w.close();
  auto spk = SpkFile::open(path);
  std::vector<double> ets = {t0, t0 + 1234.5, t0 + 43200, t0 + 86400};
  auto oracle = run_jplephem(path, -25, 301, ets);
  for (std::size_t i = 0; i < oracle.size(); ++i) {
    StateVector s = spk.evaluate(0, ets[i]);
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(s.position_km[k], oracle[i].position_km[k], 1e-9);
      EXPECT_NEAR(s.velocity_km_s[k], oracle[i].velocity_km_s[k], 1e-12);
    }
  }
}

TEST(SpkReaderCrossCheck, De440sAgreesWithJplephem) {
  LPM_REQUIRE_SHARED_KERNELS();
  auto path = lpm::test::kernels_dir() / "de440s-j2000.bsp";
  auto spk = SpkFile::open(path);
  const std::vector<double> ets = {-43135.816087188054, -1000.25, 0, 12345.678, 43264.183941763171};
  for (std::size_t seg = 0; seg < spk.segments().size(); ++seg) {
    const auto& s = spk.segments()[seg];
    if (s.target != 301 && s.target != 399 && s.target != 3 && s.target != 10) continue;  // keep the test quick
    auto oracle = run_jplephem(path, s.target, s.center, ets);
    for (std::size_t i = 0; i < oracle.size(); ++i) {
      StateVector got = spk.evaluate(seg, ets[i]);
      const double scale = norm(oracle[i].position_km), vscale = norm(oracle[i].velocity_km_s);
      for (int k = 0; k < 3; ++k) {
        EXPECT_NEAR(got.position_km[k], oracle[i].position_km[k], 1e-13 * scale) << s.target;
        EXPECT_NEAR(got.velocity_km_s[k], oracle[i].velocity_km_s[k], 1e-12 * vscale) << s.target;
      }
    }
  }
}

template <class Segment>
void check_discrete_round_trip(Segment seg, int type) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "states.bsp";
  // Unequal steps (30..90 s) over 2 h; 150 states so the epoch directory is used.
  double et = t0;
  for (int i = 0; i < 150; ++i) {
    seg.epochs.push_back(et);
    seg.states.push_back(orbit(et));
    et += 30 + 60 * ((i * 7) % 5) / 4.0;
  }
  SpkWriter w(path, "LPM TEST");
  w.add(seg);
  w.close();
  auto spk = SpkFile::open(path);
  ASSERT_EQ(spk.segments()[0].type, type);
  EXPECT_EQ(spk.segments()[0].start_et, seg.epochs.front());
  EXPECT_EQ(spk.segments()[0].end_et, seg.epochs.back());
  for (std::size_t i = 0; i < seg.epochs.size(); ++i) {
    StateVector s = spk.evaluate(0, seg.epochs[i]);
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(s.position_km[k], seg.states[i].position_km[k], 1e-9);
      EXPECT_NEAR(s.velocity_km_s[k], seg.states[i].velocity_km_s[k], 1e-12);
    }
  }
  for (std::size_t i = 0; i + 1 < seg.epochs.size(); ++i) {
    const double mid = 0.5 * (seg.epochs[i] + seg.epochs[i + 1]);
    StateVector s = spk.evaluate(0, mid), want = orbit(mid);
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(s.position_km[k], want.position_km[k], 1e-5) << mid;
      EXPECT_NEAR(s.velocity_km_s[k], want.velocity_km_s[k], 1e-8) << mid;
    }
  }
}

TEST(SpkWriter, Type9ReturnsInputStatesAtNodesAndInterpolatesBetween) {
  Type9Segment seg;
  seg.target = -25;
  seg.center = 301;
  seg.degree = 7;
  seg.name = "TYPE 9 TEST";
  check_discrete_round_trip(seg, 9);
}

TEST(SpkWriter, Type13ReturnsInputStatesAtNodesAndInterpolatesBetween) {
  Type13Segment seg;
  seg.target = -25;
  seg.center = 301;
  seg.window_size = 6;
  seg.name = "TYPE 13 TEST";
  check_discrete_round_trip(seg, 13);
}

TEST(SpkWriter, ManySegmentsSpanSeveralSummaryRecords) {
  lpm::test::TempDir dir;
  auto path = dir.path() / "many.bsp";
  SpkWriter w(path, "MANY");
  for (int i = 0; i < 60; ++i) {
    auto seg = fit_chebyshev_type2(-1000 - i, 301, 1, t0, t0 + 3600, 3600, 15,
                                   [](double et) { return orbit(et).position_km; });
    w.add(seg);
  }
  w.close();
  auto spk = SpkFile::open(path);
  ASSERT_EQ(spk.segments().size(), 60u);
  EXPECT_EQ(spk.segments()[59].target, -1059);
  EXPECT_NEAR(spk.evaluate(59, t0 + 100).position_km[0], orbit(t0 + 100).position_km[0], 1e-3);
}

TEST(SpkWriter, RejectsInconsistentSegments) {
  lpm::test::TempDir dir;
  SpkWriter w(dir.path() / "bad.bsp", "BAD");
  Type9Segment seg;
  seg.degree = 3;
  seg.epochs = {0, 1, 1, 2, 3};
  seg.states.resize(5);
  seg.name = "DUPLICATE EPOCH";
  EXPECT_THROW(w.add(seg), SpiceError);
  seg.epochs = {0, 1, 2};
  seg.states.resize(3);
  EXPECT_THROW(w.add(seg), SpiceError);  // window 4 > 3 states
}

}  // namespace
