#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <xxhash.h>

#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/detail/entry_format.hpp"
#include "qbt/cache/directory_store.hpp"
#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::cache {
namespace {

namespace fs = std::filesystem;
using qbt::testing::TempDir;

std::string key_of(std::string_view name) { return KeyBuilder("test").add_text("name", name).finish(); }

std::vector<std::byte> bytes_of(std::string_view text) {
  const auto raw = std::as_bytes(std::span<const char>(text.data(), text.size()));
  return {raw.begin(), raw.end()};
}

/// `size` bytes that depend on `seed`, so a value served under the wrong key shows.
std::vector<std::byte> pattern(std::size_t size, std::uint32_t seed) {
  std::vector<std::byte> out(size);
  std::uint32_t x = seed * 2654435761U + 1U;
  for (std::byte& b : out) {
    x = x * 1664525U + 1013904223U;
    b = static_cast<std::byte>(x >> 24);
  }
  return out;
}

std::string text_of(const Blob& blob) { return std::string(blob.text()); }

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

/// Set a file's modification time `seconds_ago` seconds in the past.
void age(const fs::path& path, int seconds_ago) {
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::seconds(seconds_ago));
}

TEST(DirectoryStore, RoundTripsValuesAndCountsHitsAndMisses) {
  const TempDir dir;
  DirectoryStore store(dir.path() / "cache");
  EXPECT_FALSE(store.get(key_of("a")).has_value());
  store.put(key_of("a"), bytes_of("alpha"));
  store.put(key_of("b"), bytes_of(""));
  const auto a = store.get(key_of("a"));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(text_of(*a), "alpha");
  const auto b = store.get(key_of("b"));
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->size(), 0U);

  const CacheStats stats = store.stats();
  EXPECT_EQ(stats.backend, "directory");
  EXPECT_EQ(stats.location, (dir.path() / "cache").string());
  EXPECT_EQ(stats.entries, 2U);
  EXPECT_EQ(stats.bytes, 2 * detail::k_entry_header_size + 5);
  EXPECT_EQ(stats.limit, k_default_size_limit);
  EXPECT_EQ(stats.hits, 2U);
  EXPECT_EQ(stats.misses, 1U);
}

TEST(DirectoryStore, StoresEachKeyAsOneFileUnderItsShard) {
  const TempDir dir;
  DirectoryStore store(dir.path());
  const std::string key = key_of("a");
  store.put(key, bytes_of("alpha"));
  const fs::path expected = dir.path() / "entries" / key.substr(0, 2) / key;
  EXPECT_EQ(store.entry_path(key), expected);
  ASSERT_TRUE(fs::is_regular_file(expected));
  EXPECT_EQ(fs::file_size(expected), detail::k_entry_header_size + 5);
  EXPECT_EQ(read_all(expected).substr(0, 8), "QBTCACHE");
  EXPECT_EQ(read_all(expected).substr(detail::k_entry_header_size), "alpha");
}

TEST(DirectoryStore, PutReplacesAndRemoveDeletes) {
  const TempDir dir;
  DirectoryStore store(dir.path());
  store.put(key_of("a"), bytes_of("first"));
  store.put(key_of("a"), bytes_of("second value"));
  EXPECT_EQ(text_of(*store.get(key_of("a"))), "second value");
  EXPECT_EQ(store.stats().entries, 1U);
  EXPECT_TRUE(store.remove(key_of("a")));
  EXPECT_FALSE(store.remove(key_of("a")));
  EXPECT_FALSE(store.get(key_of("a")).has_value());
}

