#include "plot/explain_plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/portable_math.hpp"
#include "plot/axes.hpp"

namespace lpm::plot {
namespace {

constexpr Rgb data_colour{0, 90, 170};
constexpr Rgb model_colour{213, 94, 0};
constexpr Rgb masked_colour{150, 150, 150};
constexpr Rgb interval_colour{0, 158, 115};
constexpr double small_font_px = 12.5;

// Sequential scale for the normalised flux, 0 (dark) .. 1.25 (light).
Rgb sequential_colour(double value) {
  static constexpr std::array<Rgb, 5> stops = {Rgb{68, 1, 84}, Rgb{59, 82, 139}, Rgb{33, 145, 140}, Rgb{94, 201, 98},
                                               Rgb{253, 231, 37}};
  const double t = std::clamp(value / 1.25, 0.0, 1.0) * (stops.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(t), stops.size() - 2);
  const double f = t - i;
  auto mix = [&](unsigned char a, unsigned char b) { return static_cast<unsigned char>(a + f * (b - a)); };
  return {mix(stops[i].r, stops[i + 1].r), mix(stops[i].g, stops[i + 1].g), mix(stops[i].b, stops[i + 1].b)};
}

std::vector<Tick> log_ticks(const ValueRange& range) {
  std::vector<Tick> ticks;
  for (double k = std::ceil(range.min); k <= range.max; k += 1.0) ticks.emplace_back(k, fmt::format("1e{}", k));
  return ticks;
}

ValueRange padded(double lo, double hi, double fallback_lo, double fallback_hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {fallback_lo, fallback_hi};
  if (hi - lo < 1e-9) return {lo - 0.5, hi + 0.5};
  const double pad = 0.05 * (hi - lo);
  return {lo - pad, hi + pad};
}

void clip_to(Canvas& canvas, const Panel& p) {
  cairo_save(canvas.cr());
  cairo_rectangle(canvas.cr(), p.left, p.top, p.width, p.height);
  cairo_clip(canvas.cr());
}

void stroke(Canvas& canvas, Rgb colour, double width, bool dashed = false) {
  cairo_t* cr = canvas.cr();
  canvas.set_colour(colour);
  cairo_set_line_width(cr, width);
  const double dash[] = {6.0, 4.0};
  cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
  cairo_stroke(cr);
  cairo_set_dash(cr, dash, 0, 0);
}

void vertical(Canvas& canvas, const Panel& p, double x, Rgb colour, bool dashed) {
  cairo_move_to(canvas.cr(), p.x_px(x), p.top);
  cairo_line_to(canvas.cr(), p.x_px(x), p.top + p.height);
  stroke(canvas, colour, 1.5, dashed);
}

void horizontal(Canvas& canvas, const Panel& p, double y, Rgb colour, bool dashed) {
  cairo_move_to(canvas.cr(), p.left, p.y_px(y));
  cairo_line_to(canvas.cr(), p.left + p.width, p.y_px(y));
  stroke(canvas, colour, 1.5, dashed);
}

void panel_title(Canvas& canvas, const Panel& p, const std::string& title) {
  canvas.set_colour(ink);
  canvas.text(p.left, p.top - 14, title, label_font_px + 2, Anchor::start, true);
}

void empty_note(Canvas& canvas, const Panel& p, const std::string& note) {
  canvas.set_colour(ink);
  canvas.text(p.left + p.width / 2, p.top + p.height / 2, note, label_font_px, Anchor::middle);
}

// κ fit: log flux against log energy; used steps filled, left-out steps grey, model line.
void draw_kappa(Canvas& canvas, const Panel& frame, const product::Explanation& e) {
  const product::KappaView& k = e.kappa;
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  for (std::size_t i = 0; i < k.energy_ev.size(); ++i) {
    x_lo = std::min(x_lo, math::log10(k.energy_ev[i]));
    x_hi = std::max(x_hi, math::log10(k.energy_ev[i]));
    for (double f : {k.data_flux[i], k.model_flux[i]})
      if (std::isfinite(f) && f > 0) {
        y_lo = std::min(y_lo, math::log10(f));
        y_hi = std::max(y_hi, math::log10(f));
      }
  }
  Panel p = frame;
  p.x = padded(x_lo, x_hi, 0.5, 4.5);
  p.y = padded(y_lo, y_hi, 0, 8);
  panel_title(canvas, p, fmt::format("κ fit ({}): incident flux against energy", e.kappa.statistic));
  draw_axes(canvas, p, log_ticks(p.x), log_ticks(p.y), "energy (eV)", "flux (cm⁻² s⁻¹ sr⁻¹ eV⁻¹)");
  clip_to(canvas, p);
  const double u_sc = e.rerun.u_spacecraft_v;
  if (std::isfinite(u_sc) && u_sc > 0) {
    vertical(canvas, p, math::log10(u_sc), masked_colour, true);
    canvas.set_colour(masked_colour);
    canvas.text(p.x_px(math::log10(u_sc)) + 4, p.top + 14, fmt::format("U_sc = {:.1f} V", u_sc), small_font_px);
  }
  bool first = true;
  for (std::size_t i = 0; i < k.energy_ev.size(); ++i) {
    if (!(k.model_flux[i] > 0)) continue;
    const double x = p.x_px(math::log10(k.energy_ev[i])), y = p.y_px(math::log10(k.model_flux[i]));
    first ? cairo_move_to(canvas.cr(), x, y) : cairo_line_to(canvas.cr(), x, y);
    first = false;
  }
  stroke(canvas, model_colour, 2.0);
  for (std::size_t i = 0; i < k.energy_ev.size(); ++i) {
    if (!(k.data_flux[i] > 0)) continue;
    cairo_arc(canvas.cr(), p.x_px(math::log10(k.energy_ev[i])), p.y_px(math::log10(k.data_flux[i])), 5, 0, 2 * M_PI);
    canvas.set_colour(k.used[i] ? data_colour : masked_colour);
    if (k.used[i])
      cairo_fill(canvas.cr());
    else
      stroke(canvas, masked_colour, 1.5);
  }
  cairo_restore(canvas.cr());
  if (k.energy_ev.empty()) empty_note(canvas, p, "no energy step");
  draw_legend(canvas, p,
              {{"data, in the fit", data_colour},
               {"data, left out", masked_colour},
               {k.model_available ? "model (with U_sc shift)" : "no model: fit failed", model_colour}});
}

// Loss cone: each bin at (pitch, log E) coloured by normalised flux; masked bins small and grey.
void draw_losscone(Canvas& canvas, const Panel& frame, const product::Explanation& e) {
  const product::LossConeView& lc = e.losscone;
  Panel p = frame;
  p.x = {0, 180};
  double lo = INFINITY, hi = -INFINITY;
  for (double en : lc.data.energy_ev)
    if (en > 0) lo = std::min(lo, math::log10(en)), hi = std::max(hi, math::log10(en));
  p.y = padded(lo, hi, 0.5, 4.5);
  panel_title(canvas, p, "loss cone: normalised flux (colour), fitted boundary 180° − α_c(E), beam");
  draw_axes(canvas, p, number_ticks(p.x, 7, "°"), log_ticks(p.y),
            "pitch angle   (colour: normalised flux 0 → 1.25; grey dot: left out; line: 180° − α_c(E); circle: beam)",
            "energy (eV)");
  if (!lc.ran) {
    empty_note(canvas, p, "not fitted: " + e.status_name);
    return;
  }
  clip_to(canvas, p);
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const double en = lc.data.energy_ev[i];
    if (!(en > 0)) continue;
    for (int c = 0; c < er_channels; ++c) {
      const double a = lc.data.pitch_deg[i][c], v = lc.data.norm[i][c];
      if (!std::isfinite(a)) continue;
      const double x = p.x_px(a), y = p.y_px(math::log10(en));
      if (lc.data.mask[i][c] && std::isfinite(v)) {
        canvas.set_colour(sequential_colour(v));
        cairo_rectangle(canvas.cr(), x - 4, y - 6, 8, 12);
        cairo_fill(canvas.cr());
      } else {
        canvas.set_colour(masked_colour);
        cairo_rectangle(canvas.cr(), x - 1.5, y - 1.5, 3, 3);
        cairo_fill(canvas.cr());
      }
    }
  }
  bool first = true;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const double en = lc.data.energy_ev[i], b = lc.boundary_pitch_deg[i];
    if (!(en > 0) || !std::isfinite(b)) continue;
    first ? cairo_move_to(canvas.cr(), p.x_px(b), p.y_px(math::log10(en)))
          : cairo_line_to(canvas.cr(), p.x_px(b), p.y_px(math::log10(en)));
    first = false;
  }
  stroke(canvas, model_colour, 2.5);
  const double beam = e.rerun.beam_amp;
  for (int i = 0; i < er_rows_per_spectrum; ++i) {
    const double g = lc.beam_energy_factor[i] * beam, en = lc.data.energy_ev[i];
    if (!(g > 0.02) || !(en > 0)) continue;
    cairo_arc(canvas.cr(), p.x_px(175), p.y_px(math::log10(en)), 3 + 6 * std::min(g, 1.0), 0, 2 * M_PI);
    stroke(canvas, Rgb{204, 121, 167}, 2.0);
  }
  cairo_restore(canvas.cr());
}

