#include "acquire/http_session.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include <curl/curl.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "io/zip_posix_file.hpp"

namespace lpm::acquire {

namespace fs = std::filesystem;

enum class Verdict { done, retry, retry_now, give_up, unreachable };

struct HttpSession::Attempt {
  Verdict verdict = Verdict::done;
  std::string reason;
  std::optional<long> retry_after_s;
};

namespace {

using Attempt = HttpSession::Attempt;

struct ResponseHead {
  long status = 0;
  std::optional<std::uintmax_t> content_length;
  std::optional<std::uintmax_t> range_first, range_total;  // Content-Range: bytes FIRST-LAST/TOTAL
  std::optional<long> retry_after_s;
};

// Receives the body chunk by chunk; returning false aborts the transfer.
using BodySink = std::function<bool(std::string_view chunk, const ResponseHead& head)>;

struct Exchange {
  CURLcode code = CURLE_OK;
  ResponseHead head;
  std::string error;
};

struct CallbackState {
  ResponseHead head;
  const BodySink* sink = nullptr;
};

std::optional<std::uintmax_t> parse_size(std::string_view text) {
  std::uintmax_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// "bytes FIRST-LAST/TOTAL" or "bytes */TOTAL".
void parse_content_range(std::string_view value, ResponseHead& head) {
  if (!value.starts_with("bytes ")) return;
  value.remove_prefix(6);
  std::size_t slash = value.find('/');
  if (slash == std::string_view::npos) return;
  head.range_total = parse_size(value.substr(slash + 1));
  std::string_view span = value.substr(0, slash);
  if (std::size_t dash = span.find('-'); dash != std::string_view::npos)
    head.range_first = parse_size(span.substr(0, dash));
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& state = *static_cast<CallbackState*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {  // a new response (redirects, 100 Continue): start over
    state.head = ResponseHead{};
    std::size_t space = line.find(' ');
    if (space != std::string_view::npos)
      state.head.status = static_cast<long>(parse_size(line.substr(space + 1, 3)).value_or(0));
    return size * count;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  std::string_view name = line.substr(0, colon), value = trimmed(line.substr(colon + 1));
  if (same_name(name, "Content-Length"))
    state.head.content_length = parse_size(value);
  else if (same_name(name, "Content-Range"))
    parse_content_range(value, state.head);
  else if (same_name(name, "Retry-After"))
    state.head.retry_after_s = parse_retry_after_seconds(value);
  return size * count;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& state = *static_cast<CallbackState*>(user);
  if (!state.sink || !(*state.sink)(std::string_view(data, size * count), state.head)) return 0;  // aborts
  return size * count;
}

// The host cannot be reached at all: another try in a second will not find it either.
bool is_unreachable(CURLcode code) {
  return code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_COULDNT_CONNECT;
}

bool is_transient(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR: return true;
    default: return false;
  }
}

// Verdict for an exchange that failed at the transport or got an unwanted status.
Attempt judge_failure(const Exchange& exchange) {
  if (exchange.code != CURLE_OK && is_unreachable(exchange.code))
    return {Verdict::unreachable, exchange.error, std::nullopt};
  if (exchange.code != CURLE_OK)
    return {is_transient(exchange.code) ? Verdict::retry : Verdict::give_up, exchange.error, std::nullopt};
  long status = exchange.head.status;
  std::string reason = fmt::format("HTTP status {}", status);
  if (is_retryable_status(status)) return {Verdict::retry, reason, exchange.head.retry_after_s};
  return {Verdict::give_up, reason, std::nullopt};
}

std::uintmax_t size_or_zero(const fs::path& path) {
  std::error_code error;
  std::uintmax_t size = fs::file_size(path, error);
  return error ? 0 : size;
}

// NAME.part while a body is written into it (appended to when resuming). A write that fails
// (disk full, file size limit) removes the file: kept, it would only hold the space the next
// try needs. problem() says what failed, naming the file.
class PartFile {
 public:
  explicit PartFile(fs::path path) : path_(std::move(path)) {}
  bool is_open() const { return fd_.get() >= 0; }
  std::uintmax_t size() const { return size_; }
  const std::string& problem() const { return problem_; }

  // The folders appear with the first byte, so that a host never reached leaves none.
  bool open(bool append) {
    std::error_code ec;
    fs::create_directories(path_.parent_path(), ec);
    if (ec) return fail(fmt::format("cannot create {}: {}", path_.parent_path().string(), ec.message()), false);
    fd_ = io::UniqueFd(::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0644));
    if (!is_open())
      return fail(fmt::format("cannot open {} for writing: {}", path_.string(), std::strerror(errno)), false);
    size_ = append ? size_or_zero(path_) : 0;
    return true;
  }
  bool write(std::string_view bytes) {
    try {
      io::write_all(fd_.get(), {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
    } catch (const std::exception& e) {
      return fail(fmt::format("cannot write {}: {}", path_.string(), e.what()), true);
    }
    size_ += bytes.size();
    return true;
  }
  bool close() {
    if (!is_open()) return true;
    try {
      fd_.close_checked();
    } catch (const std::exception& e) {
      return fail(fmt::format("cannot write {}: {}", path_.string(), e.what()), true);
    }
    return true;
  }

 private:
  bool fail(std::string problem, bool remove) {
    fd_ = io::UniqueFd();
    if (remove) {
      ::unlink(path_.c_str());
      problem += "; removed the partial file";
    }
    problem_ = std::move(problem);
    return false;
  }

  fs::path path_;
  io::UniqueFd fd_;
  std::uintmax_t size_ = 0;
  std::string problem_;
};

// One request. time_left: what remains of the file's time limit; max_bytes: refuse a larger
// body (0: no limit here, the caller counts).
Exchange perform(CURL* curl, const HttpSettings& settings, const std::string& url, bool head_only,
                 std::uintmax_t range_from, const BodySink& sink, std::chrono::milliseconds time_left,
                 std::uintmax_t max_bytes = 0) {
  curl_easy_reset(curl);  // keeps the connection cache
  char error_buffer[CURL_ERROR_SIZE] = {};
  CallbackState state;
  state.sink = &sink;
  std::string range = range_from > 0 ? fmt::format("{}-", range_from) : std::string();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, settings.protocols.c_str());
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, settings.protocols.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, settings.connect_timeout_s);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, settings.min_rate_bytes_per_s);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, settings.min_rate_window_s);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(1, time_left.count())));
  // An announced size above the limit is refused before any byte is written.
  if (max_bytes > 0) curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "potential-mapper/0.1 (+fetch)");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &state);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
  if (head_only) curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!range.empty()) curl_easy_setopt(curl, CURLOPT_RANGE, range.c_str());
  Exchange exchange;
  exchange.code = curl_easy_perform(curl);
  exchange.head = state.head;
  if (exchange.code != CURLE_OK)
    exchange.error = error_buffer[0] ? std::string(error_buffer) : std::string(curl_easy_strerror(exchange.code));
  return exchange;
}

}  // namespace