TEST(DirectoryStore, ValuesAreVisibleToAnotherStoreOnTheSameDirectory) {
  const TempDir dir;
  DirectoryStore writer(dir.path());
  writer.put(key_of("a"), pattern(100'000, 7));
  DirectoryStore reader(dir.path());
  const auto value = reader.get(key_of("a"));
  ASSERT_TRUE(value.has_value());
  const auto expected = pattern(100'000, 7);
  EXPECT_TRUE(std::equal(value->bytes().begin(), value->bytes().end(), expected.begin(), expected.end()));
}

TEST(DirectoryStore, PayloadsAre64ByteAlignedForColumns) {
  const TempDir dir;
  DirectoryStore store(dir.path());
  store.put(key_of("a"), pattern(8 * 1000, 1));
  const auto value = store.get(key_of("a"));
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(value->bytes().data()) % 64, 0U);
}

TEST(DirectoryStore, RejectsMalformedKeysAsABug) {
  const TempDir dir;
  DirectoryStore store(dir.path());
  EXPECT_THROW(static_cast<void>(store.get("../../etc/passwd")), InternalError);
  EXPECT_THROW(store.put("ABC", bytes_of("x")), InternalError);
}

/// Each way an entry file can go bad: the reader misses and deletes it.
struct Corruption {
  std::string name;
  std::function<void(const fs::path& path, const std::string& content)> damage;
};

class DirectoryStoreCorruption : public ::testing::TestWithParam<Corruption> {};

TEST_P(DirectoryStoreCorruption, IsAMissAndTheEntryIsRemoved) {
  const TempDir dir;
  DirectoryStore store(dir.path());
  const std::string key = key_of("victim");
  store.put(key, pattern(4096, 3));
  const fs::path path = store.entry_path(key);
  GetParam().damage(path, read_all(path));

  EXPECT_FALSE(store.get(key).has_value());
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(store.stats().misses, 1U);
  store.put(key, pattern(4096, 3));  // and the next put stores it afresh
  EXPECT_TRUE(store.get(key).has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Damage, DirectoryStoreCorruption,
    ::testing::Values(
        Corruption{"FlippedPayloadBit",
                   [](const fs::path& p, std::string c) {
                     c[detail::k_entry_header_size + 1000] ^= 0x10;
                     write_all(p, c);
                   }},
        Corruption{"FlippedHeaderBit",
                   [](const fs::path& p, std::string c) {
                     c[20] ^= 0x01;  // payload size
                     write_all(p, c);
                   }},
        Corruption{"TruncatedPayload",
                   [](const fs::path& p, const std::string& c) { write_all(p, c.substr(0, c.size() - 1)); }},
        Corruption{"TrailingBytes", [](const fs::path& p, const std::string& c) { write_all(p, c + "x"); }},
        Corruption{"TruncatedHeader",
                   [](const fs::path& p, const std::string& c) { write_all(p, c.substr(0, 40)); }},
        Corruption{"Empty", [](const fs::path& p, const std::string&) { write_all(p, ""); }},
        Corruption{"NotAnEntry",
                   [](const fs::path& p, const std::string& c) { write_all(p, std::string(c.size(), 'z')); }},
        Corruption{"AnotherKeysEntry",
                   [](const fs::path& p, const std::string&) {
                     const TempDir other;
                     DirectoryStore elsewhere(other.path());
                     elsewhere.put(key_of("other"), pattern(4096, 3));
                     write_all(p, read_all(elsewhere.entry_path(key_of("other"))));
                   }}),
    [](const auto& test) { return test.param.name; });

TEST(DirectoryStore, LeavesEntriesOfAnotherFormatVersionAlone) {
  const TempDir dir;
  DirectoryStore store(dir.path());
  const std::string key = key_of("future");
  store.put(key, bytes_of("payload"));
  const fs::path path = store.entry_path(key);
  std::string content = read_all(path);
  const std::uint32_t version = detail::k_entry_format_version + 1;
  std::memcpy(content.data() + 8, &version, sizeof(version));
  const std::uint64_t header_checksum = XXH3_64bits(content.data(), 56);
  std::memcpy(content.data() + 56, &header_checksum, sizeof(header_checksum));
  write_all(path, content);

  EXPECT_FALSE(store.get(key).has_value());
  EXPECT_TRUE(fs::exists(path));
}

TEST(DirectoryStore, EvictsLeastRecentlyUsedDownToSevenEighthsOfTheLimit) {
  const TempDir dir;
  const std::uint64_t entry = detail::k_entry_header_size + 1000;
  DirectoryStore store(dir.path(), 4 * entry);
  for (const char* name : {"a", "b", "c", "d"}) {
    store.put(key_of(name), pattern(1000, 1));
  }
  EXPECT_EQ(store.stats().entries, 4U);  // exactly at the limit: nothing evicted
  ASSERT_TRUE(store.get(key_of("a")).has_value());  // a is now the most recently used

  store.put(key_of("e"), pattern(1000, 2));  // 5 entries > limit: evict to <= 3.5 entries
  EXPECT_TRUE(fs::exists(store.entry_path(key_of("a"))));
  EXPECT_FALSE(fs::exists(store.entry_path(key_of("b"))));
  EXPECT_FALSE(fs::exists(store.entry_path(key_of("c"))));
  EXPECT_TRUE(fs::exists(store.entry_path(key_of("d"))));
  EXPECT_TRUE(fs::exists(store.entry_path(key_of("e"))));
  const CacheStats stats = store.stats();
  EXPECT_EQ(stats.entries, 3U);
  EXPECT_LE(stats.bytes, stats.limit);
}

TEST(DirectoryStore, EvictionSeesEntriesOtherProcessesWrote) {
  const TempDir dir;
  const std::uint64_t entry = detail::k_entry_header_size + 1000;
  DirectoryStore other(dir.path(), 100 * entry);
  for (const char* name : {"old1", "old2", "old3"}) {
    other.put(key_of(name), pattern(1000, 1));
  }
  DirectoryStore store(dir.path(), 3 * entry);
  store.put(key_of("new"), pattern(1000, 1));  // first put scans: 4 entries > 3
  EXPECT_FALSE(fs::exists(store.entry_path(key_of("old1"))));
  EXPECT_FALSE(fs::exists(store.entry_path(key_of("old2"))));
  EXPECT_TRUE(fs::exists(store.entry_path(key_of("old3"))));
  EXPECT_TRUE(fs::exists(store.entry_path(key_of("new"))));
}

TEST(DirectoryStore, DoesNotStoreAValueLargerThanTheLimit) {
  const TempDir dir;
  DirectoryStore store(dir.path(), 1000);
  store.put(key_of("small"), pattern(100, 1));
  store.put(key_of("big"), pattern(2000, 1));
  EXPECT_FALSE(store.get(key_of("big")).has_value());
  EXPECT_TRUE(store.get(key_of("small")).has_value());
}

TEST(DirectoryStore, IgnoresTemporaryFilesAndDeletesStaleOnes) {
  const TempDir dir;
  const std::string key = key_of("a");
  DirectoryStore store(dir.path());
  store.put(key, bytes_of("alpha"));
  // What writers that crashed (stale) or are still writing (fresh) leave behind.
  const fs::path shard = store.entry_path(key).parent_path();
  const fs::path stale = shard / (key + ".tmp.999.1");
  const fs::path fresh = shard / (key + ".tmp.999.2");
  write_all(stale, "half an entry");
  write_all(fresh, "half an entry");
  age(stale, 2 * 3600);
  EXPECT_EQ(store.stats().entries, 1U);
  EXPECT_EQ(text_of(*store.get(key)), "alpha");

  DirectoryStore next_process(dir.path());
  next_process.put(key_of("b"), bytes_of("beta"));  // its first put scans the directory
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(fresh));
}

TEST(DirectoryStore, ClearRemovesEntriesOnly) {
  const TempDir dir;
  DirectoryStore store(dir.path());
  write_all(dir.path() / "bench_history.sqlite", "not ours");
  for (const char* name : {"a", "b", "c"}) {
    store.put(key_of(name), bytes_of(name));
  }
  store.clear();
  const CacheStats stats = store.stats();
  EXPECT_EQ(stats.entries, 0U);
  EXPECT_EQ(stats.bytes, 0U);
  EXPECT_FALSE(store.get(key_of("a")).has_value());
  EXPECT_EQ(read_all(dir.path() / "bench_history.sqlite"), "not ours");
  store.put(key_of("a"), bytes_of("again"));
  EXPECT_EQ(text_of(*store.get(key_of("a"))), "again");
}

TEST(DirectoryStore, FailsWithIoErrorWhenTheDirectoryCannotBeCreated) {
  const TempDir dir;
  write_all(dir.path() / "file", "a file, not a directory");
  DirectoryStore store(dir.path() / "file" / "cache");
  EXPECT_FALSE(store.get(key_of("a")).has_value());  // nothing there: a miss, not an error
  EXPECT_THROW(store.put(key_of("a"), bytes_of("x")), IoError);
}

TEST(DirectoryStore, ConcurrentStoresNeverServeATornOrForeignValue) {
  // Four stores on one directory stand in for four processes: each puts and gets values whose
  // bytes depend on their key, under a limit that forces constant eviction.
  const TempDir dir;
  constexpr int k_keys = 24;
  constexpr std::size_t k_size = 20'000;
  std::atomic<int> hits{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      DirectoryStore store(dir.path(), 8 * (k_size + detail::k_entry_header_size));
      std::mt19937 rng(static_cast<std::uint32_t>(w));
      for (int i = 0; i < 300; ++i) {
        const int id = static_cast<int>(rng() % k_keys);
        const std::string key = key_of(std::to_string(id));
        if (rng() % 2 == 0) {
          store.put(key, pattern(k_size, static_cast<std::uint32_t>(id)));
        } else if (const auto value = store.get(key)) {
          ++hits;
          const auto expected = pattern(k_size, static_cast<std::uint32_t>(id));
          if (!std::equal(value->bytes().begin(), value->bytes().end(), expected.begin(),
                          expected.end())) {
            ++wrong;
          }
        }
      }
    });
  }
  for (std::thread& t : workers) {
    t.join();
  }
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(hits.load(), 0);
  EXPECT_LE(DirectoryStore(dir.path()).stats().entries, static_cast<std::uint64_t>(k_keys));
}

