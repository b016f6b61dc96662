// NpzWriter::add_streamed of several entries compressed by concurrent tasks (issue 22): the archive
// is byte for byte the one of the serial writer (one add_streamed after the other), whatever the
// threads and the order the tasks run in; a failure leaves no file and names the entry.
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/npz.hpp"
#include "support/test_support.hpp"

namespace lpm::io {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

constexpr std::size_t piece_bytes = std::size_t{1} << 20;  // as the spill hands columns over

// Arrays of the sizes that matter to the deflate stream: none, a few bytes, exactly one piece,
// several pieces and a part; smooth numbers, noise and text.
NpzArchive payload() {
  NpzArchive archive;
  archive.add("empty", make_f8({}));
  archive.add("three", make_i8({-1, 0, 1}));
  std::vector<double> smooth(piece_bytes / 8);
  for (std::size_t i = 0; i < smooth.size(); ++i) smooth[i] = std::sin(1e-3 * static_cast<double>(i));
  archive.add("one_piece", make_f8(smooth));
  std::mt19937_64 rng(20240611);  // fixed seed: the same payload every run
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> noisy(3 * piece_bytes / 8 + 1234);
  for (std::size_t i = 0; i < noisy.size(); ++i)
    noisy[i] = i % 7 == 0 ? std::nan("") : 50.0 * std::cos(1e-4 * static_cast<double>(i)) + noise(rng);
  archive.add("noisy", make_f8(noisy));
  std::vector<std::string> utc(9000);
  for (std::size_t i = 0; i < utc.size(); ++i)
    utc[i] = fmt::format("1998-06-{:02d}T{:02d}:{:02d}:{:02d}\xc2\xb5", 1 + i / 1440 % 30, i / 60 % 24, i % 60, i % 47);
  archive.add("utc", make_unicode(utc, 64));
  std::vector<std::int8_t> random_bytes(2 * piece_bytes + 5);
  for (auto& b : random_bytes) b = static_cast<std::int8_t>(rng());
  archive.add("random_bytes", make_i1(random_bytes));
  return archive;
}

// Hands `array`'s data over in pieces of at most piece_bytes, as result_spill does.
NpzWriter::ChunkProducer pieces_of(const NpyArray& array) {
  auto at = std::make_shared<std::size_t>(0);
  return [&array, at](std::vector<std::uint8_t>& chunk) {
    const std::size_t n = std::min(piece_bytes, array.data.size() - *at);
    chunk.assign(array.data.begin() + static_cast<std::ptrdiff_t>(*at),
                 array.data.begin() + static_cast<std::ptrdiff_t>(*at + n));
    *at += n;
  };
}

NpyArray layout_of(const NpyArray& array) {
  NpyArray layout = array;
  layout.data.clear();
  return layout;
}

std::vector<NpzWriter::StreamedEntry> streamed(const NpzArchive& archive) {
  std::vector<NpzWriter::StreamedEntry> entries;
  for (const auto& [key, array] : archive.entries())
    entries.push_back({key, layout_of(array), [&array = array] { return pieces_of(array); }});
  return entries;
}

// Runners: `threads` std::threads each taking the next task; or all on this thread, last first
// (the archive must not depend on which entry is compressed first).
NpzWriter::TaskRunner on_threads(int threads) {
  return [threads](const std::vector<std::function<void()>>& tasks) {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&] {
        for (std::size_t k = next++; k < tasks.size(); k = next++) tasks[k]();
      });
    for (auto& thread : pool) thread.join();
  };
}

void last_first(const std::vector<std::function<void()>>& tasks) {
  for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) (*it)();
}

TEST(NpzParallelWrite, EntriesCompressedByTasksGiveTheBytesOfTheSerialWriter) {
  test::TempDir dir;
  const NpzArchive archive = payload();
  for (const bool zip64 : {false, true})
    for (const int level : {0, 1, 6}) {
      const NpzWriteOptions options{.force_zip64 = zip64, .compression_level = level};
      const fs::path serial = dir.path() / "serial.npz";
      {
        NpzWriter writer(serial, options);
        writer.add("before", scalar_i8(7));
        for (const auto& [key, array] : archive.entries()) writer.add_streamed(key, layout_of(array), pieces_of(array));
        writer.add("after", scalar_f8(2.5));
        writer.commit();
      }
      const std::vector<std::pair<std::string, NpzWriter::TaskRunner>> runners = {{"no runner", {}},
                                                                                  {"1 thread", on_threads(1)},
                                                                                  {"2 threads", on_threads(2)},
                                                                                  {"5 threads", on_threads(5)},
                                                                                  {"last first", last_first}};
      for (const auto& [name, run] : runners) {
        const fs::path path = dir.path() / "tasks.npz";
        NpzWriter writer(path, options);
        writer.add("before", scalar_i8(7));
        writer.add_streamed(streamed(archive), run);
        writer.add("after", scalar_f8(2.5));
        writer.commit();
        EXPECT_TRUE(test::read_bytes(path) == test::read_bytes(serial))
            << name << ", zip64 " << zip64 << ", level " << level;
        EXPECT_EQ(test::folder_names(dir.path()), (std::vector<std::string>{"serial.npz", "tasks.npz"}));
      }
    }
}

