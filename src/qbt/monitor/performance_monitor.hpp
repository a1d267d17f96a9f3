#pragma once
/// What one run (a backtest, a sweep, a benchmark workload) cost: wall and CPU time, memory, and
/// throughput. Measures the calling process between start() and stop(); nothing runs in between,
/// so it costs nothing while the run executes.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

namespace qbt::monitor {

/// The process counters a run is measured by.
struct ProcessCounters {
  double user_cpu_seconds = 0.0;
  double system_cpu_seconds = 0.0;
  std::uint64_t rss_bytes = 0;       ///< resident now
  std::uint64_t peak_rss_bytes = 0;  ///< resident high-water mark
};

/// The calling process's counters: getrusage(RUSAGE_SELF) for CPU time and peak RSS,
/// /proc/self/statm for the current RSS (IoError naming it when unreadable).
[[nodiscard]] ProcessCounters read_process_counters();

/// Lower the calling process's peak RSS (ru_maxrss and VmHWM) to its current RSS by writing 5 to
/// /proc/self/clear_refs, so the next peak is that of the work that follows. Affects every
/// reader of the peak in this process. False when the kernel does not allow it.
bool reset_peak_rss() noexcept;

/// How much work a run did; its rates are computed from the wall time.
struct Work {
  std::int64_t bars = 0;          ///< bars processed (summed over symbols and combinations)
  std::int64_t combinations = 0;  ///< parameter combinations evaluated
};

struct RunReport {
  std::string name;
  double wall_seconds = 0.0;
  double user_cpu_seconds = 0.0;
  double system_cpu_seconds = 0.0;
  /// CPU time over wall time, in percent of one core (400% = 4 cores busy on average).
  double cpu_percent = 0.0;
  std::uint64_t rss_start_bytes = 0;
  std::uint64_t rss_end_bytes = 0;
  std::int64_t rss_delta_bytes = 0;  ///< end minus start: memory the run kept
  std::uint64_t peak_rss_bytes = 0;
  /// True when the peak was reset at start() and so is the run's own; false when it is the
  /// process's lifetime peak (an upper bound of the run's).
  bool peak_is_run_peak = false;
  Work work;
  double bars_per_second = 0.0;          ///< 0 when no bars were reported
  double combinations_per_second = 0.0;  ///< 0 when no combinations were reported
};

/// The report as one JSON object: name, wall_s, user_cpu_s, system_cpu_s, cpu_percent,
/// rss_start_bytes, rss_end_bytes, rss_delta_bytes, peak_rss_bytes, peak_rss_scope ("run" or
/// "process"), bars, bars_per_s, combinations, combinations_per_s.
[[nodiscard]] nlohmann::ordered_json to_json(const RunReport& report);

class PerformanceMonitor {
public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Probe = std::function<ProcessCounters()>;

  struct Options {
    /// Reset the process's peak RSS at start() (see reset_peak_rss()) so that the report's peak
    /// is the run's own.
    bool reset_peak = true;
  };

  /// Measure the calling process with the steady clock.
  PerformanceMonitor() : PerformanceMonitor(Options{}) {}
  /// Measure with `clock` and `probe` (defaults: steady_clock, read_process_counters); tests
  /// inject both to get exact reports.
  explicit PerformanceMonitor(Options options, Clock clock = {}, Probe probe = {});

  /// Begin measuring a run called `name`. Throws UserInputError if a run is being measured.
  void start(std::string name = {});
  /// End the run begun by start() and report it, with rates for `work`. Throws UserInputError
  /// without a start().
  RunReport stop(Work work = {});
  [[nodiscard]] bool running() const noexcept { return running_; }

  /// Measure `run()`. If `run` returns a Work, that is the work reported; otherwise `work`. An
  /// exception from `run` propagates and abandons the measurement.
  template <class Run>
  RunReport monitor_backtest(Run&& run, Work work = {}, std::string name = {}) {
    start(std::move(name));
    try {
      if constexpr (std::is_same_v<std::invoke_result_t<Run&>, Work>) {
        work = run();
      } else {
        static_cast<void>(run());
      }
    } catch (...) {
      running_ = false;
      throw;
    }
    return stop(work);
  }

private:
  Options options_;
  Clock clock_;
  Probe probe_;
  bool running_ = false;
  bool peak_reset_ = false;
  std::string name_;
  std::chrono::steady_clock::time_point started_at_{};
  ProcessCounters start_counters_;
};

}  // namespace qbt::monitor
