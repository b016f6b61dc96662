#pragma once
// HTTP(S) for `fetch`: one libcurl easy handle (so one reused connection pool) per worker thread.
// Every request is retried per RetryPolicy on dropped connections, timeouts, 429 and 5xx; a host
// that cannot be resolved or refuses the connection is not (UnreachableError).
// Downloads are resumable (D§1.4): bytes go to NAME.part, a Range request continues a partial
// file, and NAME appears only when the size matches what the server announced.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "acquire/retry_policy.hpp"

namespace lpm::acquire {

// Defaults of the transfer limits (README "fetch"; `fetch --min-rate` etc. change them).
inline constexpr long default_min_rate_bytes_per_s = 1024;
inline constexpr long default_min_rate_window_s = 60;
inline constexpr long default_file_timeout_s = 3600;
// Far above any file of the archives (ER tables are at most 25 MB): a server sending more is
// broken or hostile, and the disk is not filled with it.
inline constexpr std::uintmax_t default_max_file_bytes = std::uintmax_t{128} << 20;

struct HttpSettings {
  std::string protocols = "https";  // libcurl protocol list for requests and redirects
  long connect_timeout_s = 30;
  // A transfer slower on average than min_rate over a window of min_rate_window is abandoned
  // (and tried again); a trickle of a few bytes a second never completes a 25 MB table.
  long min_rate_bytes_per_s = default_min_rate_bytes_per_s;
  long min_rate_window_s = default_min_rate_window_s;
  long file_timeout_s = default_file_timeout_s;            // per request, over all its tries and waits
  std::uintmax_t max_file_bytes = default_max_file_bytes;  // a download growing past this is refused
  RetryPolicy retry;
};

// A request that failed for good (after its retries); the message names the URL.
struct FetchError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The host cannot be reached at all (name not resolved, connection refused): thrown at the
// first such answer, not retried like a 503.
struct UnreachableError : FetchError {
  using FetchError::FetchError;
};

class HttpSession {
 public:
  explicit HttpSession(HttpSettings settings);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  // GET of a small text such as a folder listing; throws FetchError beyond max_bytes.
  std::string get_text(const std::string& url, std::size_t max_bytes = 8u << 20);

  // HEAD: the size the server announces (Content-Length), or nothing if it does not say.
  std::optional<std::uintmax_t> remote_size(const std::string& url);

  // Downloads url to dest through dest + ".part" (created with its folders when the first byte
  // arrives), resuming a partial file with "Range: bytes=N-". A 200 answer to a Range request
  // or a 416 restarts the file. dest is renamed into place only when its size equals the
  // announced size. on_bytes receives the size of every chunk written. Returns the bytes
  // received. Throws FetchError: the .part is kept for the next run, except when it cannot be
  // written (disk full: removed, the reason in the message) or the file is larger than
  // max_file_bytes (removed, refused).
  std::uintmax_t download(const std::string& url, const std::filesystem::path& dest,
                          const std::function<void(std::size_t)>& on_bytes);

  struct Attempt;

 private:
  // Calls `attempt` with what is left of the file's time limit until it is done, per RetryPolicy.
  void with_retries(const std::string& url, const std::function<Attempt(std::chrono::milliseconds)>& attempt);
  void* curl_;  // CURL*
  HttpSettings settings_;
};

}  // namespace lpm::acquire
