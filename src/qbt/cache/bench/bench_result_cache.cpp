// Get and put of a 1M-row double column (8 MB), the cache operation: in a directory
// store (the page cache warm, as after a first run) and in a Redis server on loopback
// ($QBT_BENCH_REDIS, else a redis-server started on a free port when one is installed).
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/result_cache.hpp"
#include "qbt/cache/test/redis_server.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::cache {
namespace {

constexpr std::size_t k_rows = 1'000'000;

std::vector<double> make_column() {
  std::vector<double> column(k_rows);
  for (std::size_t i = 0; i < k_rows; ++i) {
    column[i] = 100.0 + static_cast<double>(i % 1000) * 0.01;
  }
  return column;
}

std::string key_of(std::int64_t i) { return KeyBuilder("bench.column").add_int("i", i).finish(); }

/// The Redis URI to measure against, starting a server if need be; empty when there is none.
std::string redis_uri() {
  static std::unique_ptr<testing::RedisServer> server;
  if (const char* uri = std::getenv("QBT_BENCH_REDIS"); uri != nullptr && *uri != '\0') {
    return uri;
  }
  if (server == nullptr) {
    const std::string executable = testing::find_redis_server();
    if (executable.empty()) {
      return {};
    }
    server = std::make_unique<testing::RedisServer>(executable);
  }
  return server->uri();
}

/// Each put stores a new key (no replacement), removed again outside the timing.
void put_column(benchmark::State& state, ResultCache& cache) {
  const std::vector<double> column = make_column();
  std::int64_t i = 0;
  for (auto _ : state) {
    const std::string key = key_of(i++);
    cache.put_column(key, column);
    state.PauseTiming();
    cache.remove(key);
    state.ResumeTiming();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(k_rows * sizeof(double)));
}

void get_column(benchmark::State& state, ResultCache& cache) {
  cache.put_column(key_of(-1), make_column());
  for (auto _ : state) {
    std::optional<CachedColumn> column = cache.get_column(key_of(-1));
    if (!column || column->values.size() != k_rows) {
      state.SkipWithError("cache miss");
      break;
    }
    benchmark::DoNotOptimize(column->values.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(k_rows * sizeof(double)));
  cache.remove(key_of(-1));
}

void BM_DirectoryPutColumn(benchmark::State& state) {
  const qbt::testing::TempDir dir;
  ResultCache cache = ResultCache::open("dir:" + dir.path().string());
  put_column(state, cache);
}
BENCHMARK(BM_DirectoryPutColumn)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DirectoryGetColumn(benchmark::State& state) {
  const qbt::testing::TempDir dir;
  ResultCache cache = ResultCache::open("dir:" + dir.path().string());
  get_column(state, cache);
}
BENCHMARK(BM_DirectoryGetColumn)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RedisPutColumn(benchmark::State& state) {
  const std::string uri = redis_supported() ? redis_uri() : "";
  if (uri.empty()) {
    state.SkipWithError("no Redis: set QBT_BENCH_REDIS or install redis-server");
    return;
  }
  ResultCache cache = ResultCache::open(uri);
  put_column(state, cache);
}
BENCHMARK(BM_RedisPutColumn)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RedisGetColumn(benchmark::State& state) {
  const std::string uri = redis_supported() ? redis_uri() : "";
  if (uri.empty()) {
    state.SkipWithError("no Redis: set QBT_BENCH_REDIS or install redis-server");
    return;
  }
  ResultCache cache = ResultCache::open(uri);
  get_column(state, cache);
}
BENCHMARK(BM_RedisGetColumn)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace qbt::cache
