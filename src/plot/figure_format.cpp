#include "plot/figure_format.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

namespace lpm::plot {

std::optional<FigureFormat> figure_format_of(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".png") return FigureFormat::png;
  if (extension == ".pdf") return FigureFormat::pdf;
  if (extension == ".svg") return FigureFormat::svg;
  return std::nullopt;
}

FigureFormat require_figure_format(const std::filesystem::path& path) {
  if (auto format = figure_format_of(path)) return *format;
  throw std::invalid_argument(fmt::format("{}: unknown figure format '{}'; name the file {}", path.string(),
                                          path.extension().string(), figure_formats_help()));
}

std::string figure_formats_help() { return "*.png, *.pdf or *.svg (PNG, PDF or SVG)"; }

}  // namespace lpm::plot
