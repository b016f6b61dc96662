#pragma once
// `explain`'s one-page figure of one spectrum (product/explain.hpp): the κ fit (flux against
// energy, data, model and left-out steps), the loss cone (normalised flux on pitch × energy with
// the fitted boundary α_c(E) and the beam), the profile χ²(U) with its minimum, threshold and
// interval, and a text panel with the numbers and decisions.

#include <filesystem>

#include "plot/canvas.hpp"
#include "product/explain.hpp"

namespace lpm::plot {

inline constexpr int explain_width = 1700;
inline constexpr int explain_height = 1150;

void draw_explanation(Canvas& canvas, const product::Explanation& explanation);

// Draws the figure and writes it atomically as PNG, PDF or SVG by `out`'s extension.
void render_explanation_figure(const product::Explanation& explanation, const std::filesystem::path& out);

}  // namespace lpm::plot
