// An LD_PRELOAD library for tests/reliability: makes one moment of a run of the real binary
// happen on cue, where a test from outside could only hope to hit it.
//   LPM_SHIM_PID=N       getpid() returns N (a pid that repeats, as in containers)
//   LPM_SHIM_ON=fsync    the moment: the first fsync() (an output about to be put in place)
//   LPM_SHIM_ON=temp-write        or the first write() into a file whose name holds ".tmp-"
//   LPM_SHIM_ON=scratch-write     or the first write() into a file without a name (an NPZ
//                                 entry compressed ahead of its turn, io::unnamed_temp_file)
//   LPM_SHIM_DO=signal:N          what then happens: raise(N)
//   LPM_SHIM_DO=create:PATH       or another program's file "foreign\n" appears at PATH
//   LPM_SHIM_NO_TMPFILE=PATH      open(O_TMPFILE) fails with EOPNOTSUPP, as on a file system
//                                 without it, and PATH is created to show that it was asked for
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

using WriteFn = ssize_t (*)(int, const void*, size_t);
using FsyncFn = int (*)(int);
using GetpidFn = pid_t (*)();
using OpenFn = int (*)(const char*, int, ...);

template <class Fn>
Fn next_definition(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

const char* setting(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::atomic<bool> fired{false};

void act() {
  if (fired.exchange(true)) return;
  const char* what = setting("LPM_SHIM_DO");
  if (std::strncmp(what, "signal:", 7) == 0) {
    std::raise(std::atoi(what + 7));
  } else if (std::strncmp(what, "create:", 7) == 0) {
    const int fd = ::open(what + 7, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      static const WriteFn real_write = next_definition<WriteFn>("write");
      real_write(fd, "foreign\n", 8);
      ::close(fd);
    }
  }
}

// Whether the name the kernel gives the file open at `fd` holds `text` (a file without a name
// ends in " (deleted)").
bool file_name_holds(int fd, const char* text) {
  char link[64], target[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = ::readlink(link, target, sizeof target - 1);
  if (n <= 0) return false;
  target[n] = '\0';
  return std::strstr(target, text) != nullptr;
}

// open/open64 with LPM_SHIM_NO_TMPFILE: refuses unnamed temporary files (O_TMPFILE), as a file
// system without them does, after noting the request at that path.
int open_without_tmpfile(OpenFn real, const char* path, int flags, va_list rest) {
  const mode_t mode = (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE ? va_arg(rest, mode_t) : 0;
  const char* note = setting("LPM_SHIM_NO_TMPFILE");
  if (*note && (flags & O_TMPFILE) == O_TMPFILE) {
    const int fd = real(note, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) ::close(fd);
    errno = EOPNOTSUPP;
    return -1;
  }
  return real(path, flags, mode);
}

}  // namespace

extern "C" {

int open(const char* path, int flags, ...) {
  static const OpenFn real = next_definition<OpenFn>("open");
  va_list rest;
  va_start(rest, flags);
  const int fd = open_without_tmpfile(real, path, flags, rest);
  va_end(rest);
  return fd;
}

// On 64-bit glibc open64 is open.
int open64(const char* path, int flags, ...) __attribute__((alias("open")));

pid_t getpid() {
  static const GetpidFn real = next_definition<GetpidFn>("getpid");
  const char* pid = setting("LPM_SHIM_PID");
  return *pid ? static_cast<pid_t>(std::atoi(pid)) : real();
}

int fsync(int fd) {
  static const FsyncFn real = next_definition<FsyncFn>("fsync");
  if (std::strcmp(setting("LPM_SHIM_ON"), "fsync") == 0) act();
  return real(fd);
}

ssize_t write(int fd, const void* bytes, size_t count) {
  static const WriteFn real = next_definition<WriteFn>("write");
  const char* on = setting("LPM_SHIM_ON");
  if (!fired.load() && ((std::strcmp(on, "temp-write") == 0 && file_name_holds(fd, ".tmp-")) ||
                        (std::strcmp(on, "scratch-write") == 0 && file_name_holds(fd, " (deleted)"))))
    act();
  return real(fd, bytes, count);
}

}  // extern "C"
