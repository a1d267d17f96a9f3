// The result cache end to end: `qbt cache stats|clear`, and for backtest, optimize and features
// a second run is a hit with byte-identical output (a doctored entry proves the hit skipped the
// computation), changed data is recomputed, and a Redis server that is down or goes away only
// costs a warning.
//
// This file also makes the whole qbt_cli_tests binary hermetic: the cache is on by default, so
// a global environment points QBT_CACHE_DIR at a fresh directory for every test process and
// clears QBT_CACHE and QBT_CACHE_SIZE. No CLI test reads or writes the user's ~/.cache/qbt.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/result_cache.hpp"
#include "qbt/cache/test/redis_server.hpp"
#include "qbt/testing/run_command.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::run_qbt;
using testing::TempDir;

class HermeticCacheEnvironment : public ::testing::Environment {
public:
  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    ::setenv("QBT_CACHE_DIR", dir_->path().c_str(), 1);
    ::unsetenv("QBT_CACHE");
    ::unsetenv("QBT_CACHE_SIZE");
  }
  void TearDown() override { dir_.reset(); }

private:
  std::unique_ptr<TempDir> dir_;
};

[[maybe_unused]] ::testing::Environment* const k_hermetic_cache =
    ::testing::AddGlobalTestEnvironment(new HermeticCacheEnvironment);

std::string daily() { return testing::source_path("data/backtrader/2006-day-001.txt"); }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A cache directory for one test, as a --cache value.
struct CacheDir {
  TempDir dir;
  [[nodiscard]] std::string uri() const { return "dir:" + dir.path().string(); }
  [[nodiscard]] std::string path() const { return dir.path().string(); }
};

