#pragma once
/// The shared result-cache backend: values in a Redis server (`--cache redis://host:port`), so a
/// team's machines reuse each other's results. Built only with hiredis (QBT_HAVE_HIREDIS);
/// ResultCache::open() reports a clear error for a redis:// URI otherwise.
///
/// Values are stored under `qbt:cache:<key>` in the same checksummed envelope as on disk
/// (detail/entry_format.hpp). Eviction is the server's: run it with a `maxmemory` and
/// `maxmemory-policy allkeys-lru` (docs/cache.md).

#include <chrono>
#include <memory>
#include <mutex>

#include "qbt/cache/cache_store.hpp"
#include "qbt/cache/redis_endpoint.hpp"

namespace qbt::cache {

/// A cache is only worth it when it is quick: an unreachable or stalled server must cost a
/// run a fraction of a second, not a hang.
struct RedisOptions {
  std::chrono::milliseconds connect_timeout{300};
  /// Limit on each blocking socket read or write, not on a whole transfer, so a large value
  /// over a slow link still arrives while a stalled server fails quickly.
  std::chrono::milliseconds command_timeout{1000};
};

class RedisStore final : public CacheStore {
public:
  /// Connect (then AUTH and SELECT as the endpoint says). IoError naming the endpoint when the
  /// server cannot be reached within the connect timeout or refuses.
  explicit RedisStore(RedisEndpoint endpoint, RedisOptions options = {});
  ~RedisStore() override;

  [[nodiscard]] std::optional<Blob> get(std::string_view key) override;
  void put(std::string_view key, std::span<const std::byte> value) override;
  bool remove(std::string_view key) override;
  /// Delete every `qbt:cache:*` key of the database (SCAN, then DEL in batches).
  void clear() override;
  /// Entries and bytes by SCAN and STRLEN; the limit is the server's `maxmemory` (0: none).
  [[nodiscard]] CacheStats stats() override;
  [[nodiscard]] std::string location() const override { return endpoint_.to_string(); }

  /// The Redis key that holds the value of `key`.
  [[nodiscard]] static std::string redis_key(std::string_view key);

private:
  class Connection;

  RedisEndpoint endpoint_;
  std::mutex mutex_;  ///< one connection, one command at a time
  std::unique_ptr<Connection> connection_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace qbt::cache
