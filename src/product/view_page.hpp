#pragma once
// `view` (issue 24): one self-contained HTML page of potential caches. The page template
// (src/product/view/page.html, embedded at build time) is filled with plotly.js and the data:
// every per-spectrum column as a base64 typed array (Float64/Float32/Int8/Uint8/Uint16, little
// endian), every text as base64 UTF-8, so the page holds no per-point JSON and no text that
// needs escaping inside a <script>.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "product/cache_reader.hpp"
#include "product/stats.hpp"

namespace lpm::product {

// The file an --explain-dir holds for a spectrum: "<stem of its cache>_spec<spec_no>.png", e.g.
// potential_batch_1998_06_spec2846.png (spec_no restarts in every batch cache; the cache's name
// tells them apart). The page links it, and otherwise shows the `explain` command that writes it.
std::string explain_figure_prefix(const std::string& cache_path);  // "potential_batch_1998_06_spec"
inline constexpr std::string_view explain_figure_suffix = ".png";
std::string explain_figure_name(const std::string& cache_path, std::int64_t spec_no);

struct ViewInputs {
  CacheSpectra spectra;
  std::vector<std::uint16_t> cache_index;  // per spectrum: which of cache_paths it came from
  std::vector<std::string> cache_paths;    // as the explain command names them
  std::string data_dir = "data";           // --data-dir of the explain command
  std::string explain_dir = ".";           // where the explain command writes its figure
  std::string explain_href;                // the --explain-dir relative to the page; "" when not given
  std::vector<std::uint8_t> has_figure;    // per spectrum: its figure is in the --explain-dir
  std::optional<StatsTable> stats;         // a `stats --by grid` table: the binned median layer
  std::string stats_name;                  // its file, for the page
  std::string title;
};

// Throws std::invalid_argument unless `table` is binned by footpoint grid (the only layer a map takes).
void check_stats_layer(const StatsTable& table, const std::string& name);

// RFC 4648 base64 with padding.
std::string base64(std::string_view bytes);

// A POSIX shell word: as is when it is made only of safe characters, else single-quoted.
std::string shell_word(std::string_view text);

// The page: the template with plotly_js (its "</script" made harmless) and the data filled in.
std::string view_page_html(const ViewInputs& inputs, std::string_view plotly_js);

// The page template (generated from src/product/view/page.html at build time).
extern const std::string_view view_page_template;

}  // namespace lpm::product