// Profile χ²_p(U) with the minimum, threshold, profile interval and reported interval.
void draw_profile(Canvas& canvas, const Panel& frame, const product::Explanation& e) {
  const product::LossConeView& lc = e.losscone;
  Panel p = frame;
  // Zoomed on the interval when it is closed (3 × its width), else the whole U range.
  p.x = {losscone_u_surface_min_v, losscone_u_surface_max_v};
  if (std::isfinite(lc.profile_lower_v) && std::isfinite(lc.profile_upper_v) &&
      std::isfinite(e.rerun.u_surface_lower_v) && std::isfinite(e.rerun.u_surface_upper_v)) {
    const double a = std::min(lc.profile_lower_v, e.rerun.u_surface_lower_v);
    const double b = std::max(lc.profile_upper_v, e.rerun.u_surface_upper_v);
    const double half = std::max(1.5 * (b - a), 10.0);
    p.x = {std::max(p.x.min, 0.5 * (a + b) - half), std::min(p.x.max, 0.5 * (a + b) + half)};
  }
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t i = 0; i < lc.profile_sum.size(); ++i)
    if (std::isfinite(lc.profile_sum[i]) && lc.profile_u_v[i] >= p.x.min && lc.profile_u_v[i] <= p.x.max)
      lo = std::min(lo, lc.profile_sum[i]), hi = std::max(hi, lc.profile_sum[i]);
  if (std::isfinite(lc.threshold)) hi = std::max(hi, lc.threshold);
  p.y = padded(lo, hi, 0, 1);
  panel_title(canvas, p, "profile χ²_p(U) = min over Bs/Bm and beam of the loss-cone sum");
  draw_axes(canvas, p, number_ticks(p.x, 8), number_ticks(p.y, 6), "U surface (V)", "profile sum");
  if (lc.profile_u_v.empty()) {
    empty_note(canvas, p, lc.ran ? "no valid bin: no profile" : "loss cone not fitted: no profile");
    return;
  }
  clip_to(canvas, p);
  const double a = e.rerun.u_surface_lower_v, b = e.rerun.u_surface_upper_v;
  if (std::isfinite(lc.profile_lower_v) && std::isfinite(lc.profile_upper_v)) {
    canvas.set_colour(interval_colour, 0.18);
    cairo_rectangle(canvas.cr(), p.x_px(lc.profile_lower_v), p.top,
                    p.x_px(lc.profile_upper_v) - p.x_px(lc.profile_lower_v), p.height);
    cairo_fill(canvas.cr());
  }
  for (double u : {a, b})
    if (std::isfinite(u)) vertical(canvas, p, u, interval_colour, true);
  if (std::isfinite(lc.threshold)) horizontal(canvas, p, lc.threshold, masked_colour, true);
  bool first = true;
  for (std::size_t i = 0; i < lc.profile_u_v.size(); ++i) {
    if (!std::isfinite(lc.profile_sum[i])) continue;
    const double x = p.x_px(lc.profile_u_v[i]), y = p.y_px(lc.profile_sum[i]);
    first ? cairo_move_to(canvas.cr(), x, y) : cairo_line_to(canvas.cr(), x, y);
    first = false;
  }
  stroke(canvas, data_colour, 1.8);
  if (std::isfinite(e.rerun.u_surface_v) && std::isfinite(lc.best_sum)) {
    cairo_arc(canvas.cr(), p.x_px(e.rerun.u_surface_v), p.y_px(lc.best_sum), 6, 0, 2 * M_PI);
    canvas.set_colour(model_colour);
    cairo_fill(canvas.cr());
  }
  cairo_restore(canvas.cr());
  draw_legend(canvas, p,
              {{"χ²_p(U)", data_colour},
               {fmt::format("fit U = {:.1f} V", e.rerun.u_surface_v), model_colour},
               {"shaded: χ²_p ≤ threshold; dashed: reported interval", interval_colour},
               {"threshold S + S/(n − 3)", masked_colour}});
}

