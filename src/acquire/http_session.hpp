#pragma once
// HTTP(S) for `fetch`: one libcurl easy handle (so one reused connection pool) per worker thread.
// Every request is retried per RetryPolicy on dropped connections, timeouts, 429 and 5xx; a host
// that cannot be resolved or refuses the connection is not (UnreachableError).
// Downloads are resumable (D§1.4): bytes go to NAME.part, a Range request continues a partial
// file, and NAME appears only when the size matches what the server announced.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "acquire/retry_policy.hpp"

namespace lpm::acquire {

struct HttpSettings {
  std::string protocols = "https";  // libcurl protocol list for requests and redirects
  long connect_timeout_s = 30;
  long stall_timeout_s = 60;  // give up a transfer slower than 1 byte/s for this long
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
  // arrives), resuming a
  // partial file with "Range: bytes=N-". A 200 answer to a Range request or a 416 restarts the
  // file. dest is renamed into place only when its size equals the announced size. on_bytes
  // receives the size of every chunk written. Returns the bytes received. Throws FetchError
  // (the .part is kept for the next run).
  std::uintmax_t download(const std::string& url, const std::filesystem::path& dest,
                          const std::function<void(std::size_t)>& on_bytes);

  struct Attempt;

 private:
  void with_retries(const std::string& url, const std::function<Attempt()>& attempt);
  void* curl_;  // CURL*
  HttpSettings settings_;
};

}  // namespace lpm::acquire
