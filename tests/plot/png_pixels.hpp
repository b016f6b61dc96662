#pragma once
// Reads a PNG back with Cairo for pixel checks.

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <stdexcept>

#include <cairo.h>

#include "plot/colour_scale.hpp"

namespace lpm::plot {
// So failed colour comparisons print readably (found by argument-dependent lookup).
inline std::ostream& operator<<(std::ostream& os, const Rgb& c) {
  return os << "rgb(" << int(c.r) << "," << int(c.g) << "," << int(c.b) << ")";
}
}  // namespace lpm::plot

namespace lpm::test {

class PngImage {
 public:
  explicit PngImage(const std::filesystem::path& path) : surface_(cairo_image_surface_create_from_png(path.c_str())) {
    if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error("cannot read PNG " + path.string());
    cairo_surface_flush(surface_);
  }
  ~PngImage() { cairo_surface_destroy(surface_); }
  PngImage(const PngImage&) = delete;
  PngImage& operator=(const PngImage&) = delete;

  int width() const { return cairo_image_surface_get_width(surface_); }
  int height() const { return cairo_image_surface_get_height(surface_); }
  plot::Rgb at(int x, int y) const {
    const unsigned char* row = cairo_image_surface_get_data(surface_) + y * cairo_image_surface_get_stride(surface_);
    std::uint32_t p = reinterpret_cast<const std::uint32_t*>(row)[x];
    return {static_cast<unsigned char>(p >> 16), static_cast<unsigned char>(p >> 8), static_cast<unsigned char>(p)};
  }

 private:
  cairo_surface_t* surface_;
};

}  // namespace lpm::test