HttpSession::HttpSession(HttpSettings settings) : curl_(nullptr), settings_(std::move(settings)) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("cannot start libcurl (curl_easy_init failed)");
}

HttpSession::~HttpSession() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

// A try with less of the file's time left than this could not fetch anything: the time is up.
constexpr std::chrono::milliseconds min_try_time{1000};

void HttpSession::with_retries(const std::string& url,
                               const std::function<Attempt(std::chrono::milliseconds)>& attempt) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(settings_.file_timeout_s);
  auto time_left = [&] { return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()); };
  for (int tries = 1;; ++tries) {
    Attempt result = attempt(time_left());
    if (result.verdict == Verdict::done) return;
    if (result.verdict == Verdict::unreachable) throw UnreachableError(fmt::format("{}: {}", url, result.reason));
    const std::string after = fmt::format("after {} {}", tries, tries == 1 ? "try" : "tries");
    if (result.verdict == Verdict::give_up) throw FetchError(fmt::format("{}: {} ({})", url, result.reason, after));
    if (time_left() < min_try_time)
      throw FetchError(fmt::format("{}: {}; not complete within the {} s allowed per file ({}; fetch --file-timeout)",
                                   url, result.reason, settings_.file_timeout_s, after));
    if (tries >= settings_.retry.max_tries) throw FetchError(fmt::format("{}: {} ({})", url, result.reason, after));
    if (result.verdict == Verdict::retry) {
      auto wait = std::min(retry_delay(settings_.retry, tries, result.retry_after_s, url), time_left());
      spdlog::info("{}: {}; trying again in {:.1f} s", url, result.reason, static_cast<double>(wait.count()) / 1000.0);
      std::this_thread::sleep_for(wait);
    }
  }
}

