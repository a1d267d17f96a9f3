#include "qbt/monitor/resource_usage.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "qbt/core/error.hpp"

namespace qbt::monitor {

namespace {

// Large enough for /proc/PID/status (about 1.5 KB) and /proc/meminfo (about 1.5 KB); what we
// read from them sits near the top, so a longer file losing its tail does no harm.
using ProcBuffer = std::array<char, 8192>;
using PathBuffer = std::array<char, 64>;

/// Read a small /proc file into `buffer` without allocating; nullopt (with errno set) on failure.
std::optional<std::string_view> read_proc_file(const char* path, ProcBuffer& buffer) noexcept {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  std::size_t size = 0;
  while (size < buffer.size()) {
    const ssize_t got = ::read(fd, buffer.data() + size, buffer.size() - size);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int saved = errno;
      ::close(fd);
      errno = saved;
      return std::nullopt;
    }
    if (got == 0) {
      break;
    }
    size += static_cast<std::size_t>(got);
  }
  ::close(fd);
  return std::string_view(buffer.data(), size);
}

[[noreturn]] void throw_unreadable(const char* path, std::string_view what, int error, pid_t pid) {
  std::string message = fmt::format("cannot read {}: {}", what, std::strerror(error));
  if (error == ENOENT && pid > 0) {
    message += fmt::format(" (is process {} running?)", pid);
  }
  throw IoError(std::move(message), {path});
}

std::string_view read_required(const char* path, ProcBuffer& buffer, std::string_view what,
                               pid_t pid = 0) {
  const auto text = read_proc_file(path, buffer);
  if (!text) {
    throw_unreadable(path, what, errno, pid);
  }
  return *text;
}

std::string_view skip_spaces(std::string_view text) noexcept {
  const auto start = text.find_first_not_of(" \t");
  return start == std::string_view::npos ? std::string_view{} : text.substr(start);
}

template <class Int>
std::optional<Int> parse_integer(std::string_view text) noexcept {
  text = skip_spaces(text);
  Int value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{}) {
    return std::nullopt;
  }
  return value;
}

/// The value of a `Key:   value` line of a /proc key-value file (status, meminfo, io).
std::optional<std::string_view> field(std::string_view text, std::string_view key) noexcept {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = text.substr(pos, end - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
      return line.substr(key.size() + 1);
    }
    pos = end + 1;
  }
  return std::nullopt;
}

/// A `Key:  1234 kB` field in bytes; 0 when absent (a zombie has no memory lines).
std::uint64_t kib_field(std::string_view text, std::string_view key) noexcept {
  const auto value = field(text, key);
  if (!value) {
    return 0;
  }
  return parse_integer<std::uint64_t>(*value).value_or(0) * 1024;
}

std::optional<std::uint64_t> u64_field(std::string_view text, std::string_view key) noexcept {
  const auto value = field(text, key);
  return value ? parse_integer<std::uint64_t>(*value) : std::nullopt;
}

/// Fields 3 (state), 14 and 15 (utime, stime, in clock ticks) of /proc/PID/stat. The command
/// name (field 2) may hold spaces and parentheses, so counting starts after its last ')'.
bool parse_stat(std::string_view stat, char& state, std::uint64_t& utime,
                std::uint64_t& stime) noexcept {
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos) {
    return false;
  }
  std::string_view rest = stat.substr(close + 1);
  for (int field_number = 3; field_number <= 15; ++field_number) {
    rest = skip_spaces(rest);
    const auto end = rest.find(' ');
    const std::string_view token = rest.substr(0, end);
    if (token.empty()) {
      return false;
    }
    if (field_number == 3) {
      state = token.front();
    } else if (field_number == 14 || field_number == 15) {
      const auto value = parse_integer<std::uint64_t>(token);
      if (!value) {
        return false;
      }
      (field_number == 14 ? utime : stime) = *value;
    }
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  }
  return true;
}

/// Entries of /proc/PID/fd. Listing our own directory shows the descriptor doing the listing:
/// it is left out when `self`.
std::optional<std::int32_t> count_open_files(const char* dir_path, bool self) noexcept {
  DIR* dir = ::opendir(dir_path);
  if (dir == nullptr) {
    return std::nullopt;
  }
  const int listing_fd = ::dirfd(dir);
  std::int32_t count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') {
      continue;
    }
    if (self && parse_integer<int>(entry->d_name) == listing_fd) {
      continue;
    }
    ++count;
  }
  ::closedir(dir);
  return count;
}

}  // namespace

