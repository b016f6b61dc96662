#pragma once
// The file formats a figure can be written in, named by the output file's extension
// (issue 18 item 3, issue 19): the one place that maps extensions to formats.

#include <filesystem>
#include <optional>
#include <string>

namespace lpm::plot {

enum class FigureFormat { png, pdf, svg };

// The format a figure file is written in: ".png", ".pdf" or ".svg" (any case); nullopt otherwise.
std::optional<FigureFormat> figure_format_of(const std::filesystem::path& path);

// The format of `path`; throws std::invalid_argument naming the file and the formats known.
FigureFormat require_figure_format(const std::filesystem::path& path);

// "PNG, PDF or SVG (by the extension .png, .pdf, .svg)" for help texts and messages.
std::string figure_formats_help();

}  // namespace lpm::plot