std::string HttpSession::get_text(const std::string& url, std::size_t max_bytes) {
  std::string text;
  with_retries(url, [&](std::chrono::milliseconds time_left) -> Attempt {
    text.clear();
    bool too_long = false;
    BodySink sink = [&](std::string_view chunk, const ResponseHead& head) {
      if (head.status != 200) return true;  // an error page: not kept
      too_long = text.size() + chunk.size() > max_bytes;
      if (!too_long) text.append(chunk);
      return !too_long;
    };
    Exchange exchange = perform(static_cast<CURL*>(curl_), settings_, url, false, 0, sink, time_left);
    if (too_long) return {Verdict::give_up, fmt::format("answer longer than {} bytes", max_bytes), std::nullopt};
    if (exchange.code == CURLE_OK && exchange.head.status == 200) return {};
    return judge_failure(exchange);
  });
  return text;
}

std::optional<std::uintmax_t> HttpSession::remote_size(const std::string& url) {
  std::optional<std::uintmax_t> size;
  with_retries(url, [&](std::chrono::milliseconds time_left) -> Attempt {
    Exchange exchange = perform(static_cast<CURL*>(curl_), settings_, url, true, 0, BodySink{}, time_left);
    if (exchange.code == CURLE_OK && exchange.head.status == 200) {
      size = exchange.head.content_length;
      return {};
    }
    return judge_failure(exchange);
  });
  return size;
}

std::uintmax_t HttpSession::download(const std::string& url, const fs::path& dest,
                                     const std::function<void(std::size_t)>& on_bytes) {
  fs::path part = dest;
  part += ".part";
  const std::uintmax_t max_bytes = settings_.max_file_bytes;
  const std::string too_large =
      fmt::format("larger than the {} MiB allowed for one file (fetch --max-file-mb): refused", max_bytes >> 20);
  std::uintmax_t received = 0;
  with_retries(url, [&](std::chrono::milliseconds time_left) -> Attempt {
    const std::uintmax_t resume_from = size_or_zero(part);
    PartFile out(part);
    std::string sink_problem;
    bool wrong_range = false, oversized = false;
    BodySink sink = [&](std::string_view chunk, const ResponseHead& head) {
      if (!out.is_open()) {
        const bool resuming = head.status == 206 && resume_from > 0 && head.range_first == resume_from;
        if (head.status == 206 && !resuming) {
          wrong_range = true;
          sink_problem = fmt::format("server sent a range not starting at byte {}", resume_from);
          return false;
        }
        if (head.status != 200 && !resuming) return true;  // body of an error status: not written
        if (head.status == 200 && resume_from > 0)
          spdlog::debug("{}: server ignored the Range request; starting over", url);
        if (!out.open(resuming)) {
          sink_problem = out.problem();
          return false;
        }
      }
      if (out.size() + chunk.size() > max_bytes) {
        oversized = true;
        return false;
      }
      if (!out.write(chunk)) {
        sink_problem = out.problem();
        return false;
      }
      received += chunk.size();
      on_bytes(chunk.size());
      return true;
    };
    Exchange exchange = perform(static_cast<CURL*>(curl_), settings_, url, false, resume_from, sink, time_left,
                                max_bytes > resume_from ? max_bytes - resume_from : 1);
    const bool wrote_body = out.is_open();
    if (!out.close() && sink_problem.empty()) sink_problem = out.problem();
    if (oversized || exchange.code == CURLE_FILESIZE_EXCEEDED) {
      std::error_code ignored;
      fs::remove(part, ignored);
      return {Verdict::give_up, too_large, std::nullopt};
    }
    if (wrong_range) {
      fs::remove(part);
      return {Verdict::retry_now, sink_problem, std::nullopt};
    }
    if (!sink_problem.empty()) return {Verdict::give_up, sink_problem, std::nullopt};
    if (exchange.code != CURLE_OK) return judge_failure(exchange);
    const ResponseHead& head = exchange.head;
    if (head.status == 416) {  // the partial file does not fit the remote one: start over
      fs::remove(part);
      if (resume_from == 0) return {Verdict::give_up, "HTTP status 416 without a Range request", std::nullopt};
      return {Verdict::retry_now, "HTTP status 416 (range not satisfiable)", std::nullopt};
    }
    if (head.status != 200 && head.status != 206) return judge_failure(exchange);
    if (!wrote_body && !(out.open(false) && out.close())) return {Verdict::give_up, out.problem(), std::nullopt};
    std::optional<std::uintmax_t> expected = head.range_total;
    if (!expected && head.content_length) expected = *head.content_length + (head.status == 206 ? resume_from : 0);
    const std::uintmax_t have = size_or_zero(part);
    if (expected && have != *expected) {
      if (have > *expected) fs::remove(part);  // cannot be a prefix of the file: start over
      return {Verdict::retry, fmt::format("incomplete: {} of {} bytes", have, *expected), std::nullopt};
    }
    fs::rename(part, dest);
    return {};
  });
  return received;
}

}  // namespace lpm::acquire