nlohmann::json stats_json(const std::string& uri) {
  const auto result = run_qbt({"cache", "stats", "--json", "--cache", uri});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

std::uint64_t entries(const std::string& uri) {
  return stats_json(uri).at("entries").get<std::uint64_t>();
}

/// The keys of every entry in a directory cache (docs/cache.md: entries/<2 hex>/<key>).
std::vector<std::string> entry_keys(const std::string& dir) {
  std::vector<std::string> keys;
  if (!fs::exists(fs::path(dir) / "entries")) {
    return keys;
  }
  for (const auto& file : fs::recursive_directory_iterator(fs::path(dir) / "entries")) {
    if (file.is_regular_file() && cache::is_cache_key(file.path().filename().string())) {
      keys.push_back(file.path().filename().string());
    }
  }
  return keys;
}

TEST(CliCache, StatsOfAnEmptyCache) {
  const CacheDir cache;
  const auto result = run_qbt({"cache", "stats", "--cache", cache.uri()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "backend   directory\n"
                        "location  " + cache.path() + "\n"
                        "entries   0\n"
                        "bytes     0 (0 B)\n"
                        "limit     1073741824 (1.1 GB)\n");
  EXPECT_EQ(result.err, "");
}

TEST(CliCache, StatsJsonWithASizeLimit) {
  const CacheDir cache;
  const auto result =
      run_qbt({"cache", "stats", "--json", "--cache", cache.path(), "--cache-size", "2MiB"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json, (nlohmann::json{{"backend", "directory"},
                                  {"location", cache.path()},
                                  {"entries", 0},
                                  {"bytes", 0},
                                  {"limit", 2U << 20}}));
}

TEST(CliCache, NoneAndTheDefaultDirectory) {
  const auto none = run_qbt({"cache", "stats", "--cache", "none"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_THAT(none.out, StartsWith("backend   none\nlocation  none\nentries   0\n"));
  // Without --cache: $QBT_CACHE_DIR, which the environment of this binary sets.
  const auto result = run_qbt({"cache", "stats", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out).at("location"), std::getenv("QBT_CACHE_DIR"));
}

const std::vector<std::string> k_backtest = {"backtest", "DATA", "--strategy", "sma_cross",
                                             "--param", "fast=10", "--param", "slow=30"};
const std::vector<std::string> k_other_backtest = {"backtest", "DATA", "--strategy", "sma_cross",
                                                   "--param", "fast=7", "--param", "slow=30"};

std::vector<std::string> with(std::vector<std::string> args, const std::string& data,
                              const std::vector<std::string>& more) {
  for (std::string& arg : args) {
    if (arg == "DATA") {
      arg = data;
    }
  }
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(CliCache, ASecondBacktestIsAHitWithIdenticalOutput) {
  const CacheDir cache;
  const auto uncached = run_qbt(with(k_backtest, daily(), {"--no-cache"}));
  ASSERT_EQ(uncached.exit_code, 0) << uncached.err;
  EXPECT_EQ(entries(cache.uri()), 0U);

  const auto first = run_qbt(with(k_backtest, daily(), {"--cache", cache.uri()}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, uncached.out);
  EXPECT_EQ(first.err, "");
  EXPECT_EQ(entries(cache.uri()), 2U);  // the statistics and the rest of the output

  const auto second = run_qbt(with(k_backtest, daily(), {"--cache", cache.uri()}));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, uncached.out);
  EXPECT_EQ(entries(cache.uri()), 2U);

  // --json only changes the printing: the same entries serve it, byte-identical to computing.
  const auto json_uncached = run_qbt(with(k_backtest, daily(), {"--json", "--no-cache"}));
  const auto json_cached = run_qbt(with(k_backtest, daily(), {"--json", "--cache", cache.uri()}));
  ASSERT_EQ(json_cached.exit_code, 0) << json_cached.err;
  EXPECT_EQ(json_cached.out, json_uncached.out);
  EXPECT_EQ(entries(cache.uri()), 2U);

  // Another parameter is another result.
  const auto other = run_qbt(with(k_other_backtest, daily(), {"--cache", cache.uri()}));
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.out, uncached.out);
  EXPECT_EQ(entries(cache.uri()), 4U);
  // And so is another simulation option.
  const auto fees = run_qbt(with(k_backtest, daily(), {"--fees", "0.001", "--cache", cache.uri()}));
  ASSERT_EQ(fees.exit_code, 0) << fees.err;
  EXPECT_NE(fees.out, uncached.out);
  EXPECT_EQ(entries(cache.uri()), 6U);
}

TEST(CliCache, AHitServesTheStoredResultWithoutComputing) {
  const CacheDir cache;
  const auto first = run_qbt(with(k_backtest, daily(), {"--cache", cache.uri()}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_THAT(first.out, HasSubstr("Total Return [%]"));
  ASSERT_THAT(first.out, ::testing::Not(HasSubstr("4242.424200")));

  // Doctor the cached statistics: a run that still prints the true return did not hit.
  cache::ResultCache store = cache::ResultCache::open(cache.uri());
  int doctored = 0;
  for (const std::string& key : entry_keys(cache.path())) {
    if (auto stats = store.get_stats(key)) {
      ASSERT_EQ(stats->size(), 1U);
      stats->front().total_return_pct = 4242.4242;
      store.put_stats(key, *stats);
      ++doctored;
    }
  }
  ASSERT_EQ(doctored, 1);
  const auto hit = run_qbt(with(k_backtest, daily(), {"--cache", cache.uri()}));
  ASSERT_EQ(hit.exit_code, 0) << hit.err;
  EXPECT_THAT(hit.out, HasSubstr("4242.424200"));
  // The record files need the whole portfolio: those runs compute (and print the truth).
  const TempDir out;
  const auto records = run_qbt(
      with(k_backtest, daily(), {"--cache", cache.uri(), "--trades", out.file("trades.csv")}));
  ASSERT_EQ(records.exit_code, 0) << records.err;
  EXPECT_EQ(records.out, first.out);
}

TEST(CliCache, ChangedDataIsRecomputed) {
  const CacheDir cache;
  const TempDir dir;
  std::string text = read_file(daily());
  const std::string data = dir.write("bars.csv", text);
  const auto first = run_qbt(with(k_backtest, data, {"--cache", cache.uri()}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(entries(cache.uri()), 2U);

  // The last bar closes higher (still inside its range): the end value and the buy-and-hold
  // return change.
  const std::string last_close = "4119.94";
  const std::size_t at = text.rfind(last_close);
  ASSERT_NE(at, std::string::npos) << "expected the last bar to close at " << last_close;
  text.replace(at, last_close.size(), "4130.00");
  dir.write("bars.csv", text);

  const auto changed = run_qbt(with(k_backtest, data, {"--cache", cache.uri()}));
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  const auto truth = run_qbt(with(k_backtest, data, {"--no-cache"}));
  EXPECT_EQ(changed.out, truth.out);
  EXPECT_NE(changed.out, first.out);
  EXPECT_EQ(entries(cache.uri()), 4U);
}

TEST(CliCache, ASecondSweepIsAHitWithIdenticalOutputAndCsv) {
  const CacheDir cache;
  const TempDir out;
  const std::vector<std::string> sweep = {"optimize", daily(), "--strategy", "sma_cross",
                                          "--grid", "fast=5:20:5", "--grid", "slow=20:60:10",
                                          "--constraint", "fast<slow"};
  auto args = [&](std::vector<std::string> more) {
    std::vector<std::string> all = sweep;
    all.insert(all.end(), more.begin(), more.end());
    return all;
  };
  const auto uncached = run_qbt(args({"--no-cache", "--out", out.file("uncached.csv")}));
  ASSERT_EQ(uncached.exit_code, 0) << uncached.err;
  const auto first = run_qbt(args({"--cache", cache.uri(), "--out", out.file("first.csv")}));
  const auto second = run_qbt(args({"--cache", cache.uri(), "--out", out.file("second.csv")}));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, uncached.out);
  EXPECT_EQ(second.out, uncached.out);
  EXPECT_EQ(read_file(out.file("second.csv")), read_file(out.file("uncached.csv")));
  EXPECT_EQ(entries(cache.uri()), 1U);

  // Ranking by another statistic reuses the sweep.
  const auto by_return = run_qbt(args({"--cache", cache.uri(), "--metric", "total_return_pct", "--json"}));
  const auto by_return_uncached = run_qbt(args({"--no-cache", "--metric", "total_return_pct", "--json"}));
  ASSERT_EQ(by_return.exit_code, 0) << by_return.err;
  EXPECT_EQ(by_return.out, by_return_uncached.out);
  EXPECT_EQ(entries(cache.uri()), 1U);

  // Another grid is another sweep.
  const auto wider = run_qbt({"optimize", daily(), "--strategy", "sma_cross", "--grid",
                              "fast=5:25:5", "--grid", "slow=20:60:10", "--cache", cache.uri()});
  ASSERT_EQ(wider.exit_code, 0) << wider.err;
  EXPECT_EQ(entries(cache.uri()), 2U);
}

TEST(CliCache, ASecondFeatureRunIsAHitWithAnIdenticalCsv) {
  const CacheDir cache;
  const TempDir out;
  const std::string spec = testing::source_path("examples/features.json");
  const auto uncached = run_qbt({"features", daily(), "--spec", spec, "--out",
                                 out.file("uncached.csv"), "--json", "--no-cache"});
  ASSERT_EQ(uncached.exit_code, 0) << uncached.err;
  const std::size_t columns = nlohmann::json::parse(uncached.out).at("columns").size();

  const auto first = run_qbt({"features", daily(), "--spec", spec, "--out", out.file("first.csv"),
                              "--cache", cache.uri()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(entries(cache.uri()), columns);  // one entry per line of each computation
  const auto second = run_qbt({"features", daily(), "--spec", spec, "--out",
                               out.file("second.csv"), "--cache", cache.uri()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(read_file(out.file("first.csv")), read_file(out.file("uncached.csv")));
  EXPECT_EQ(read_file(out.file("second.csv")), read_file(out.file("uncached.csv")));
  EXPECT_EQ(entries(cache.uri()), columns);

  // A spec that shares one computation with the first reuses its column, renamed.
  const std::string partial = out.write(
      "partial.json",
      R"({"features": [{"indicator": "SMA", "params": {"period": 30}, "prefix": "slow"},
                      {"indicator": "SMA", "params": {"period": 50}}]})");
  const auto mixed = run_qbt({"features", daily(), "--spec", partial, "--out",
                              out.file("mixed.csv"), "--cache", cache.uri()});
  const auto mixed_uncached = run_qbt({"features", daily(), "--spec", partial, "--out",
                                       out.file("mixed_uncached.csv"), "--no-cache"});
  ASSERT_EQ(mixed.exit_code, 0) << mixed.err;
  EXPECT_EQ(read_file(out.file("mixed.csv")), read_file(out.file("mixed_uncached.csv")));
  EXPECT_EQ(entries(cache.uri()), columns + 1);

  // Doctor every cached column: a run that prints the doctored value read it from the cache.
  cache::ResultCache store = cache::ResultCache::open(cache.uri());
  for (const std::string& key : entry_keys(cache.path())) {
    const auto column = store.get_column(key);
    ASSERT_TRUE(column.has_value());
    std::vector<double> values = column->to_vector();
    values.at(200) = 12345.5;
    store.put_column(key, values);
  }
  const auto doctored = run_qbt({"features", daily(), "--spec", spec, "--out",
                                 out.file("doctored.csv"), "--cache", cache.uri()});
  ASSERT_EQ(doctored.exit_code, 0) << doctored.err;
  const std::string text = read_file(out.file("doctored.csv"));
  EXPECT_THAT(text, HasSubstr(",12345.5,"));
}

TEST(CliCache, TheDefaultCacheAndQbtCacheNone) {
  const std::string dir = std::getenv("QBT_CACHE_DIR");
  const std::uint64_t before = entry_keys(dir).size();
  ::setenv("QBT_CACHE", "none", 1);
  const auto off = run_qbt(with(k_other_backtest, daily(), {}));
  ::unsetenv("QBT_CACHE");
  ASSERT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(entry_keys(dir).size(), before);
  const auto on = run_qbt(with(k_other_backtest, daily(), {}));
  ASSERT_EQ(on.exit_code, 0) << on.err;
  EXPECT_EQ(on.out, off.out);
  EXPECT_EQ(entry_keys(dir).size(), before + 2);
}

TEST(CliCache, ClearEmptiesTheCache) {
  const CacheDir cache;
  ASSERT_EQ(run_qbt(with(k_backtest, daily(), {"--cache", cache.uri()})).exit_code, 0);
  const std::uint64_t bytes = stats_json(cache.uri()).at("bytes").get<std::uint64_t>();
  const auto result = run_qbt({"cache", "clear", "--cache", cache.uri()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "cleared 2 entries (" + std::to_string(bytes) + " B) from " + cache.path() + "\n");
  EXPECT_EQ(entries(cache.uri()), 0U);
}

TEST(CliCache, BadFlagsAreErrors) {
  auto result = run_qbt(with(k_backtest, daily(), {"--cache", "ftp://host/x"}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "qbt: error: cache 'ftp://host/x': unknown scheme (use a directory, "
                        "dir:PATH, redis://host:port, default or none)\n");
  result = run_qbt(with(k_backtest, daily(), {"--cache-size", "lots"}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err, "qbt: error: --cache-size 'lots': expected a size such as 512MB, 2GB, "
                        "1.5GiB or a number of bytes (kB, MB, GB, TB are powers of 1000; KiB, "
                        "MiB, GiB, TiB of 1024)\n");
  result = run_qbt(with(k_backtest, daily(), {"--cache", "dir:/tmp/x", "--no-cache"}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("--no-cache"));
  EXPECT_TRUE(result.out.empty()) << result.out;
}

TEST(CliCache, RedisDownIsAWarningNotAFailure) {
  if (!cache::redis_supported()) {
    GTEST_SKIP() << "built without hiredis";
  }
  const std::string uri = "redis://127.0.0.1:" + std::to_string(cache::testing::free_loopback_port());
  const auto uncached = run_qbt(with(k_backtest, daily(), {"--no-cache"}));
  const auto result = run_qbt(with(k_backtest, daily(), {"--cache", uri}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, uncached.out);
  EXPECT_EQ(result.err, "qbt: warning: cache " + uri + "/0 unavailable, continuing without it: "
                        "cannot connect to " + uri + "/0: Connection refused\n");
  // Where the cache is the point, it is an error.
  const auto stats = run_qbt({"cache", "stats", "--cache", uri});
  EXPECT_EQ(stats.exit_code, 1);
  EXPECT_EQ(stats.err, "qbt: error: cannot connect to " + uri + "/0: Connection refused\n");
}

TEST(CliCache, RedisSharesResultsBetweenRuns) {
  if (!cache::redis_supported()) {
    GTEST_SKIP() << "built without hiredis";
  }
  const std::string executable = cache::testing::find_redis_server();
  if (executable.empty()) {
    GTEST_SKIP() << "redis-server is not installed (apt-get install redis-server)";
  }
  const cache::testing::RedisServer server(executable);
  const auto uncached = run_qbt(with(k_backtest, daily(), {"--no-cache"}));
  const auto first = run_qbt(with(k_backtest, daily(), {"--cache", server.uri()}));
  const auto second = run_qbt(with(k_backtest, daily(), {"--cache", server.uri()}));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, uncached.out);
  EXPECT_EQ(second.out, uncached.out);
  EXPECT_EQ(second.err, "");
  const auto stats = stats_json(server.uri());
  EXPECT_EQ(stats.at("backend"), "redis");
  EXPECT_EQ(stats.at("entries"), 2);
  const auto cleared = run_qbt({"cache", "clear", "--cache", server.uri()});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_EQ(entries(server.uri()), 0U);
}

}  // namespace
}  // namespace qbt
