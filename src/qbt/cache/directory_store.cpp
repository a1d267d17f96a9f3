#include "qbt/cache/directory_store.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "qbt/cache/cache_key.hpp"
#include "qbt/cache/detail/entry_format.hpp"
#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/error.hpp"

namespace qbt::cache {

namespace {

using detail::k_entry_header_size;

constexpr std::string_view k_entries_dir = "entries";
constexpr std::string_view k_temp_marker = ".tmp.";
/// A temporary file this old belongs to a writer that crashed.
constexpr std::time_t k_stale_temp_seconds = 3600;

/// Closes a file descriptor on every path out of a scope.
class FileDescriptor {
public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  [[nodiscard]] int get() const noexcept { return fd_; }
  /// Close now, reporting the error a deferred write may surface only here.
  [[nodiscard]] bool close() noexcept { return ::close(std::exchange(fd_, -1)) == 0; }

private:
  int fd_;
};

[[noreturn]] void fail(std::string_view what, const std::filesystem::path& path) {
  throw IoError(fmt::format("{} {}: {}", what, path.string(), std::strerror(errno)));
}

void check_key(std::string_view key) {
  if (!is_cache_key(key)) {
    throw InternalError(fmt::format("not a cache key: {}", quote_excerpt(key)));
  }
}

/// Now, at the clock's full resolution: file times set by the kernel itself are coarse (a
/// scheduler tick), too coarse to order two uses in quick succession.
std::array<timespec, 2> now_times() noexcept {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return {now, now};
}

/// Mark the entry `fd` as just used. Best effort: another user's entry in a shared directory
/// may refuse, and then only its recency is off.
void touch(int fd) noexcept {
  const auto times = now_times();
  static_cast<void>(::futimens(fd, times.data()));
}

/// Payloads up to this size are read into the heap; larger ones are mapped.
constexpr std::size_t k_map_threshold = std::size_t{64} << 10;

/// A 64-byte aligned heap block for a small payload.
std::shared_ptr<std::byte> allocate_payload(std::size_t bytes) {
  constexpr std::align_val_t k_alignment{k_column_alignment};
  auto* block = static_cast<std::byte*>(::operator new(std::max<std::size_t>(bytes, 1), k_alignment));
  return {block, [](std::byte* p) { ::operator delete(p, k_alignment); }};
}

/// The whole entry file mapped read-only, its pages populated up front. For a large payload
/// this beats reading it: the page cache already holds the bytes, so nothing is allocated,
/// zeroed or copied (on VMs, first-touch faults on fresh heap pages cost more than the read).
/// Entries are only ever replaced by rename, never rewritten in place, so the mapping stays
/// valid even when the entry is evicted or replaced while in use.
std::shared_ptr<const std::byte> map_entry(int fd, std::size_t file_size) {
  void* mapped = ::mmap(nullptr, file_size, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0);
  if (mapped == MAP_FAILED) {
    return nullptr;
  }
  return {static_cast<const std::byte*>(mapped), [file_size](const std::byte* p) {
            ::munmap(const_cast<std::byte*>(p), file_size);
          }};
}

/// Numbers temporary files; shared by every store in the process, so two stores on one
/// directory never pick the same name.
std::uint64_t next_temp_number() noexcept {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

bool read_exactly(int fd, std::byte* out, std::size_t bytes, off_t offset) noexcept {
  while (bytes > 0) {
    const ssize_t got = ::pread(fd, out, bytes, offset);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return false;
    }
    out += got;
    bytes -= static_cast<std::size_t>(got);
    offset += got;
  }
  return true;
}

bool write_all(int fd, std::span<const std::byte> header, std::span<const std::byte> payload) {
  std::array<iovec, 2> parts{iovec{const_cast<std::byte*>(header.data()), header.size()},
                             iovec{const_cast<std::byte*>(payload.data()), payload.size()}};
  std::size_t first = 0;
  while (first < parts.size()) {
    const ssize_t written =
        ::writev(fd, parts.data() + first, static_cast<int>(parts.size() - first));
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    auto left = static_cast<std::size_t>(written);
    while (first < parts.size() && left >= parts[first].iov_len) {
      left -= parts[first].iov_len;
      ++first;
    }
    if (first < parts.size()) {
      parts[first].iov_base = static_cast<std::byte*>(parts[first].iov_base) + left;
      parts[first].iov_len -= left;
    }
  }
  return true;
}

bool is_lower_hex(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

/// A shard directory: the first two hex digits of its keys.
bool is_shard_name(std::string_view name) noexcept {
  return name.size() == 2 && is_lower_hex(name[0]) && is_lower_hex(name[1]);
}

/// Lists the names in directory `path` (without `.` and `..`); empty if it cannot be read.
std::vector<std::string> list_directory(const std::filesystem::path& path) {
  std::vector<std::string> names;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) {
    return names;
  }
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") {
      names.emplace_back(name);
    }
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::optional<std::filesystem::path> default_cache_dir() {
  const auto variable = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
  };
  if (const std::string dir = variable("QBT_CACHE_DIR"); !dir.empty()) {
    return std::filesystem::path(dir);
  }
  if (const std::string xdg = variable("XDG_CACHE_HOME"); !xdg.empty()) {
    return std::filesystem::path(xdg) / "qbt";
  }
  if (const std::string home = variable("HOME"); !home.empty()) {
    return std::filesystem::path(home) / ".cache" / "qbt";
  }
  return std::nullopt;
}

struct DirectoryStore::Scan {
  struct Entry {
    std::filesystem::path path;
    std::uint64_t bytes = 0;
    timespec used{};
  };
  std::vector<Entry> entries;
  std::uint64_t bytes = 0;
};

DirectoryStore::DirectoryStore(std::filesystem::path root, std::uint64_t size_limit)
    : root_(std::move(root)), entries_(root_ / k_entries_dir), size_limit_(size_limit) {
  if (root_.empty()) {
    throw UserInputError("the cache directory must not be empty");
  }
}

std::filesystem::path DirectoryStore::entry_path(std::string_view key) const {
  return entries_ / std::string(key.substr(0, 2)) / std::string(key);
}

std::optional<Blob> DirectoryStore::get(std::string_view key) {
  check_key(key);
  const std::filesystem::path path = entry_path(key);
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    if (errno != ENOENT && errno != ENOTDIR) {
      fail("cannot open cache entry", path);
    }
    ++misses_;
    return std::nullopt;
  }
  const auto corrupt = [&]() -> std::optional<Blob> {
    discard(file.get(), path);
    ++misses_;
    return std::nullopt;
  };

