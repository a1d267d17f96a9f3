#include "qbt/bench_suite/cache_workloads.hpp"

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "qbt/bench_suite/checksum.hpp"
#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/result_cache.hpp"
#include "qbt/cache/test/redis_server.hpp"
#include "qbt/core/error.hpp"

namespace qbt::bench_suite {

namespace {

constexpr std::size_t k_rows = 1'000'000;

enum class Backend : std::uint8_t { directory, redis };

struct CacheState {
  std::unique_ptr<cache::testing::RedisServer> server;  ///< a redis-server we started, if any
  cache::ResultCache cache;
  std::vector<double> column;
  std::int64_t puts = 0;  ///< each put stores a new key: the path a first run takes
  std::string key;
  std::optional<cache::CachedColumn> read;
};

/// The Redis to measure: $QBT_BENCH_REDIS, else a redis-server started on a free loopback port.
std::string redis_uri(CacheState& state) {
  if (const char* uri = std::getenv("QBT_BENCH_REDIS"); uri != nullptr && *uri != '\0') {
    return uri;
  }
  const std::string executable = cache::testing::find_redis_server();
  if (executable.empty()) {
    throw UserInputError(
        "redis-server is not installed and QBT_BENCH_REDIS is not set (redis://host:port)");
  }
  state.server = std::make_unique<cache::testing::RedisServer>(executable);
  return state.server->uri();
}

Workload column_get_put(Backend backend) {
  Workload w;
  w.name = backend == Backend::directory ? "cache.operations" : "cache.redis_operations";
  w.description = fmt::format(
      "put then get of a 1,000,000-row double column (8 MB) in the {}; the rate counts both",
      backend == Backend::directory ? "embedded directory store (warm page cache)"
                                    : "Redis backend over loopback");
  w.item_unit = "operations";
  w.rate_unit = "operations/s";
  w.repetitions = 7;
  w.warmups = 1;
  w.prepare = [backend](const WorkloadContext& context) {
    auto state = std::make_shared<CacheState>();
    const std::string uri = backend == Backend::directory
                                ? "dir:" + (context.scratch_dir / "cache").string()
                                : redis_uri(*state);
    cache::CacheOptions options;
    options.on_failure = cache::FailurePolicy::fail;  // a benchmark of a broken cache is a failure
    state->cache = cache::ResultCache::open(uri, options);
    if (!state->cache.enabled()) {
      throw IoError(fmt::format("the cache at {} is not usable", uri));
    }
    state->column.resize(k_rows);
    for (std::size_t i = 0; i < k_rows; ++i) {
      state->column[i] = 100.0 + static_cast<double>(i % 1000) * 0.01;
    }
    Body body;
    body.run = [state] {
      state->read.reset();  // release the previous value first (Redis reuses its buffer)
      state->key = cache::KeyBuilder("bench.column").add_int("put", state->puts++).finish();
      state->cache.put_column(state->key, state->column);
      state->read = state->cache.get_column(state->key);
      return 2.0;
    };
    body.finish = [state] {
      if (!state->read || state->read->values.size() != k_rows) {
        throw InternalError("the cache did not return the column just stored");
      }
      Checksum checksum;
      checksum.add(std::span<const double>(state->read->values.data(), state->read->values.size()));
      state->read.reset();
      state->cache.remove(state->key);  // untimed: the store stays the size of one column
      return checksum.hex();
    };
    return body;
  };
  return w;
}

}  // namespace

void add_cache_workloads(SuiteMode /*mode*/, std::vector<Workload>& out) {
  out.push_back(column_get_put(Backend::directory));
  out.push_back(column_get_put(Backend::redis));
}

}  // namespace qbt::bench_suite
