#pragma once
/// The default result-cache backend: one file per value in a local directory, with a size limit
/// and least-recently-used eviction. Safe for several processes sharing the directory and for a
/// crash at any point; the layout and the rules are in docs/cache.md.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "qbt/cache/cache_store.hpp"

namespace qbt::cache {

/// Size limit of a directory store unless told otherwise: 1 GiB.
inline constexpr std::uint64_t k_default_size_limit = std::uint64_t{1} << 30;

/// Where the cache lives unless told otherwise: `$QBT_CACHE_DIR`, else `$XDG_CACHE_HOME/qbt`,
/// else `~/.cache/qbt` (`$HOME`); nothing when none of these variables is set.
[[nodiscard]] std::optional<std::filesystem::path> default_cache_dir();

/// Values as files `<root>/entries/<first two hex digits>/<key>`, each an entry header
/// (detail/entry_format.hpp) plus the payload.
///
/// - Writes go to a temporary file beside the entry and are renamed over it, so a reader sees
///   a whole entry or none; a crash leaves at most a temporary file, which scans delete once
///   it is an hour old. Entries are not fsync'ed: after a power loss an entry may be garbage,
///   which its checksum catches.
/// - A get() verifies the header and the payload's XXH3; a corrupt entry is a miss and is
///   deleted. An entry of another format version is a miss and is left alone.
/// - Recency is the file's modification time, set on every put() and hit. When a put() takes
///   the total over the limit, the least recently used entries are deleted down to 7/8 of it.
///   The total is scanned once per process and then tracked, so the directory may exceed the
///   limit by what other processes add until one of them evicts.
/// - Nothing outside `<root>/entries` is touched, so the root may be shared (`~/.cache/qbt` also
///   holds the benchmark history).
class DirectoryStore final : public CacheStore {
public:
  /// A store rooted at `root`, created on the first put(). `size_limit` in bytes; a value
  /// larger than the limit is not stored.
  explicit DirectoryStore(std::filesystem::path root,
                          std::uint64_t size_limit = k_default_size_limit);

  [[nodiscard]] std::optional<Blob> get(std::string_view key) override;
  void put(std::string_view key, std::span<const std::byte> value) override;
  bool remove(std::string_view key) override;
  void clear() override;
  [[nodiscard]] CacheStats stats() override;
  [[nodiscard]] std::string location() const override { return root_.string(); }

  [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }
  [[nodiscard]] std::uint64_t size_limit() const noexcept { return size_limit_; }
  /// The file that holds (or would hold) the value of `key`.
  [[nodiscard]] std::filesystem::path entry_path(std::string_view key) const;

private:
  struct Scan;
  [[nodiscard]] Scan scan(bool remove_stale_temporaries) const;
  void account(std::uint64_t added_bytes);
  /// Delete `path` if it still is the file `fd` has open (not a newer entry renamed over it).
  void discard(int fd, const std::filesystem::path& path) const noexcept;

  std::filesystem::path root_;
  std::filesystem::path entries_;
  std::uint64_t size_limit_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
  std::mutex mutex_;                           ///< guards tracked_bytes_ and eviction
  std::optional<std::uint64_t> tracked_bytes_;  ///< total size, once scanned
};

}  // namespace qbt::cache