  struct stat info{};
  if (::fstat(file.get(), &info) != 0) {
    fail("cannot stat cache entry", path);
  }
  const auto file_size = static_cast<std::uint64_t>(info.st_size);
  detail::EntryHeader header{};
  if (file_size < k_entry_header_size ||
      !read_exactly(file.get(), header.data(), header.size(), 0)) {
    return corrupt();
  }
  const detail::HeaderCheck check = detail::check_entry_header(header, key);
  if (check.status == detail::HeaderStatus::foreign) {
    ++misses_;
    return std::nullopt;
  }
  if (check.status != detail::HeaderStatus::ok ||
      check.payload_size != file_size - k_entry_header_size) {
    return corrupt();
  }

  const auto size = static_cast<std::size_t>(check.payload_size);
  std::shared_ptr<const std::byte> owner;
  const std::byte* payload = nullptr;
  if (size >= k_map_threshold) {
    owner = map_entry(file.get(), static_cast<std::size_t>(file_size));
    if (owner == nullptr) {
      fail("cannot map cache entry", path);
    }
    payload = owner.get() + k_entry_header_size;
  } else {
    std::shared_ptr<std::byte> block = allocate_payload(size);
    if (!read_exactly(file.get(), block.get(), size, static_cast<off_t>(k_entry_header_size))) {
      return corrupt();
    }
    payload = block.get();
    owner = std::move(block);
  }
  if (!detail::payload_matches(check, {payload, size})) {
    return corrupt();
  }
  touch(file.get());
  ++hits_;
  return Blob(std::move(owner), {payload, size});
}

void DirectoryStore::put(std::string_view key, std::span<const std::byte> value) {
  check_key(key);
  const std::uint64_t entry_bytes = k_entry_header_size + value.size();
  if (entry_bytes > size_limit_) {
    return;  // it would evict everything else and then itself
  }
  const detail::EntryHeader header = detail::make_entry_header(key, value);
  const std::filesystem::path path = entry_path(key);
  std::filesystem::path temp;
  int fd = -1;
  // A name no other writer uses: pid plus a process-wide counter. EEXIST means a file left by
  // a crashed process that had our pid; take the next number.
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    temp = path.parent_path() /
           fmt::format("{}{}{}.{}", key, k_temp_marker, ::getpid(), next_temp_number());
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) {
      std::error_code ignored;  // a concurrent writer may create it first; open() then tells
      std::filesystem::create_directories(path.parent_path(), ignored);
      fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    }
    if (fd < 0 && errno != EEXIST) {
      break;
    }
  }
  if (fd < 0) {
    fail("cannot create cache entry", temp);
  }
  FileDescriptor file(fd);
  bool committed = false;
  const auto cleanup = [&] {
    if (!committed) {
      ::unlink(temp.c_str());
    }
  };
  try {
    if (!write_all(file.get(), header, value)) {
      fail("cannot write cache entry", temp);
    }
    const auto times = now_times();
    static_cast<void>(::futimens(file.get(), times.data()));
    if (!file.close()) {
      fail("cannot write cache entry", temp);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      fail("cannot rename cache entry", temp);
    }
    committed = true;
  } catch (...) {
    cleanup();
    throw;
  }
  account(entry_bytes);
}

