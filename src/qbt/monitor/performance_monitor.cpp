#include "qbt/monitor/performance_monitor.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include "qbt/core/error.hpp"

namespace qbt::monitor {

namespace {

constexpr const char* k_statm = "/proc/self/statm";

double to_seconds(const timeval& tv) noexcept {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
}

/// Resident pages (the second field of /proc/self/statm) in bytes.
std::uint64_t current_rss_bytes() {
  const int fd = ::open(k_statm, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw IoError(fmt::format("cannot read process memory: {}", std::strerror(errno)), {k_statm});
  }
  std::array<char, 256> buffer{};
  const ssize_t got = ::read(fd, buffer.data(), buffer.size() - 1);
  const int saved = errno;
  ::close(fd);
  if (got <= 0) {
    throw IoError(fmt::format("cannot read process memory: {}",
                              got < 0 ? std::strerror(saved) : "file is empty"),
                  {k_statm});
  }
  const std::string_view text(buffer.data(), static_cast<std::size_t>(got));
  const auto space = text.find(' ');
  std::uint64_t pages = 0;
  const char* first = space == std::string_view::npos ? nullptr : text.data() + space + 1;
  if (first == nullptr ||
      std::from_chars(first, text.data() + text.size(), pages).ec != std::errc{}) {
    throw IoError("cannot parse process memory (unexpected format)", {k_statm});
  }
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

double rate(std::int64_t count, double seconds) noexcept {
  return count > 0 && seconds > 0.0 ? static_cast<double>(count) / seconds : 0.0;
}

nlohmann::ordered_json finite_json(double value) {
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

}  // namespace

ProcessCounters read_process_counters() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  ProcessCounters counters;
  counters.user_cpu_seconds = to_seconds(usage.ru_utime);
  counters.system_cpu_seconds = to_seconds(usage.ru_stime);
  counters.peak_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // ru_maxrss is KiB
  counters.rss_bytes = current_rss_bytes();
  return counters;
}

bool reset_peak_rss() noexcept {
  const int fd = ::open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool written = ::write(fd, "5", 1) == 1;
  ::close(fd);
  return written;
}

nlohmann::ordered_json to_json(const RunReport& report) {
  return {{"name", report.name},
          {"wall_s", finite_json(report.wall_seconds)},
          {"user_cpu_s", finite_json(report.user_cpu_seconds)},
          {"system_cpu_s", finite_json(report.system_cpu_seconds)},
          {"cpu_percent", finite_json(report.cpu_percent)},
          {"rss_start_bytes", report.rss_start_bytes},
          {"rss_end_bytes", report.rss_end_bytes},
          {"rss_delta_bytes", report.rss_delta_bytes},
          {"peak_rss_bytes", report.peak_rss_bytes},
          {"peak_rss_scope", report.peak_is_run_peak ? "run" : "process"},
          {"bars", report.work.bars},
          {"bars_per_s", finite_json(report.bars_per_second)},
          {"combinations", report.work.combinations},
          {"combinations_per_s", finite_json(report.combinations_per_second)}};
}

PerformanceMonitor::PerformanceMonitor(Options options, Clock clock, Probe probe)
    : options_(options),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      probe_(probe ? std::move(probe) : Probe(read_process_counters)) {}

void PerformanceMonitor::start(std::string name) {
  if (running_) {
    throw UserInputError(fmt::format("performance monitor is already measuring run '{}'", name_));
  }
  name_ = std::move(name);
  peak_reset_ = options_.reset_peak && reset_peak_rss();
  start_counters_ = probe_();
  started_at_ = clock_();
  running_ = true;
}

RunReport PerformanceMonitor::stop(Work work) {
  if (!running_) {
    throw UserInputError("performance monitor stopped without being started");
  }
  const auto stopped_at = clock_();
  const ProcessCounters end = probe_();
  running_ = false;

  RunReport report;
  report.name = name_;
  report.wall_seconds = std::chrono::duration<double>(stopped_at - started_at_).count();
  report.user_cpu_seconds = end.user_cpu_seconds - start_counters_.user_cpu_seconds;
  report.system_cpu_seconds = end.system_cpu_seconds - start_counters_.system_cpu_seconds;
  report.cpu_percent =
      report.wall_seconds > 0.0
          ? 100.0 * (report.user_cpu_seconds + report.system_cpu_seconds) / report.wall_seconds
          : 0.0;
  report.rss_start_bytes = start_counters_.rss_bytes;
  report.rss_end_bytes = end.rss_bytes;
  report.rss_delta_bytes = static_cast<std::int64_t>(end.rss_bytes) -
                           static_cast<std::int64_t>(start_counters_.rss_bytes);
  report.peak_rss_bytes = std::max({end.peak_rss_bytes, end.rss_bytes, start_counters_.rss_bytes});
  report.peak_is_run_peak = peak_reset_;
  report.work = work;
  report.bars_per_second = rate(work.bars, report.wall_seconds);
  report.combinations_per_second = rate(work.combinations, report.wall_seconds);
  return report;
}

}  // namespace qbt::monitor
