#pragma once
// The fixed ER instrument tables: cell elevations theta.tab (D§2.3), the locally generated
// solid_angles.tab (D§2.4), ring multiplicities (P§1.2) and the pseudo-count helper (P§1.4).

#include <array>
#include <filesystem>

#include "base/constants.hpp"
#include "io/er_table.hpp"

namespace lpm::io {

struct InstrumentTables {
  std::array<double, er_channels> theta_deg{};       // elevation above the spin plane, cell k
  std::array<double, er_channels> solid_angle_sr{};  // by |theta| (D§2.4)
  std::array<int, er_channels> bins_in_ring{};       // cells sharing theta_k: 4, 8, 16 or 16
};

// Solid angle [sr] of a cell at elevation theta (D§2.4). Throws std::invalid_argument unless
// theta is one of ±78.75, ±56.25, ±33.75, ±11.25 (within 1e-6 deg).
double solid_angle_for_theta(double theta_deg);

// Number of cells in the ring at elevation theta: 4 (|θ| = 78.75), 8 (56.25), 16 (33.75, 11.25).
int bins_in_ring_for_theta(double theta_deg);

// Tables for 88 cell elevations in file order. Throws std::invalid_argument when a value is not
// one of the eight ring elevations or a ring does not hold its number of cells.
InstrumentTables make_instrument_tables(const std::array<double, er_channels>& theta_deg);

// The |theta|-sorted layout the reference's tests use (D§2.3): 11.25 x16, -11.25 x16,
// 33.75 x16, -33.75 x16, 56.25 x8, -56.25 x8, 78.75 x4, -78.75 x4. Not the real file order.
std::array<double, er_channels> mock_theta_layout_deg();

// Reads theta.tab: 88 whitespace-separated numbers, cell k = k-th value. Throws
// std::runtime_error naming the file and what is wrong (unreadable, count != 88, bad value,
// wrong ring multiplicity).
InstrumentTables read_theta_table(const std::filesystem::path& path);

// Writes 88 theta values, one per line (%.2f), atomically.
void write_theta_table(const std::filesystem::path& path, const std::array<double, er_channels>& theta_deg);

// Writes solid_angles.tab: 88 lines, one value per theta.tab line, %.6f (D§2.4), atomically.
void write_solid_angles_table(const std::filesystem::path& path, const InstrumentTables& tables);

// Pseudo-counts of one row (P§1.4, D§2.5): er_cell_count (base/er_counts.hpp) summed over its
// 88 cells.
double row_count(const ErRow& row, const InstrumentTables& tables);

}  // namespace lpm::io