bool DirectoryStore::remove(std::string_view key) {
  check_key(key);
  const std::filesystem::path path = entry_path(key);
  if (::unlink(path.c_str()) == 0) {
    return true;
  }
  if (errno != ENOENT && errno != ENOTDIR) {
    fail("cannot remove cache entry", path);
  }
  return false;
}

void DirectoryStore::clear() {
  const std::lock_guard lock(mutex_);
  for (const std::string& shard : list_directory(entries_)) {
    if (!is_shard_name(shard)) {
      continue;
    }
    const std::filesystem::path dir = entries_ / shard;
    for (const std::string& name : list_directory(dir)) {
      // Temporary files of running writers stay; scans delete them once stale.
      if (!is_cache_key(name)) {
        continue;
      }
      const std::filesystem::path path = dir / name;
      if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        fail("cannot remove cache entry", path);
      }
    }
    ::rmdir(dir.c_str());  // only succeeds when empty; a writer may have just created a file
  }
  tracked_bytes_.reset();
}

CacheStats DirectoryStore::stats() {
  const Scan found = scan(false);
  CacheStats out;
  out.backend = "directory";
  out.location = location();
  out.entries = found.entries.size();
  out.bytes = found.bytes;
  out.limit = size_limit_;
  out.hits = hits_;
  out.misses = misses_;
  return out;
}

DirectoryStore::Scan DirectoryStore::scan(bool remove_stale_temporaries) const {
  Scan out;
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  for (const std::string& shard : list_directory(entries_)) {
    if (!is_shard_name(shard)) {
      continue;
    }
    const std::filesystem::path dir = entries_ / shard;
    for (const std::string& name : list_directory(dir)) {
      const std::filesystem::path path = dir / name;
      struct stat info{};
      if (::lstat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        continue;  // removed meanwhile, or not ours
      }
      if (is_cache_key(name)) {
        const auto bytes = static_cast<std::uint64_t>(info.st_size);
        out.entries.push_back({path, bytes, info.st_mtim});
        out.bytes += bytes;
      } else if (remove_stale_temporaries && name.find(k_temp_marker) != std::string::npos &&
                 now.tv_sec - info.st_mtim.tv_sec > k_stale_temp_seconds) {
        ::unlink(path.c_str());
      }
    }
  }
  return out;
}

void DirectoryStore::account(std::uint64_t added_bytes) {
  const std::lock_guard lock(mutex_);
  if (tracked_bytes_) {
    *tracked_bytes_ += added_bytes;
    if (*tracked_bytes_ <= size_limit_) {
      return;
    }
  }
  Scan found = scan(true);
  if (found.bytes <= size_limit_) {
    tracked_bytes_ = found.bytes;
    return;
  }
  // Least recently used first; ties (same time) in path order, so eviction is deterministic.
  std::sort(found.entries.begin(), found.entries.end(), [](const auto& a, const auto& b) {
    return std::tie(a.used.tv_sec, a.used.tv_nsec, a.path) <
           std::tie(b.used.tv_sec, b.used.tv_nsec, b.path);
  });
  const std::uint64_t target = size_limit_ - size_limit_ / 8;
  std::uint64_t total = found.bytes;
  for (const auto& entry : found.entries) {
    if (total <= target) {
      break;
    }
    if (::unlink(entry.path.c_str()) == 0 || errno == ENOENT) {
      total -= entry.bytes;  // ENOENT: another process evicted it first
    }
  }
  tracked_bytes_ = total;
}

void DirectoryStore::discard(int fd, const std::filesystem::path& path) const noexcept {
  struct stat open_file{};
  struct stat named{};
  if (::fstat(fd, &open_file) == 0 && ::stat(path.c_str(), &named) == 0 &&
      open_file.st_dev == named.st_dev && open_file.st_ino == named.st_ino) {
    ::unlink(path.c_str());
  }
}

}  // namespace qbt::cache