TEST(NpzParallelWrite, NoEntriesAddNothing) {
  test::TempDir dir;
  write_npz(dir.path() / "serial.npz", NpzArchive{});
  NpzWriter writer(dir.path() / "tasks.npz");
  writer.add_streamed({}, on_threads(2));
  writer.commit();
  EXPECT_EQ(test::read_bytes(dir.path() / "tasks.npz"), test::read_bytes(dir.path() / "serial.npz"));
}

TEST(NpzParallelWrite, AFailingEntryIsNamedAndLeavesTheOldFileAndNothingElse) {
  test::TempDir dir;
  const fs::path path = dir.path() / "out.npz";
  { std::ofstream(path) << "old"; }
  const NpzArchive archive = payload();
  for (const bool when_opened : {false, true}) {
    std::vector<NpzWriter::StreamedEntry> entries = streamed(archive);
    if (when_opened)
      entries[2].open = []() -> NpzWriter::ChunkProducer { throw std::runtime_error("spill file vanished"); };
    else
      entries[2].open = [] {
        return [calls = 0](std::vector<std::uint8_t>& chunk) mutable {
          if (++calls > 1) throw std::runtime_error("spill file vanished");
          chunk.assign(100, 1);
        };
      };
    NpzWriter writer(path);
    EXPECT_THAT([&] { writer.add_streamed(std::move(entries), on_threads(2)); },
                ThrowsMessage<std::runtime_error>(
                    AllOf(HasSubstr(path.string()), HasSubstr("entry 'one_piece': spill file vanished"))));
    EXPECT_THROW(writer.commit(), std::runtime_error);  // a failed writer cannot be committed
    EXPECT_EQ(test::folder_names(dir.path()), std::vector<std::string>{"out.npz"});
    EXPECT_EQ(test::read_bytes(path), "old");
  }
}

TEST(NpzParallelWrite, PiecesThatDoNotAddUpToTheShapeFailNamingTheEntry) {
  test::TempDir dir;
  const fs::path path = dir.path() / "out.npz";
  NpyArray three = make_f8({1, 2, 3});
  const NpyArray four = make_f8({1, 2, 3, 4});
  NpzWriter writer(path);
  std::vector<NpzWriter::StreamedEntry> entries;
  entries.push_back({"too_long", layout_of(three), [&] { return pieces_of(four); }});
  EXPECT_THAT(
      [&] { writer.add_streamed(std::move(entries), on_threads(2)); },
      ThrowsMessage<std::runtime_error>(AllOf(HasSubstr("entry 'too_long'"), HasSubstr("more than its declared"))));
  EXPECT_TRUE(test::folder_names(dir.path()).empty());
}

TEST(NpzParallelWrite, AfterAFailureTheOtherEntriesStopAtTheirNextPiece) {
  test::TempDir dir;
  std::mutex mutex;
  std::condition_variable changed;
  bool failing = false;  // the failing entry is about to throw
  std::atomic<int> long_pieces{0};
  constexpr int long_entry_pieces = 1000;  // 1 GB if it ran to the end
  NpyArray layout{DType::i1, 0, {long_entry_pieces * piece_bytes}, {}};
  std::vector<NpzWriter::StreamedEntry> entries;
  entries.push_back({"long", layout, [&] {
                       return [&](std::vector<std::uint8_t>& chunk) {
                         if (++long_pieces == 2) {  // wait (a while at most) for the other to fail
                           std::unique_lock lock(mutex);
                           changed.wait_for(lock, std::chrono::seconds(30), [&] { return failing; });
                         }
                         chunk.assign(piece_bytes, 3);
                       };
                     }});
  entries.push_back({"failing", NpyArray{DType::i1, 0, {10}, {}}, [&] {
                       return [&](std::vector<std::uint8_t>&) {
                         {
                           std::lock_guard lock(mutex);
                           failing = true;
                         }
                         changed.notify_all();
                         throw std::runtime_error("disk full");
                       };
                     }});
  NpzWriter writer(dir.path() / "out.npz");
  EXPECT_THAT([&] { writer.add_streamed(std::move(entries), on_threads(2)); },
              ThrowsMessage<std::runtime_error>(HasSubstr("entry 'failing': disk full")));
  EXPECT_LT(long_pieces.load(), long_entry_pieces);
  EXPECT_TRUE(test::folder_names(dir.path()).empty());
}

TEST(NpzParallelWrite, DuplicateKeyThrowsBeforeAnyEntryIsCompressed) {
  test::TempDir dir;
  NpzWriter writer(dir.path() / "out.npz");
  writer.add("x", scalar_f8(1));
  bool opened = false;
  std::vector<NpzWriter::StreamedEntry> entries;
  entries.push_back({"x", NpyArray{DType::f8, 0, {0}, {}}, [&] {
                       opened = true;
                       return NpzWriter::ChunkProducer([](std::vector<std::uint8_t>&) {});
                     }});
  EXPECT_THAT([&] { writer.add_streamed(std::move(entries), on_threads(2)); },
              ThrowsMessage<std::runtime_error>(HasSubstr("'x' added twice")));
  EXPECT_FALSE(opened);
  EXPECT_TRUE(test::folder_names(dir.path()).empty());
}

}  // namespace
}  // namespace lpm::io
