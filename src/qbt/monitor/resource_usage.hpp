#pragma once
/// What a process and the machine it runs on are using right now, read from Linux's /proc and
/// statvfs: the raw readings every monitor, sampler and alert in qbt::monitor is built on.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <sys/types.h>

namespace qbt::monitor {

/// One reading of a process's resources. Counters (CPU time, bytes read) only grow; turn two
/// readings into rates with cpu_percent().
struct ResourceUsage {
  pid_t pid = 0;
  /// When the reading was taken (monotonic): the time base of cpu_percent().
  std::chrono::steady_clock::time_point sampled_at{};
  /// State letter of /proc/PID/stat: R running, S sleeping, D in uninterruptible I/O, Z zombie
  /// (exited, not yet waited for: its memory fields are 0), T stopped, ...
  char state = '?';
  std::uint64_t rss_bytes = 0;       ///< resident set size (VmRSS); 0 for a zombie
  std::uint64_t peak_rss_bytes = 0;  ///< resident high-water mark (VmHWM); 0 for a zombie
  std::uint64_t vms_bytes = 0;       ///< virtual memory size (VmSize)
  double user_cpu_seconds = 0.0;     ///< CPU time in user mode since the process started
  double system_cpu_seconds = 0.0;   ///< CPU time in the kernel since the process started
  std::int32_t threads = 0;
  /// Open file descriptors (entries of /proc/PID/fd); nullopt when that directory is unreadable
  /// (another user's process).
  std::optional<std::int32_t> open_files;
  /// Bytes passed through read()/write() and friends, page-cache hits included (rchar/wchar of
  /// /proc/PID/io); nullopt when that file is unreadable.
  std::optional<std::uint64_t> read_bytes;
  std::optional<std::uint64_t> written_bytes;
  /// Bytes that reached or came from storage (read_bytes/write_bytes of /proc/PID/io).
  std::optional<std::uint64_t> disk_read_bytes;
  std::optional<std::uint64_t> disk_written_bytes;

  [[nodiscard]] double cpu_seconds() const noexcept {
    return user_cpu_seconds + system_cpu_seconds;
  }
  [[nodiscard]] bool zombie() const noexcept { return state == 'Z'; }
};

/// One reading of the machine: memory, load and the free space of one file system.
struct SystemUsage {
  std::uint64_t memory_total_bytes = 0;  ///< MemTotal of /proc/meminfo
  std::uint64_t memory_available_bytes =
      0;                ///< MemAvailable: what new work can use without swapping
  double load_1 = 0.0;  ///< load averages over 1, 5 and 15 minutes
  double load_5 = 0.0;
  double load_15 = 0.0;
  std::int32_t cpu_count = 1;         ///< online CPUs
  std::uint64_t disk_free_bytes = 0;  ///< space an unprivileged user can still write
  std::uint64_t disk_total_bytes = 0;
};

/// Read the resources of process `pid` from /proc/PID/{stat,status,fd,io}. Throws IoError naming
/// the file when /proc/PID/stat or /proc/PID/status cannot be read (no such process, no /proc).
[[nodiscard]] ResourceUsage resource_usage(pid_t pid);
/// The resources of the calling process.
[[nodiscard]] ResourceUsage resource_usage();

/// Read memory and load from /proc/meminfo and /proc/loadavg and the free disk space of the file
/// system holding `path`. Throws IoError naming the file or path that cannot be read.
[[nodiscard]] SystemUsage system_usage(const std::string& path = ".");

/// CPU use between two readings of the same process, in percent of one core (as `top` shows
/// it: a process keeping 4 cores busy is at 400%). 0 when `later` is not later than `earlier`.
[[nodiscard]] double cpu_percent(const ResourceUsage& earlier, const ResourceUsage& later) noexcept;

}  // namespace qbt::monitor
