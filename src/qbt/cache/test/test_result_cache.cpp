#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/result_cache.hpp"
#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "redis_server.hpp"

namespace qbt::cache {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using qbt::testing::TempDir;

std::string key_of(std::string_view name) { return KeyBuilder("test").add_text("name", name).finish(); }

/// Collects warnings instead of printing them.
struct Warnings {
  std::vector<std::string> seen;
  CacheOptions options(FailurePolicy policy = FailurePolicy::degrade) {
    CacheOptions out;
    out.on_failure = policy;
    out.warn = [this](const std::string& message) { seen.push_back(message); };
    return out;
  }
};

TEST(ResultCache, NoneIsDisabled) {
  ResultCache cache = ResultCache::open("none");
  EXPECT_FALSE(cache.enabled());
  EXPECT_EQ(cache.location(), "none");
  cache.put_text(key_of("a"), "alpha");
  EXPECT_FALSE(cache.get_text(key_of("a")).has_value());
  EXPECT_EQ(cache.stats().backend, "none");
  EXPECT_FALSE(ResultCache().enabled());
}

TEST(ResultCache, OpensDirectoryStoresFromPathsAndDirUris) {
  const TempDir dir;
  const std::string path = (dir.path() / "one").string();
  ResultCache plain = ResultCache::open(path);
  EXPECT_TRUE(plain.enabled());
  EXPECT_EQ(plain.location(), path);
  plain.put_text(key_of("a"), "alpha");

  ResultCache prefixed = ResultCache::open("dir:" + path);
  EXPECT_EQ(prefixed.location(), path);
  EXPECT_EQ(prefixed.get_text(key_of("a")), "alpha");
  EXPECT_EQ(prefixed.stats().backend, "directory");
}

TEST(ResultCache, DefaultHonoursQbtCacheDir) {
  const TempDir dir;
  const char* old = std::getenv("QBT_CACHE_DIR");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  ::setenv("QBT_CACHE_DIR", dir.path().c_str(), 1);
  const ResultCache by_name = ResultCache::open("default");
  const ResultCache by_empty = ResultCache::open("");
  if (saved) {
    ::setenv("QBT_CACHE_DIR", saved->c_str(), 1);
  } else {
    ::unsetenv("QBT_CACHE_DIR");
  }
  EXPECT_EQ(by_name.location(), dir.path().string());
  EXPECT_EQ(by_empty.location(), dir.path().string());
}

TEST(ResultCache, RejectsMalformedUris) {
  EXPECT_THROW(static_cast<void>(ResultCache::open("ftp://host/x")), UserInputError);
  EXPECT_THROW(static_cast<void>(ResultCache::open("dir:")), UserInputError);
  EXPECT_THROW(static_cast<void>(ResultCache::open("redis://")), UserInputError);
  EXPECT_THROW(static_cast<void>(ResultCache::open("redis://host:99999")), UserInputError);
  try {
    static_cast<void>(ResultCache::open("ftp://host/x"));
  } catch (const UserInputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("unknown scheme"));
  }
}

TEST(ResultCache, ColumnsRoundTripBitForBitWithoutACopy) {
  const TempDir dir;
  ResultCache cache = ResultCache::open(dir.path().string());
  const std::vector<double> values = {1.5,
                                      -0.0,
                                      std::numeric_limits<double>::quiet_NaN(),
                                      std::numeric_limits<double>::infinity(),
                                      std::numeric_limits<double>::denorm_min(),
                                      -1e308};
  cache.put_column(key_of("col"), values);
  const auto column = cache.get_column(key_of("col"));
  ASSERT_TRUE(column.has_value());
  ASSERT_EQ(column->values.size(), values.size());
  EXPECT_EQ(std::memcmp(column->values.data(), values.data(), values.size() * sizeof(double)), 0);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(column->values.data()) % 64, 0U);
  const std::vector<double> copy = column->to_vector();
  EXPECT_EQ(std::memcmp(copy.data(), values.data(), values.size() * sizeof(double)), 0);
}

TEST(ResultCache, AValueThatIsNotWholeDoublesIsNoColumn) {
  const TempDir dir;
  ResultCache cache = ResultCache::open(dir.path().string());
  cache.put_text(key_of("odd"), "12345");
  EXPECT_FALSE(cache.get_column(key_of("odd")).has_value());
  EXPECT_EQ(cache.get_text(key_of("odd")), "12345");
}

/// Stats whose every field holds a different value, so a field lost in encoding shows.
metrics::Stats distinct_stats(double base) {
  metrics::Stats stats;
  double x = base;
  for (const metrics::StatKey& key : metrics::stat_keys()) {
    x += 1.25;
    if (key.integer != nullptr) {
      stats.*key.integer = static_cast<std::int64_t>(x * 1000.0);
    } else {
      stats.*key.real = x;
    }
  }
  stats.sharpe_ratio = std::numeric_limits<double>::quiet_NaN();
  stats.profit_factor = std::numeric_limits<double>::infinity();
  stats.sortino_ratio = -std::numeric_limits<double>::infinity();
  return stats;
}

