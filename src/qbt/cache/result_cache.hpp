#pragma once
/// The result cache as commands use it: open a backend from a URI, get and put typed values
/// (double columns, text, statistics) under KeyBuilder keys, and never let the cache fail a
/// run: a backend that breaks prints one warning and the run continues uncached.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/cache/cache_store.hpp"
#include "qbt/cache/directory_store.hpp"
#include "qbt/cache/redis_store.hpp"
#include "qbt/metrics/stats.hpp"

namespace qbt::cache {

/// What a backend failure does.
enum class FailurePolicy : std::uint8_t {
  degrade,  ///< warn once and carry on without the cache (computing commands)
  fail,     ///< throw the IoError (`qbt cache stats|clear`, where the cache is the point)
};

struct CacheOptions {
  /// Size limit of a directory store, in bytes.
  std::uint64_t size_limit = k_default_size_limit;
  FailurePolicy on_failure = FailurePolicy::degrade;
  RedisOptions redis{};
  /// Where warnings go; empty: `qbt: warning: <message>` on stderr.
  std::function<void(const std::string&)> warn{};
};

/// A column of doubles read from the cache, without a copy: `owner` keeps `values` alive.
/// `values` is aligned for double (64-byte aligned from a directory store).
struct CachedColumn {
  std::shared_ptr<const void> owner;
  std::span<const double> values;

  [[nodiscard]] std::vector<double> to_vector() const {
    return {values.begin(), values.end()};
  }
};

/// Whether this qbt was built with the Redis backend (hiredis).
[[nodiscard]] bool redis_supported() noexcept;

/// A result cache, or a disabled one whose gets miss and puts do nothing. Methods are safe to
/// call from several threads.
class ResultCache {
public:
  /// A disabled cache.
  ResultCache();
  /// A cache over `store`.
  explicit ResultCache(std::unique_ptr<CacheStore> store, CacheOptions options = {});
  ~ResultCache();
  ResultCache(ResultCache&&) noexcept;
  ResultCache& operator=(ResultCache&&) noexcept;

  /// Open the cache `uri` names:
  /// - `""` or `default`: a directory store in default_cache_dir() (disabled when no directory
  ///   variable is set);
  /// - `none`: disabled;
  /// - `dir:PATH` or a plain PATH: a directory store in PATH;
  /// - `redis://[[user]:password@]host[:port][/db]`: a Redis store.
  /// UserInputError for a malformed URI, an unknown scheme or redis:// in a build without
  /// hiredis. A backend that cannot be reached (Redis down) warns and gives a disabled cache
  /// under FailurePolicy::degrade, and throws IoError under FailurePolicy::fail.
  [[nodiscard]] static ResultCache open(std::string_view uri, CacheOptions options = {});

  /// Whether gets can hit: a backend is open and has not failed.
  [[nodiscard]] bool enabled() const noexcept;
  /// The backend's location, or `none`.
  [[nodiscard]] std::string location() const;

  [[nodiscard]] std::optional<Blob> get(std::string_view key);
  void put(std::string_view key, std::span<const std::byte> value);
  bool remove(std::string_view key);

  /// A column stored by put_column(); nothing for a miss or a value that is not whole doubles.
  [[nodiscard]] std::optional<CachedColumn> get_column(std::string_view key);
  void put_column(std::string_view key, std::span<const double> values);

  [[nodiscard]] std::optional<std::string> get_text(std::string_view key);
  void put_text(std::string_view key, std::string_view text);

  /// Statistics stored by put_stats(), bit for bit; nothing for a miss or for a value written
  /// with another set of statistic keys (metrics::stat_keys()).
  [[nodiscard]] std::optional<std::vector<metrics::Stats>> get_stats(std::string_view key);
  void put_stats(std::string_view key, std::span<const metrics::Stats> stats);

  /// The backend's statistics (backend `none` when disabled).
  [[nodiscard]] CacheStats stats();
  /// Remove every value (nothing when disabled).
  void clear();

private:
  struct State;
  /// Run `action` on the store; on a backend failure degrade (return `fallback`) or rethrow.
  template <class Action, class Result>
  Result guarded(Action&& action, Result fallback);
  void report_failure(const std::exception& error);

  std::unique_ptr<State> state_;
};

}  // namespace qbt::cache
