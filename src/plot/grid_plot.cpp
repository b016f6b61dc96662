#include "plot/grid_plot.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "plot/axes.hpp"
#include "plot/figure_text.hpp"

namespace lpm::plot {
namespace {

constexpr double hatch_spacing_px = 6;  // between the diagonal lines that mark a sparse cell

struct PixelRect {
  double x0, y0, x1, y1;
};

// Pixel rectangle of the cell (lat index i, lon index j); edges on whole pixels, so neighbours
// meet without a seam.
PixelRect grid_cell_rect(const MapLayout& layout, const product::StatsTable& table, std::size_t i, std::size_t j) {
  const product::StatsAxis &lat = table.axes[0], &lon = table.axes[1];
  const auto top_left = map_pixel(layout, lat.upper[i], lon.lower[j]);
  const auto bottom_right = map_pixel(layout, lat.lower[i], lon.upper[j]);
  return {std::round(top_left->first), std::round(top_left->second), std::round(bottom_right->first),
          std::round(bottom_right->second)};
}

// Diagonal lines across `rect`, clipped to it.
void hatch(Canvas& canvas, const PixelRect& rect) {
  cairo_t* cr = canvas.cr();
  cairo_save(cr);
  cairo_rectangle(cr, rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0);
  cairo_clip(cr);
  canvas.set_colour(ink, 0.85);
  cairo_set_line_width(cr, 1.2);
  const double height = rect.y1 - rect.y0;
  for (double x = rect.x0 - height; x < rect.x1; x += hatch_spacing_px) {
    cairo_move_to(cr, x, rect.y1);
    cairo_line_to(cr, x + height, rect.y0);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

void fill_rect(Canvas& canvas, const PixelRect& rect, Rgb colour) {
  canvas.set_colour(colour);
  cairo_rectangle(canvas.cr(), rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0);
  cairo_fill(canvas.cr());
}

// Key below the colour bar: what grey and hatching mean.
void draw_sampling_key(Canvas& canvas, const MapLayout& layout, double top) {
  const double x = layout.left + layout.width + 50, size = 14, line = 22;
  const PixelRect empty{x, top, x + size, top + size};
  const PixelRect sparse{x, top + line, x + size, top + line + size};
  fill_rect(canvas, empty, moon_grey);
  fill_rect(canvas, sparse, diverging_colour(0.0, {-1, 1}));
  hatch(canvas, sparse);
  canvas.set_colour(ink);
  cairo_set_line_width(canvas.cr(), 1.0);
  for (const PixelRect& r : {empty, sparse}) cairo_rectangle(canvas.cr(), r.x0 + 0.5, r.y0 + 0.5, size - 1, size - 1);
  cairo_stroke(canvas.cr());
  canvas.text(x + size + 8, top + size / 2, "no spectra", label_font_px);
  canvas.text(x + size + 8, top + line + size / 2, fmt::format("< {} spectra", well_sampled_spectra), label_font_px);
}

}  // namespace

CellSampling cell_sampling(std::size_t spectra) {
  if (spectra == 0) return CellSampling::empty;
  return spectra < well_sampled_spectra ? CellSampling::sparse : CellSampling::well_sampled;
}

product::StatsTable grid_stats(const product::CacheSpectra& data, const PlotOptions& options) {
  product::StatsOptions stats;
  stats.by = product::StatsBy::grid;
  stats.grid_deg = options.grid_deg;
  stats.illumination = options.illumination;
  return product::compute_stats(data, stats);
}

void draw_grid(Canvas& canvas, const product::StatsTable& table, const PlotOptions& options) {
  if (table.by != product::StatsBy::grid || table.axes.size() != 2 || table.quantities.empty())
    throw std::invalid_argument(
        fmt::format("--kind grid needs statistics by grid, not by {}", product::to_string(table.by)));
  if (options.orthographic)
    throw std::invalid_argument("--kind grid draws equirectangular maps only (drop --orthographic)");
  const auto& cells = table.quantities.front().bins;  // U_surface
  std::vector<double> medians;
  std::size_t spectra = 0, filled = 0, sparse = 0;
  for (const product::BinStats& cell : cells) {
    spectra += cell.count;
    if (cell.count == 0) continue;
    medians.push_back(cell.median);
    ++filled;
    if (cell_sampling(cell.count) == CellSampling::sparse) ++sparse;
  }
  const ValueRange range = colour_range(medians, options);
  const MapLayout layout = map_layout(options);
  fill_moon(canvas, layout);

  const std::size_t lat_cells = table.axes[0].size(), lon_cells = table.axes[1].size();
  for (std::size_t i = 0; i < lat_cells; ++i)
    for (std::size_t j = 0; j < lon_cells; ++j) {
      const product::BinStats& cell = cells[i * lon_cells + j];
      const CellSampling sampling = cell_sampling(cell.count);
      if (sampling == CellSampling::empty) continue;
      const PixelRect rect = grid_cell_rect(layout, table, i, j);
      fill_rect(canvas, rect, diverging_colour(cell.median, range));
      if (sampling == CellSampling::sparse) hatch(canvas, rect);
    }
  draw_graticule(canvas, layout);
  draw_map_outline(canvas, layout);
  const double bar_bottom = draw_colour_bar(canvas, layout, range, "median U surface");
  draw_sampling_key(canvas, layout, bar_bottom + 24);

  const product::StatsAxis& lat = table.axes[0];
  const double cell_deg = lat.size() ? lat.upper[0] - lat.lower[0] : 0.0;
  canvas.set_colour(ink);
  canvas.text(map_margin_left, 28,
              fmt::format("Median lunar surface potential per {}\u00b0 footpoint cell", format_number(cell_deg)),
              title_font_px, Anchor::start, true);
  canvas.text(
      map_margin_left, 56,
      fmt::format("{} spectra in {} of {} cells ({} with fewer than {})  \u00b7  {}  \u00b7  equirectangular", spectra,
                  filled, cells.size(), sparse, well_sampled_spectra, illumination_text(options.illumination)),
      label_font_px + 1);
}

}  // namespace lpm::plot
