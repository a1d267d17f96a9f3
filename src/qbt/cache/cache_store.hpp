#pragma once
/// The contract of a result-cache backend: bytes under content-address keys (cache_key.hpp),
/// with hit and miss counts. Backends: directory_store.hpp (the default, local files) and
/// redis_store.hpp (shared across machines). Commands use them through result_cache.hpp, which
/// adds typed values and turns backend failures into a warning.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace qbt::cache {

/// Bytes read from a cache. Whatever holds them (a heap block, a Redis reply) stays alive as
/// long as the Blob or a copy of its owner does, so values can be handed on without copying.
class Blob {
public:
  Blob() = default;
  Blob(std::shared_ptr<const void> owner, std::span<const std::byte> bytes) noexcept
      : owner_(std::move(owner)), bytes_(bytes) {}

  [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return bytes_; }
  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }
  [[nodiscard]] std::string_view text() const noexcept {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }
  [[nodiscard]] const std::shared_ptr<const void>& owner() const noexcept { return owner_; }

private:
  std::shared_ptr<const void> owner_;
  std::span<const std::byte> bytes_;
};

/// What a cache holds and how this process used it.
struct CacheStats {
  std::string backend;         ///< `directory`, `redis` or `none`
  std::string location;        ///< the directory, or `redis://host:port/db`
  std::uint64_t entries = 0;   ///< stored values
  std::uint64_t bytes = 0;     ///< their size, entry headers included
  std::uint64_t limit = 0;     ///< size limit in bytes; 0 = none (or left to the server)
  std::uint64_t hits = 0;      ///< get() calls that found a value, in this process
  std::uint64_t misses = 0;    ///< get() calls that found none (or a corrupt one), in this process
};

/// A key-value store of immutable results. Keys are is_cache_key() strings; a value is the
/// result those inputs produce, so a get() of a key returns what the last put() stored, or
/// nothing. Implementations are safe to call from several threads and several processes.
///
/// Every method throws IoError when the backend fails (a disk error, an unreachable server):
/// the caller decides whether that ends the run (`qbt cache`) or only the caching
/// (ResultCache). Corrupt entries are not failures: get() treats them as a miss and removes
/// them.
class CacheStore {
public:
  CacheStore() = default;
  CacheStore(const CacheStore&) = delete;
  CacheStore& operator=(const CacheStore&) = delete;
  virtual ~CacheStore() = default;

  /// The value stored under `key`, or nothing.
  [[nodiscard]] virtual std::optional<Blob> get(std::string_view key) = 0;
  /// Store `value` under `key`, replacing any earlier value.
  virtual void put(std::string_view key, std::span<const std::byte> value) = 0;
  /// Remove the value under `key`; whether there was one.
  virtual bool remove(std::string_view key) = 0;
  /// Remove every value this store holds (and nothing else that shares its location).
  virtual void clear() = 0;
  /// Entries, bytes and limit as the backend reports them now, plus this process's counts.
  [[nodiscard]] virtual CacheStats stats() = 0;
  /// Where the values live, for messages: a directory or a `redis://` URI.
  [[nodiscard]] virtual std::string location() const = 0;
};

}  // namespace qbt::cache
