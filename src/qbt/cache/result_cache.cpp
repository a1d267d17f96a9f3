#include "qbt/cache/result_cache.hpp"

#include <atomic>
#include <bit>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <utility>

#include <fmt/format.h>
#include <xxhash.h>

#include "qbt/core/error.hpp"

namespace qbt::cache {

namespace {

constexpr std::string_view k_dir_prefix = "dir:";
constexpr std::string_view k_redis_scheme = "redis://";

/// Fingerprint of the statistics' schema (names and kinds, in order): values written by a
/// build with other statistics never decode as this build's.
std::uint64_t stats_schema() {
  std::string names;
  for (const metrics::StatKey& key : metrics::stat_keys()) {
    names += key.name;
    names += key.integer != nullptr ? ":i;" : ":r;";
  }
  return XXH3_64bits(names.data(), names.size());
}

/// Statistics as [schema u64][count u64] then each Stats as one 8-byte word per stat_keys()
/// entry (an int64, or a double's bits): independent of the struct's layout.
std::vector<std::byte> encode_stats(std::span<const metrics::Stats> stats) {
  const auto keys = metrics::stat_keys();
  std::vector<std::uint64_t> words;
  words.reserve(2 + stats.size() * keys.size());
  words.push_back(stats_schema());
  words.push_back(stats.size());
  for (const metrics::Stats& s : stats) {
    for (const metrics::StatKey& key : keys) {
      words.push_back(key.integer != nullptr ? static_cast<std::uint64_t>(s.*key.integer)
                                             : std::bit_cast<std::uint64_t>(s.*key.real));
    }
  }
  const auto bytes = std::as_bytes(std::span<const std::uint64_t>(words));
  return {bytes.begin(), bytes.end()};
}

std::optional<std::vector<metrics::Stats>> decode_stats(std::span<const std::byte> bytes) {
  const auto keys = metrics::stat_keys();
  const auto word = [&](std::size_t index) {
    std::uint64_t value = 0;
    std::memcpy(&value, bytes.data() + index * sizeof(value), sizeof(value));
    return value;
  };
  if (bytes.size() % sizeof(std::uint64_t) != 0 || bytes.size() < 2 * sizeof(std::uint64_t) ||
      word(0) != stats_schema()) {
    return std::nullopt;
  }
  const std::uint64_t count = word(1);
  if (bytes.size() / sizeof(std::uint64_t) - 2 != count * keys.size()) {
    return std::nullopt;
  }
  std::vector<metrics::Stats> out(count);
  std::size_t index = 2;
  for (metrics::Stats& s : out) {
    for (const metrics::StatKey& key : keys) {
      const std::uint64_t value = word(index++);
      if (key.integer != nullptr) {
        s.*key.integer = static_cast<std::int64_t>(value);
      } else {
        s.*key.real = std::bit_cast<double>(value);
      }
    }
  }
  return out;
}

void print_warning(const std::string& message) {
  std::fflush(stdout);
  fmt::print(stderr, "qbt: warning: {}\n", message);
}

}  // namespace

bool redis_supported() noexcept {
#ifdef QBT_HAVE_HIREDIS
  return true;
#else
  return false;
#endif
}

struct ResultCache::State {
  std::unique_ptr<CacheStore> store;
  std::string location;
  CacheOptions options;
  std::atomic<bool> failed{false};
  std::once_flag warned;
};

ResultCache::ResultCache() = default;

ResultCache::ResultCache(std::unique_ptr<CacheStore> store, CacheOptions options)
    : state_(std::make_unique<State>()) {
  state_->location = store->location();
  state_->store = std::move(store);
  state_->options = std::move(options);
}

ResultCache::~ResultCache() = default;
ResultCache::ResultCache(ResultCache&&) noexcept = default;
ResultCache& ResultCache::operator=(ResultCache&&) noexcept = default;

ResultCache ResultCache::open(std::string_view uri, CacheOptions options) {
  if (uri == "none") {
    return {};
  }
  if (uri.empty() || uri == "default") {
    const auto dir = default_cache_dir();
    if (!dir) {
      return {};
    }
    auto store = std::make_unique<DirectoryStore>(*dir, options.size_limit);
    return ResultCache(std::move(store), std::move(options));
  }
  if (uri.starts_with(k_redis_scheme)) {
    RedisEndpoint endpoint = parse_redis_uri(uri);
#ifdef QBT_HAVE_HIREDIS
    std::unique_ptr<CacheStore> store;
    try {
      store = std::make_unique<RedisStore>(endpoint, options.redis);
    } catch (const IoError& error) {
      if (options.on_failure == FailurePolicy::fail) {
        throw;
      }
      ResultCache disabled;
      disabled.state_ = std::make_unique<State>();
      disabled.state_->location = endpoint.to_string();
      disabled.state_->options = std::move(options);
      disabled.report_failure(error);
      return disabled;
    }
    return ResultCache(std::move(store), std::move(options));
#else
    throw UserInputError(fmt::format(
        "cache {}: this qbt was built without hiredis, so it has no Redis backend (install "
        "libhiredis-dev and rebuild, or use a directory cache)",
        endpoint.to_string()));
#endif
  }
  if (uri.find("://") != std::string_view::npos) {
    throw UserInputError(fmt::format(
        "cache {}: unknown scheme (use a directory, dir:PATH, redis://host:port, default or none)",
        quote_excerpt(uri, 80)));
  }
  std::string_view path = uri;
  if (path.starts_with(k_dir_prefix)) {
    path.remove_prefix(k_dir_prefix.size());
    if (path.empty()) {
      throw UserInputError("cache dir: needs a directory, e.g. dir:/tmp/qbt-cache");
    }
  }
  auto store = std::make_unique<DirectoryStore>(std::filesystem::path(path), options.size_limit);
  return ResultCache(std::move(store), std::move(options));
}

bool ResultCache::enabled() const noexcept {
  return state_ != nullptr && state_->store != nullptr && !state_->failed.load();
}

std::string ResultCache::location() const {
  return state_ == nullptr ? std::string("none") : state_->location;
}

void ResultCache::report_failure(const std::exception& error) {
  state_->failed = true;
  std::call_once(state_->warned, [&] {
    const std::string message =
        fmt::format("cache {} unavailable, continuing without it: {}", state_->location,
                    error.what());
    if (state_->options.warn) {
      state_->options.warn(message);
    } else {
      print_warning(message);
    }
  });
}

template <class Action, class Result>
Result ResultCache::guarded(Action&& action, Result fallback) {
  if (!enabled()) {
    return fallback;
  }
  try {
    return action(*state_->store);
  } catch (const InternalError&) {
    throw;  // a bug (a malformed key), not a backend failure
  } catch (const std::exception& error) {
    if (state_->options.on_failure == FailurePolicy::fail) {
      throw;
    }
    report_failure(error);
    return fallback;
  }
}

std::optional<Blob> ResultCache::get(std::string_view key) {
  return guarded([&](CacheStore& store) { return store.get(key); }, std::optional<Blob>());
}

void ResultCache::put(std::string_view key, std::span<const std::byte> value) {
  guarded(
      [&](CacheStore& store) {
        store.put(key, value);
        return true;
      },
      false);
}

bool ResultCache::remove(std::string_view key) {
  return guarded([&](CacheStore& store) { return store.remove(key); }, false);
}

std::optional<CachedColumn> ResultCache::get_column(std::string_view key) {
  std::optional<Blob> blob = get(key);
  if (!blob || blob->size() % sizeof(double) != 0) {
    return std::nullopt;
  }
  const std::size_t count = blob->size() / sizeof(double);
  const std::byte* data = blob->bytes().data();
  if (reinterpret_cast<std::uintptr_t>(data) % alignof(double) != 0) {
    auto copy = std::make_shared<std::vector<double>>(count);
    std::memcpy(copy->data(), data, blob->size());
    const std::span<const double> values(*copy);
    return CachedColumn{std::move(copy), values};
  }
  return CachedColumn{blob->owner(), {reinterpret_cast<const double*>(data), count}};
}

void ResultCache::put_column(std::string_view key, std::span<const double> values) {
  put(key, std::as_bytes(values));
}

std::optional<std::string> ResultCache::get_text(std::string_view key) {
  std::optional<Blob> blob = get(key);
  if (!blob) {
    return std::nullopt;
  }
  return std::string(blob->text());
}

void ResultCache::put_text(std::string_view key, std::string_view text) {
  put(key, std::as_bytes(std::span<const char>(text.data(), text.size())));
}

std::optional<std::vector<metrics::Stats>> ResultCache::get_stats(std::string_view key) {
  std::optional<Blob> blob = get(key);
  if (!blob) {
    return std::nullopt;
  }
  return decode_stats(blob->bytes());
}

void ResultCache::put_stats(std::string_view key, std::span<const metrics::Stats> stats) {
  put(key, encode_stats(stats));
}

CacheStats ResultCache::stats() {
  CacheStats none;
  none.backend = "none";
  none.location = location();
  return guarded([&](CacheStore& store) { return store.stats(); }, none);
}

void ResultCache::clear() {
  guarded(
      [&](CacheStore& store) {
        store.clear();
        return true;
      },
      false);
}

}  // namespace qbt::cache