TEST(ResultCache, StatsRoundTripEveryFieldBitForBit) {
  const TempDir dir;
  ResultCache cache = ResultCache::open(dir.path().string());
  const std::vector<metrics::Stats> stats = {distinct_stats(0.0), distinct_stats(100.0)};
  cache.put_stats(key_of("stats"), stats);
  const auto back = cache.get_stats(key_of("stats"));
  ASSERT_TRUE(back.has_value());
  ASSERT_EQ(back->size(), 2U);
  // Stats is all 8-byte fields (no padding): equal bytes mean every field came back.
  static_assert(sizeof(metrics::Stats) % 8 == 0);
  EXPECT_EQ(std::memcmp(back->data(), stats.data(), 2 * sizeof(metrics::Stats)), 0);

  cache.put_stats(key_of("empty"), {});
  const auto empty = cache.get_stats(key_of("empty"));
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

TEST(ResultCache, StatsOfAnotherSchemaAreAMiss) {
  const TempDir dir;
  ResultCache cache = ResultCache::open(dir.path().string());
  std::vector<std::uint64_t> words = {12345, 1};  // wrong schema fingerprint, one Stats
  words.resize(2 + metrics::stat_keys().size(), 0);
  cache.put(key_of("stats"), std::as_bytes(std::span<const std::uint64_t>(words)));
  EXPECT_FALSE(cache.get_stats(key_of("stats")).has_value());
  cache.put_text(key_of("text"), "not stats");
  EXPECT_FALSE(cache.get_stats(key_of("text")).has_value());
}

/// A backend whose every call fails, as a full disk or a dropped connection does.
class FailingStore final : public CacheStore {
public:
  std::optional<Blob> get(std::string_view) override { throw IoError("disk on fire"); }
  void put(std::string_view, std::span<const std::byte>) override { throw IoError("disk on fire"); }
  bool remove(std::string_view) override { throw IoError("disk on fire"); }
  void clear() override { throw IoError("disk on fire"); }
  CacheStats stats() override { throw IoError("disk on fire"); }
  std::string location() const override { return "/broken"; }
};

TEST(ResultCache, ABackendFailureWarnsOnceAndDisablesTheCache) {
  Warnings warnings;
  ResultCache cache(std::make_unique<FailingStore>(), warnings.options());
  EXPECT_TRUE(cache.enabled());
  EXPECT_FALSE(cache.get_text(key_of("a")).has_value());
  cache.put_text(key_of("a"), "alpha");
  EXPECT_FALSE(cache.get_column(key_of("a")).has_value());
  EXPECT_FALSE(cache.enabled());
  ASSERT_EQ(warnings.seen.size(), 1U);
  EXPECT_EQ(warnings.seen[0], "cache /broken unavailable, continuing without it: disk on fire");
}

TEST(ResultCache, UnderFailPolicyABackendFailureThrows) {
  Warnings warnings;
  ResultCache cache(std::make_unique<FailingStore>(), warnings.options(FailurePolicy::fail));
  EXPECT_THROW(static_cast<void>(cache.stats()), IoError);
  EXPECT_THROW(cache.clear(), IoError);
  EXPECT_TRUE(warnings.seen.empty());
}

TEST(ResultCache, AnUnwritableDirectoryDegrades) {
  const TempDir dir;
  std::ofstream(dir.path() / "file") << "a file, not a directory";
  Warnings warnings;
  ResultCache cache = ResultCache::open((dir.path() / "file" / "cache").string(), warnings.options());
  EXPECT_FALSE(cache.get_text(key_of("a")).has_value());
  EXPECT_TRUE(warnings.seen.empty());  // a missing entry is a plain miss
  cache.put_text(key_of("a"), "alpha");
  ASSERT_EQ(warnings.seen.size(), 1U);
  EXPECT_THAT(warnings.seen[0], HasSubstr("cannot create cache entry"));
  EXPECT_FALSE(cache.enabled());
}

TEST(ResultCache, RedisDownWarnsAndRunsWithoutTheCache) {
  if (!redis_supported()) {
    GTEST_SKIP() << "built without hiredis";
  }
  const std::uint16_t port = testing::free_loopback_port();
  const std::string uri = "redis://127.0.0.1:" + std::to_string(port);
  Warnings warnings;
  ResultCache cache = ResultCache::open(uri, warnings.options());
  EXPECT_FALSE(cache.enabled());
  EXPECT_EQ(cache.location(), uri + "/0");
  EXPECT_FALSE(cache.get_text(key_of("a")).has_value());
  cache.put_text(key_of("a"), "alpha");
  ASSERT_EQ(warnings.seen.size(), 1U);
  EXPECT_THAT(warnings.seen[0], StartsWith("cache " + uri + "/0 unavailable, continuing without it: "
                                           "cannot connect to " + uri + "/0: "));
  EXPECT_THAT(warnings.seen[0], HasSubstr("refused"));

  EXPECT_THROW(static_cast<void>(ResultCache::open(uri, warnings.options(FailurePolicy::fail))),
               IoError);
}

TEST(ResultCache, AStalledRedisTimesOutQuicklyAndDegrades) {
  if (!redis_supported()) {
    GTEST_SKIP() << "built without hiredis";
  }
  const testing::SilentServer silent;
  Warnings warnings;
  CacheOptions options = warnings.options();
  options.redis.command_timeout = std::chrono::milliseconds(100);
  ResultCache cache =
      ResultCache::open("redis://127.0.0.1:" + std::to_string(silent.port()), options);
  EXPECT_FALSE(cache.get_text(key_of("a")).has_value());
  EXPECT_FALSE(cache.get_text(key_of("b")).has_value());
  EXPECT_FALSE(cache.enabled());
  ASSERT_EQ(warnings.seen.size(), 1U);
  EXPECT_THAT(warnings.seen[0], HasSubstr("no answer within 100 ms"));
}

TEST(ResultCache, RedisUrisNeedHiredis) {
  if (redis_supported()) {
    GTEST_SKIP() << "built with hiredis: redis:// URIs open a Redis store";
  }
  try {
    static_cast<void>(ResultCache::open("redis://127.0.0.1:6379"));
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("built without hiredis"));
  }
}

}  // namespace
}  // namespace qbt::cache