ResourceUsage resource_usage(pid_t pid) {
  ResourceUsage usage;
  usage.pid = pid;
  usage.sampled_at = std::chrono::steady_clock::now();
  ProcBuffer buffer;
  PathBuffer path;

  std::snprintf(path.data(), path.size(), "/proc/%d/stat", static_cast<int>(pid));
  const std::string_view stat = read_required(path.data(), buffer, "process statistics", pid);
  std::uint64_t utime = 0;
  std::uint64_t stime = 0;
  if (!parse_stat(stat, usage.state, utime, stime)) {
    throw IoError("cannot parse process statistics (unexpected format)", {path.data()});
  }
  const auto ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  usage.user_cpu_seconds = static_cast<double>(utime) / ticks;
  usage.system_cpu_seconds = static_cast<double>(stime) / ticks;

  std::snprintf(path.data(), path.size(), "/proc/%d/status", static_cast<int>(pid));
  const std::string_view status = read_required(path.data(), buffer, "process status", pid);
  usage.rss_bytes = kib_field(status, "VmRSS");
  usage.peak_rss_bytes = kib_field(status, "VmHWM");
  usage.vms_bytes = kib_field(status, "VmSize");
  usage.threads = static_cast<std::int32_t>(u64_field(status, "Threads").value_or(0));

  std::snprintf(path.data(), path.size(), "/proc/%d/fd", static_cast<int>(pid));
  usage.open_files = count_open_files(path.data(), pid == ::getpid());

  std::snprintf(path.data(), path.size(), "/proc/%d/io", static_cast<int>(pid));
  if (const auto io = read_proc_file(path.data(), buffer)) {
    usage.read_bytes = u64_field(*io, "rchar");
    usage.written_bytes = u64_field(*io, "wchar");
    usage.disk_read_bytes = u64_field(*io, "read_bytes");
    usage.disk_written_bytes = u64_field(*io, "write_bytes");
  }
  return usage;
}

ResourceUsage resource_usage() {
  return resource_usage(::getpid());
}

SystemUsage system_usage(const std::string& path) {
  SystemUsage usage;
  ProcBuffer buffer;

  const std::string_view meminfo =
      read_required("/proc/meminfo", buffer, "system memory information");
  usage.memory_total_bytes = kib_field(meminfo, "MemTotal");
  usage.memory_available_bytes = kib_field(meminfo, "MemAvailable");

  const std::string_view loadavg = read_required("/proc/loadavg", buffer, "load average");
  // "0.52 0.58 0.59 1/389 12345": three decimals, parsed without locale or allocation.
  std::string_view rest = loadavg;
  for (double* load : {&usage.load_1, &usage.load_5, &usage.load_15}) {
    rest = skip_spaces(rest);
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), *load);
    if (ec != std::errc{}) {
      throw IoError("cannot parse load average (unexpected format)", {"/proc/loadavg"});
    }
    rest = rest.substr(static_cast<std::size_t>(end - rest.data()));
  }

  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  usage.cpu_count = cpus > 0 ? static_cast<std::int32_t>(cpus) : 1;

  struct statvfs disk {};
  if (::statvfs(path.c_str(), &disk) != 0) {
    throw IoError(fmt::format("cannot read free disk space: {}", std::strerror(errno)), {path});
  }
  usage.disk_free_bytes = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize;
  usage.disk_total_bytes = static_cast<std::uint64_t>(disk.f_blocks) * disk.f_frsize;
  return usage;
}

double cpu_percent(const ResourceUsage& earlier, const ResourceUsage& later) noexcept {
  const std::chrono::duration<double> wall = later.sampled_at - earlier.sampled_at;
  if (wall.count() <= 0.0) {
    return 0.0;
  }
  const double cpu = later.cpu_seconds() - earlier.cpu_seconds();
  return cpu <= 0.0 ? 0.0 : 100.0 * cpu / wall.count();
}

}  // namespace qbt::monitor