// Splits a line into pieces of at most `width` characters at spaces.
std::vector<std::string> wrap(const std::string& line, std::size_t width) {
  std::vector<std::string> out;
  std::string rest = line;
  while (rest.size() > width) {
    std::size_t cut = rest.rfind(' ', width);
    if (cut == std::string::npos || cut == 0) cut = width;
    out.push_back(rest.substr(0, cut));
    rest = "    " + rest.substr(rest[cut] == ' ' ? cut + 1 : cut);
  }
  out.push_back(rest);
  return out;
}

void draw_text_panel(Canvas& canvas, double left, double top, double width, double height,
                     const product::Explanation& e) {
  cairo_save(canvas.cr());
  cairo_rectangle(canvas.cr(), left, top, width, height);
  cairo_clip(canvas.cr());
  double y = top + 8;
  const auto lines = product::explanation_lines(e);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const bool highlight = n == 2 || (n == 3 && !e.reproduced);
    canvas.set_colour(n == 3 && !e.reproduced ? model_colour : ink);
    for (const auto& piece : wrap(lines[n], static_cast<std::size_t>(width / 7.4))) {
      canvas.text(left, y, piece, small_font_px, Anchor::start, highlight);
      y += 17;
    }
  }
  cairo_restore(canvas.cr());
}

}  // namespace

