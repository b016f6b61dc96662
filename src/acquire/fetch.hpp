#pragma once
// `potential-mapper fetch` (SPEC §2, D§1): download the ER tables, kernels and instrument tables
// into the data folder, in parallel, resumably, and verify them: kernels against a SHA-1 lock,
// ER tables against the SHA-256 manifest <data>/manifest.sha256 that fetch itself keeps.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "acquire/http_session.hpp"
#include "acquire/sources.hpp"
#include "acquire/transfer_progress.hpp"
#include "io/date_selection.hpp"

namespace lpm::acquire {

struct FetchOptions {
  std::filesystem::path data_dir = "data";
  io::DateSelection selection;  // limits the ER tables only
  int max_workers = 8;
  bool kernels_only = false;                          // kernels and instrument tables, no ER tables
  bool dry_run = false;                               // list what would be fetched (sizes by HEAD); write nothing
  bool verify_only = false;                           // recheck the checksums of what is on disk; download nothing
  std::string mirror;                                 // empty: the archives themselves (https only)
  std::optional<std::filesystem::path> kernels_lock;  // empty: the shipped lock of the real kernels
  HttpSettings http;                                  // `protocols` is set from the mirror by run_fetch
  ProgressDisplay progress = ProgressDisplay::automatic;
};

struct PlannedFile {
  RemoteFile file;
  std::string request_url;             // after --mirror
  std::optional<std::uintmax_t> size;  // as announced by the server (dry run)
};

struct FetchReport {
  std::vector<PlannedFile> to_fetch;  // files missing locally (all of them, also in a dry run)
  std::size_t already_present = 0;
  std::size_t downloaded = 0;
  std::size_t verified = 0;  // files whose checksum was checked and matched
  std::uintmax_t bytes_received = 0;
  std::vector<std::string> problems;  // one line each, naming the file; empty on success
  // Set when the archive (or --mirror) cannot be reached at all (UnreachableError): the first
  // such answer, "URL: reason". The fetch stopped there; nothing was written.
  std::string unreachable;
};

// Runs fetch. Throws std::invalid_argument for bad options (invalid selection or mirror URL,
// unreadable or malformed --kernels-lock). Everything that goes wrong with a file or a request is
// a line in FetchReport::problems (logged as an error too) and the other files go on.
FetchReport run_fetch(const FetchOptions& options);

}  // namespace lpm::acquire
