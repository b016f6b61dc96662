#pragma once
// A Cairo surface to draw a figure on: vector drawing through cr(), text with the toy font API,
// many data points written straight into a pixel buffer (a year of spectra is ~500 000
// points; one Cairo path per point would take far longer), and atomic output as PNG, PDF or
// SVG. For PDF and SVG the pixel layer is embedded as one image; axes and text stay vectors.

#include <filesystem>
#include <span>
#include <string>

#include <cairo.h>

#include "plot/colour_scale.hpp"
#include "plot/figure_format.hpp"

namespace lpm::plot {

inline constexpr const char* font_family = "DejaVu Sans";  // falls back to Cairo's default sans

enum class Anchor { start, middle, end };  // horizontal placement of text relative to x

class Canvas {
 public:
  // A white page of width × height px (PDF/SVG: points); throws on failure.
  Canvas(int width, int height, FigureFormat format = FigureFormat::png);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  cairo_t* cr() { return cr_; }
  int width() const { return width_; }
  int height() const { return height_; }

  void set_colour(Rgb c, double alpha = 1.0);
  // Text with its baseline's vertical centre at y (i.e. y is the middle of the digits).
  void text(double x, double y, const std::string& utf8, double size_px, Anchor anchor = Anchor::start,
            bool bold = false);
  // Text rotated 90° anticlockwise (for y-axis titles), centred on (x, y).
  void vertical_text(double x, double y, const std::string& utf8, double size_px);

  // Filled discs of `radius` px (radius 0 = one pixel) at pixel centres (x, y), clipped to the
  // rectangle [x0, x1) × [y0, y1). Bypasses Cairo: call only between begin_pixels/end_pixels.
  struct Clip {
    int x0, y0, x1, y1;
  };
  void begin_pixels();
  void disc(double x, double y, int radius, Rgb colour, const Clip& clip);
  void vertical_line(double x, double y_top, double y_bottom, Rgb colour, const Clip& clip);
  void end_pixels();

  // The figure in the canvas's format, written atomically (io::write_file_atomically: readers
  // never see half a file). Call once: PDF and SVG surfaces are finished by it.
  void write(const std::filesystem::path& path);

 private:
  void put(int x, int y, std::uint32_t pixel, const Clip& clip);

  int width_, height_;
  FigureFormat format_;
  std::string vector_bytes_;  // what a PDF/SVG surface has written so far
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  cairo_surface_t* pixel_layer_ = nullptr;  // PNG: surface_ itself; PDF/SVG: a transparent image
  unsigned char* pixels_ = nullptr;         // valid between begin_pixels and end_pixels
  int stride_ = 0;
};

// Minus sign U+2212 for negative numbers, then the number with at most `decimals` decimals
// and trailing zeros dropped ("−500", "2.5", "0").
std::string format_number(double value, int decimals = 3);

}  // namespace lpm::plot
