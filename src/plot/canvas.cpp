#include "plot/canvas.hpp"

#include <cmath>
#include <stdexcept>
#include <system_error>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <fmt/format.h>

#include "base/constants.hpp"
#include "io/atomic_output.hpp"

namespace lpm::plot {

namespace {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t* create_surface(FigureFormat format, int width, int height, std::string* vector_bytes) {
  switch (format) {
    case FigureFormat::png: return cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    case FigureFormat::pdf: return cairo_pdf_surface_create_for_stream(append_bytes, vector_bytes, width, height);
    case FigureFormat::svg: return cairo_svg_surface_create_for_stream(append_bytes, vector_bytes, width, height);
  }
  return nullptr;
}

}  // namespace

Canvas::Canvas(int width, int height, FigureFormat format) : width_(width), height_(height), format_(format) {
  if (width < 200 || height < 150 || width > 20000 || height > 20000)
    throw std::invalid_argument(fmt::format("image size {}x{} px is outside 200x150 .. 20000x20000", width, height));
  surface_ = create_surface(format, width, height, &vector_bytes_);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface_);
    throw std::runtime_error(fmt::format("cannot create a {}x{} figure", width, height));
  }
  // Byte-identical reruns: no creation time in the PDF (an empty date drops the entry).
  if (format == FigureFormat::pdf) cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATE_DATE, "");
  cr_ = cairo_create(surface_);
  cairo_set_source_rgb(cr_, 1, 1, 1);
  cairo_paint(cr_);
}

Canvas::~Canvas() {
  if (pixel_layer_ && pixel_layer_ != surface_) cairo_surface_destroy(pixel_layer_);
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
  if (format_ == FigureFormat::png) {
    pixel_layer_ = surface_;
  } else {
    pixel_layer_ = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width_, height_);  // all transparent
    if (cairo_surface_status(pixel_layer_) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(fmt::format("cannot create a {}x{} pixel layer", width_, height_));
  }
  cairo_surface_flush(pixel_layer_);
  pixels_ = cairo_image_surface_get_data(pixel_layer_);
  stride_ = cairo_image_surface_get_stride(pixel_layer_);
}

void Canvas::end_pixels() {
  cairo_surface_mark_dirty(pixel_layer_);
  pixels_ = nullptr;
  if (pixel_layer_ != surface_) {  // PDF/SVG: lay the points over what is drawn so far, as one image
    cairo_save(cr_);
    cairo_set_source_surface(cr_, pixel_layer_, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_NEAREST);
    cairo_paint(cr_);
    cairo_restore(cr_);
    cairo_surface_destroy(pixel_layer_);
  }
  pixel_layer_ = nullptr;
}

void Canvas::put(int x, int y, std::uint32_t pixel, const Clip& clip) {
  if (x < clip.x0 || x >= clip.x1 || y < clip.y0 || y >= clip.y1 || x < 0 || y < 0 || x >= width_ || y >= height_)
    return;
  reinterpret_cast<std::uint32_t*>(pixels_ + static_cast<std::ptrdiff_t>(y) * stride_)[x] = pixel;
}

static std::uint32_t pack(Rgb c) {  // RGB24 and opaque ARGB32 alike: native-endian 0xAARRGGBB
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

void Canvas::write(const std::filesystem::path& path) {
  std::string bytes;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  if (format_ == FigureFormat::png) {
    cairo_surface_flush(surface_);
    status = cairo_surface_write_to_png_stream(surface_, append_bytes, &bytes);
  } else {
    cairo_surface_finish(surface_);  // flushes the page into vector_bytes_
    status = cairo_surface_status(surface_);
    bytes = std::move(vector_bytes_);
  }
  if (status != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(
        fmt::format("{}: cannot draw the figure: {}", path.string(), cairo_status_to_string(status)));
  const std::filesystem::path folder = io::folder_of(path);
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  io::write_file_atomically(path, bytes);
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