/// Sets an environment variable for one scope and restores it.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) {
      old_ = old;
    }
    if (value == nullptr) {
      ::unsetenv(name);
    } else {
      ::setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(DefaultCacheDir, PrefersQbtCacheDirThenXdgThenHome) {
  const ScopedEnv home("HOME", "/home/someone");
  {
    const ScopedEnv qbt("QBT_CACHE_DIR", "/tmp/qbt-cache");
    const ScopedEnv xdg("XDG_CACHE_HOME", "/tmp/xdg");
    EXPECT_EQ(default_cache_dir(), fs::path("/tmp/qbt-cache"));
  }
  {
    const ScopedEnv qbt("QBT_CACHE_DIR", nullptr);
    const ScopedEnv xdg("XDG_CACHE_HOME", "/tmp/xdg");
    EXPECT_EQ(default_cache_dir(), fs::path("/tmp/xdg/qbt"));
  }
  {
    const ScopedEnv qbt("QBT_CACHE_DIR", "");
    const ScopedEnv xdg("XDG_CACHE_HOME", nullptr);
    EXPECT_EQ(default_cache_dir(), fs::path("/home/someone/.cache/qbt"));
  }
  {
    const ScopedEnv qbt("QBT_CACHE_DIR", nullptr);
    const ScopedEnv xdg("XDG_CACHE_HOME", nullptr);
    const ScopedEnv no_home("HOME", nullptr);
    EXPECT_EQ(default_cache_dir(), std::nullopt);
  }
}

}  // namespace
}  // namespace qbt::cache
