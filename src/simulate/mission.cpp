#include "simulate/mission.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "base/calendar.hpp"

#include "io/attitude.hpp"
#include "io/data_folder.hpp"
#include "io/file_discovery.hpp"
#include "io/instrument_tables.hpp"
#include "simulate/attitude_model.hpp"
#include "simulate/instrument_layout.hpp"
#include "simulate/mission_ephemeris.hpp"
#include "simulate/simulated_kernels.hpp"
#include "simulate/text_kernels.hpp"

namespace lpm::simulate {
namespace {

constexpr std::int64_t mission_first_day = days_since_2000(1998, 1, 1);
constexpr std::int64_t mission_last_day = days_since_2000(2000, 1, 1);

void check_date(const SimulatedDate& d) {
  if (d.year < first_simulated_year || d.year > last_simulated_year)
    throw std::invalid_argument("simulate covers the years " + std::to_string(first_simulated_year) + "-" +
                                std::to_string(last_simulated_year) + ", not " + std::to_string(d.year));
  if (!is_valid_date(d.year, d.month, d.day))
    throw std::invalid_argument("invalid date " + std::to_string(d.year) + "-" + std::to_string(d.month) + "-" +
                                std::to_string(d.day));
}

std::string midnight_utc(std::int64_t day) {
  CalendarDate d = date_from_days_since_2000(day);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT00:00:00", d.year, d.month, d.day);
  return text;
}

}  // namespace

std::vector<SimulatedDate> date_range(const SimulatedDate& first, const SimulatedDate& last) {
  check_date(first);
  check_date(last);
  std::int64_t a = days_since_2000(first.year, first.month, first.day);
  std::int64_t b = days_since_2000(last.year, last.month, last.day);
  if (b < a) throw std::invalid_argument("the end date is before the start date");
  std::vector<SimulatedDate> days;
  for (std::int64_t d = a; d <= b; ++d) {
    CalendarDate c = date_from_days_since_2000(d);
    days.push_back({c.year, c.month, c.day});
  }
  return days;
}

std::filesystem::path truth_relative_path(int year, int month, int day) {
  std::string table = io::er_table_relative_path(year, month, day).stem().string();  // 3DYYMMDD
  return std::filesystem::path(io::truth_folder_name) / (table + "_truth.npz");
}

void write_mission_files(const std::filesystem::path& data_dir, std::int64_t first_day, std::int64_t last_day) {
  std::filesystem::create_directories(data_dir);
  const std::int64_t from = std::min(mission_first_day, first_day - 1);
  const std::int64_t to = std::max(mission_last_day, last_day + 2);

  const auto theta = simulated_theta_layout_deg();
  io::write_theta_table(io::theta_table_path(data_dir), theta);
  io::write_solid_angles_table(io::solid_angles_table_path(data_dir), io::make_instrument_tables(theta));
  io::write_attitude_table(io::attitude_table_path(data_dir), simulated_attitude(from, to));

  const auto& leap = simulated_leap_seconds();
  write_simulated_kernels(io::kernels_dir(data_dir), leap.utc_to_et(midnight_utc(from)),
                          leap.utc_to_et(midnight_utc(to)));
}

std::vector<DayReport> simulate_mission(const std::filesystem::path& data_dir, const std::vector<SimulatedDate>& days,
                                        const SimulationOptions& options,
                                        const std::function<void(const DayReport&)>& on_day) {
  if (days.empty()) return {};
  std::int64_t first = days_since_2000(days.front().year, days.front().month, days.front().day);
  std::int64_t last = first;
  for (const auto& d : days) {
    check_date(d);
    std::int64_t n = days_since_2000(d.year, d.month, d.day);
    first = std::min(first, n);
    last = std::max(last, n);
  }
  write_mission_files(data_dir, first, last);
  const MissionEphemeris ephemeris(io::kernels_dir(data_dir), io::attitude_table_path(data_dir),
                                   io::read_theta_table(io::theta_table_path(data_dir)).theta_deg);

  std::vector<DayReport> reports;
  for (const auto& d : days) {
    SimulatedDay day = simulate_day(ephemeris, d.year, d.month, d.day, options);
    DayReport report{d, data_dir / io::er_table_relative_path(d.year, d.month, d.day),
                     data_dir / truth_relative_path(d.year, d.month, d.day), day.spectra.size(),
                     day.truth.rows_utc.size()};
    std::filesystem::create_directories(report.table_path.parent_path());
    io::write_er_table(report.table_path, day.spectra);
    io::write_npz(report.truth_path, truth_archive(day.truth));
    if (on_day) on_day(report);
    reports.push_back(report);
  }
  return reports;
}

}  // namespace lpm::simulate
