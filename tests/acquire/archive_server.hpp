#pragma once
// The fake archive tests/acquire/archive_server.py as a child process on 127.0.0.1 (started by
// the constructor, killed by the destructor, and bounded in lifetime by itself), with its
// request log. Used by tests/acquire/fetch_test.cpp and the fetch cases of tests/reliability/.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/text_file.hpp"
#include "test_support.hpp"

extern char** environ;

namespace lpm::test {

inline const std::string archive_er_path = "/pds-ppi.igpp.ucla.edu/data/lp-er-calibrated/data-3deleflux/";

struct Request {
  std::string method, path, range;
  int status = 0;
  double time_s = 0;
};

inline std::string json_string(const std::string& line, const std::string& key) {
  std::size_t at = line.find("\"" + key + "\": \"");
  if (at == std::string::npos) return {};
  at += key.size() + 5;
  return line.substr(at, line.find('"', at) - at);
}

inline double json_number(const std::string& line, const std::string& key) {
  std::size_t at = line.find("\"" + key + "\": ");
  return at == std::string::npos ? 0.0 : std::stod(line.substr(at + key.size() + 4));
}

// The fake archive as a child process; its export folder holds the served bytes and a lock.
class ArchiveServer {
 public:
  ArchiveServer(const std::filesystem::path& work, std::vector<std::string> faults = {}) : log_(work / "server.log") {
    export_dir_ = work / "archive";
    std::vector<std::string> args = {"/usr/bin/python3",
                                     (lpm::test::source_dir() / "tests/acquire/archive_server.py").string(),
                                     "--port",
                                     "0",
                                     "--lifetime",
                                     "60",
                                     "--log",
                                     log_.string(),
                                     "--export",
                                     export_dir_.string()};
    args.insert(args.end(), faults.begin(), faults.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    int error = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (error != 0) {
      close(pipe_fds[0]);
      throw std::runtime_error("cannot start archive_server.py");
    }
    std::string line;
    char c;
    while (read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
    close(pipe_fds[0]);
    if (line.empty()) throw std::runtime_error("archive_server.py printed no port");
    port_ = std::stoi(line);
  }
  ~ArchiveServer() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  ArchiveServer(const ArchiveServer&) = delete;
  ArchiveServer& operator=(const ArchiveServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::filesystem::path lock() const { return export_dir_ / "kernels.lock"; }
  // The bytes the server serves for an ER table ("1998/152_181JUN/3D980615.TAB").
  std::string er_table(const std::string& relative) const {
    return lpm::io::read_whole_file(export_dir_ / archive_er_path.substr(1) / relative);
  }
  std::vector<Request> requests() const {
    std::vector<Request> all;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);)
      all.push_back({json_string(line, "method"), json_string(line, "path"), json_string(line, "range"),
                     static_cast<int>(json_number(line, "status")), json_number(line, "t")});
    return all;
  }
  std::vector<Request> requests_for(const std::string& name) const {
    std::vector<Request> matching;
    for (const Request& r : requests())
      if (r.path.ends_with("/" + name)) matching.push_back(r);
    return matching;
  }
  void clear_log() const { std::ofstream(log_, std::ios::trunc); }

 private:
  std::filesystem::path log_, export_dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace lpm::test
