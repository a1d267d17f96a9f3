#include "qbt/bench_suite/runner.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <regex>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/monitor/performance_monitor.hpp"
#include "qbt/monitor/resource_usage.hpp"

namespace qbt::bench_suite {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpu_seconds_now() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

WorkloadResult describe(const Workload& workload) {
  WorkloadResult result;
  result.name = workload.name;
  result.description = workload.description;
  result.item_unit = workload.item_unit;
  result.rate_unit = workload.rate_unit;
  result.rate_scale = workload.rate_scale;
  result.repetitions = workload.repetitions;
  result.warmups = workload.warmups;
  result.inner_loops = workload.inner_loops;
  return result;
}

WorkloadResult failed(WorkloadResult result, std::string note) {
  result.status = WorkloadStatus::failed;
  result.note = std::move(note);
  return result;
}

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

std::string read_all(int fd) {
  std::string out;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return out;
    }
    out.append(buffer, static_cast<std::size_t>(got));
  }
}

std::filesystem::path make_scratch_dir(const std::filesystem::path& root) {
  const std::filesystem::path base =
      root.empty() ? std::filesystem::temp_directory_path() : root;
  std::string pattern = (base / "qbt-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw IoError(fmt::format("cannot create a scratch directory: {}", std::strerror(errno)),
                  ErrorLocation{base.string()});
  }
  return pattern;
}

double load_average() {
  double load = 0.0;
  return ::getloadavg(&load, 1) == 1 ? load : k_not_measured;
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now).count();
  return format_timestamp(static_cast<Timestamp>(seconds) * k_ns_per_second);
}

}  // namespace

WorkloadResult measure_workload(const Workload& workload, const WorkloadContext& context) {
  WorkloadResult result = describe(workload);
  if (!workload.pending.empty()) {
    result.status = WorkloadStatus::pending;
    result.note = workload.pending;
    return result;
  }
  try {
    const Clock::time_point setup_start = Clock::now();
    Body body = workload.prepare(context);
    result.setup_seconds = seconds_since(setup_start);
    // The monitor's readings of this process (VmRSS, VmHWM) and its peak reset.
    result.rss_after_setup_bytes = static_cast<std::int64_t>(monitor::resource_usage().rss_bytes);
    result.peak_includes_setup = !monitor::reset_peak_rss();

    const std::int32_t inner = std::max(workload.inner_loops, 1);
    std::optional<std::string> first_checksum;
    const auto check = [&](std::string checksum) {
      if (!first_checksum) {
        first_checksum = std::move(checksum);
      } else if (checksum != *first_checksum) {
        result.checksum_stable = false;
      }
    };
    for (std::int32_t i = 0; i < workload.warmups; ++i) {
      for (std::int32_t k = 0; k < inner; ++k) {
        result.items = body.run();
      }
      check(body.finish());
    }
    double cpu = 0.0;
    for (std::int32_t i = 0; i < std::max(workload.repetitions, 1); ++i) {
      const double cpu_start = cpu_seconds_now();
      const Clock::time_point start = Clock::now();
      for (std::int32_t k = 0; k < inner; ++k) {
        result.items = body.run();
      }
      const double elapsed = seconds_since(start);
      cpu += cpu_seconds_now() - cpu_start;
      result.seconds.push_back(elapsed / inner);
      check(body.finish());
    }
    result.peak_rss_bytes = static_cast<std::int64_t>(monitor::resource_usage().peak_rss_bytes);
    result.checksum = first_checksum.value_or("");
    result.median_seconds = median(result.seconds);
    result.min_seconds = *std::min_element(result.seconds.begin(), result.seconds.end());
    result.rate = result.items / result.median_seconds / result.rate_scale;
    result.cpu_seconds =
        cpu / (static_cast<double>(result.seconds.size()) * static_cast<double>(inner));
    if (!result.checksum_stable) {
      result.status = WorkloadStatus::failed;
      result.note = "the checksum differed between repetitions (non-deterministic result)";
    }
  } catch (const std::bad_alloc&) {
    return failed(std::move(result), "out of memory");
  } catch (const std::exception& e) {
    return failed(std::move(result), e.what());
  }
  return result;
}

WorkloadResult run_workload(const Workload& workload, SuiteMode mode,
                            const std::filesystem::path& scratch_root) {
  if (!workload.pending.empty()) {
    return measure_workload(workload, WorkloadContext{mode, {}});
  }
  const std::filesystem::path scratch = make_scratch_dir(scratch_root);
  const auto remove_scratch = [&scratch] {
    std::error_code ignored;
    std::filesystem::remove_all(scratch, ignored);
  };
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    remove_scratch();
    throw IoError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    remove_scratch();
    throw IoError(fmt::format("cannot fork a benchmark process: {}", std::strerror(error)));
  }
  if (pid == 0) {
    ::close(fds[0]);
    std::string report;
    try {
      report = to_json(measure_workload(workload, WorkloadContext{mode, scratch}));
    } catch (...) {
      report.clear();
    }
    write_all(fds[1], report);
    ::_exit(report.empty() ? 3 : 0);
  }
  ::close(fds[1]);
  const std::string report = read_all(fds[0]);
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  remove_scratch();
  if (WIFSIGNALED(status)) {
    return failed(describe(workload),
                  fmt::format("the benchmark process was killed by signal {} ({})",
                              WTERMSIG(status), ::strsignal(WTERMSIG(status))));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || report.empty()) {
    return failed(describe(workload),
                  fmt::format("the benchmark process exited with code {} without a result",
                              WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
  try {
    return parse_workload_result(report, "benchmark process of " + workload.name);
  } catch (const Error& e) {
    return failed(describe(workload), fmt::format("unreadable result: {}", e.what()));
  }
}

std::vector<Workload> select_workloads(std::vector<Workload> workloads,
                                       const std::string& filter) {
  if (filter.empty()) {
    return workloads;
  }
  std::regex pattern;
  try {
    pattern = std::regex(filter, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw UserInputError(fmt::format("--filter '{}' is not a valid regular expression: {}",
                                     filter, e.what()));
  }
  std::vector<Workload> out;
  std::string names;
  for (Workload& workload : workloads) {
    names += names.empty() ? workload.name : ", " + workload.name;
    if (std::regex_search(workload.name, pattern)) {
      out.push_back(std::move(workload));
    }
  }
  if (out.empty()) {
    throw UserInputError(
        fmt::format("--filter '{}' matches no workload (workloads: {})", filter, names));
  }
  return out;
}

RunRecord run_suite(std::span<const Workload> workloads, const SuiteOptions& options) {
  RunRecord run;
  run.timestamp = utc_now();
  run.mode = options.mode;
  run.filter = options.filter;
  run.machine = collect_machine_info();
  run.load_start = load_average();
  const Clock::time_point start = Clock::now();
  for (std::size_t i = 0; i < workloads.size(); ++i) {
    if (options.on_start) {
      options.on_start(workloads[i], i, workloads.size());
    }
    run.workloads.push_back(run_workload(workloads[i], options.mode, options.scratch_root));
    if (options.on_done) {
      options.on_done(run.workloads.back(), i, workloads.size());
    }
  }
  run.wall_seconds = seconds_since(start);
  run.load_end = load_average();
  run.targets = evaluate_targets(run.workloads);
  return run;
}

}  // namespace qbt::bench_suite