void draw_explanation(Canvas& canvas, const product::Explanation& e) {
  const double margin = 95, gap_x = 120, gap_y = 120, top = 115;
  const double w = (canvas.width() - 2 * margin - gap_x + 60) / 2;
  const double h = (canvas.height() - top - gap_y - 70) / 2;
  const double right = margin + w + gap_x;
  draw_kappa(canvas, {margin, top, w, h, {}, {}}, e);
  draw_losscone(canvas, {right, top, w, h, {}, {}}, e);
  draw_profile(canvas, {margin, top + h + gap_y, w, h, {}, {}}, e);
  draw_text_panel(canvas, right - 40, top + h + gap_y - 20, w + 40, h + 60, e);
  canvas.set_colour(ink);
  canvas.text(margin, 30,
              fmt::format("spectrum {}  ·  status {}  ·  U_surface {} V", e.spec_no, e.status_name,
                          std::isfinite(e.rerun.u_surface_v) ? format_number(e.rerun.u_surface_v, 1) : "—"),
              title_font_px, Anchor::start, true);
  canvas.text(margin, 58, e.status_meaning, label_font_px + 1);
}

void render_explanation_figure(const product::Explanation& explanation, const std::filesystem::path& out) {
  Canvas canvas(explain_width, explain_height, require_figure_format(out));
  draw_explanation(canvas, explanation);
  canvas.write(out);
}

}  // namespace lpm::plot
