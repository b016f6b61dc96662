#include "plot/canvas.hpp"

#include <cmath>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>

#include "base/constants.hpp"
#include "io/atomic_output.hpp"

namespace lpm::plot {

Canvas::Canvas(int width, int height) : width_(width), height_(height) {
  if (width < 200 || height < 150 || width > 20000 || height > 20000)
    throw std::invalid_argument(fmt::format("image size {}x{} px is outside 200x150 .. 20000x20000", width, height));
  surface_ = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface_);
    throw std::runtime_error(fmt::format("cannot create a {}x{} image", width, height));
  }
  cr_ = cairo_create(surface_);
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_paint(cr_);
}

Canvas::~Canvas() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void Canvas::set_colour(Rgb c, double alpha) {
  cairo_set_source_rgba(cr_, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
}

void Canvas::text(double x, double y, const std::string& utf8, double size_px, Anchor anchor, bool bold) {
  cairo_select_font_face(cr_, font_family, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr_, size_px);
  cairo_text_extents_t extents;
  cairo_text_extents(cr_, utf8.c_str(), &extents);
  double dx = anchor == Anchor::start ? 0.0 : anchor == Anchor::middle ? -extents.x_advance / 2 : -extents.x_advance;
  cairo_move_to(cr_, x + dx, y + 0.36 * size_px);  // 0.36 em ≈ half the digit height
  cairo_show_text(cr_, utf8.c_str());
  cairo_new_path(cr_);
}

void Canvas::vertical_text(double x, double y, const std::string& utf8, double size_px) {
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_rotate(cr_, -pi / 2);
  text(0, 0, utf8, size_px, Anchor::middle);
  cairo_restore(cr_);
}

void Canvas::begin_pixels() {
  cairo_surface_flush(surface_);
  pixels_ = cairo_image_surface_get_data(surface_);
  stride_ = cairo_image_surface_get_stride(surface_);
}

void Canvas::end_pixels() {
  cairo_surface_mark_dirty(surface_);
  pixels_ = nullptr;
}

void Canvas::put(int x, int y, std::uint32_t pixel, const Clip& clip) {
  if (x < clip.x0 || x >= clip.x1 || y < clip.y0 || y >= clip.y1 || x < 0 || y < 0 || x >= width_ || y >= height_)
    return;
  reinterpret_cast<std::uint32_t*>(pixels_ + static_cast<std::ptrdiff_t>(y) * stride_)[x] = pixel;
}

static std::uint32_t pack(Rgb c) {  // CAIRO_FORMAT_RGB24: native-endian 0xXXRRGGBB
  return 0xff000000u | (std::uint32_t{c.r} << 16) | (std::uint32_t{c.g} << 8) | c.b;
}

void Canvas::disc(double x, double y, int radius, Rgb colour, const Clip& clip) {
  if (!pixels_ || !std::isfinite(x) || !std::isfinite(y)) return;
  const int cx = static_cast<int>(std::floor(x));
  const int cy = static_cast<int>(std::floor(y));
  const std::uint32_t pixel = pack(colour);
  const int limit = radius * radius + radius;  // a rounder disc than r² for small radii
  for (int dy = -radius; dy <= radius; ++dy)
    for (int dx = -radius; dx <= radius; ++dx)
      if (dx * dx + dy * dy <= limit) put(cx + dx, cy + dy, pixel, clip);
}

void Canvas::vertical_line(double x, double y_top, double y_bottom, Rgb colour, const Clip& clip) {
  if (!pixels_ || !std::isfinite(x) || !std::isfinite(y_top) || !std::isfinite(y_bottom)) return;
  const int cx = static_cast<int>(std::floor(x));
  const int top = static_cast<int>(std::floor(std::max(std::min(y_top, y_bottom), double(clip.y0))));
  const int bottom = static_cast<int>(std::floor(std::min(std::max(y_top, y_bottom), double(clip.y1))));
  const std::uint32_t pixel = pack(colour);
  for (int yy = top; yy <= bottom; ++yy) put(cx, yy, pixel, clip);
}

void Canvas::write_png(const std::filesystem::path& path) {
  cairo_surface_flush(surface_);
  std::error_code ec;
  std::filesystem::create_directories(path.has_parent_path() ? path.parent_path() : ".", ec);  // errors show below
  try {
    io::AtomicOutput output(path);  // cairo writes by name: into the temp file
    const cairo_status_t status = cairo_surface_write_to_png(surface_, output.temp_path().c_str());
    if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(cairo_status_to_string(status));
    output.commit();
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: cannot write PNG: {}", path.string(), e.what()));
  }
}

std::string format_number(double value, int decimals) {
  if (!std::isfinite(value)) return "NaN";
  std::string s = fmt::format("{:.{}f}", std::abs(value), decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (value < 0 && s != "0") s = "\u2212" + s;
  return s;
}

}  // namespace lpm::plot
