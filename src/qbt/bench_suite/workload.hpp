#pragma once
/// The contract of a `qbt bench` scenario: a named, self-contained piece of end-to-end work with
/// an untimed set-up and a timed body that returns how much it did and a checksum of its result.
/// Workloads are declared in tables (backtest_workloads.cpp, data_workloads.cpp, ...) and run by
/// runner.hpp, each in its own child process.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace qbt::bench_suite {

/// Which sizes the suite runs: the full sizes, or smaller ones that finish in under a
/// minute on a 2-core machine. Workloads whose size differs between modes have different names,
/// so results of the two modes never compare against each other by accident.
enum class SuiteMode : std::uint8_t { full, quick };

[[nodiscard]] const char* to_string(SuiteMode mode) noexcept;

/// The timed body of a workload, ready to run after its set-up. The runner times run() alone;
/// finish() checksums what the last run() produced, untimed, so checksums of large results cost
/// the measurement nothing, and may free that result so the next run() starts from the same
/// memory.
struct Body {
  std::function<double()> run;             ///< do the work once; returns the items processed
  std::function<std::string()> finish;     ///< Checksum::hex() of the last run()'s result
};

/// What a workload's set-up may use.
struct WorkloadContext {
  SuiteMode mode = SuiteMode::full;
  /// An empty directory private to this workload, removed after it ran.
  std::filesystem::path scratch_dir;
};

struct Workload {
  /// Stable key in results, history and baselines: `<group>.<what>_<size>`, e.g.
  /// `backtest.vector.minute_525600`. Never rename one; add a new name instead.
  std::string name;
  std::string description;
  std::string item_unit;  ///< what Body::run() counts: bars, rows, bytes, combinations, flop
  std::string rate_unit;  ///< how the rate is shown: bars/s, MB/s, GB/s, GFLOPS, ...
  double rate_scale = 1.0;  ///< rate = items / median seconds / rate_scale
  std::int32_t repetitions = 5;  ///< timed executions; the median is reported
  std::int32_t warmups = 1;      ///< untimed executions before them (checksums still checked)
  /// Runs the body this many times per timed execution and reports the time of one, for bodies
  /// too short (microseconds) to time one by one.
  std::int32_t inner_loops = 1;
  /// Untimed set-up (generate bars, write files); returns the body. May throw qbt::Error.
  std::function<Body(const WorkloadContext&)> prepare;
  /// Non-empty for a workload that cannot run yet (its feature does not exist): why.
  std::string pending;

  /// The part of the name before the first dot: backtest, data, features, optimize, memory,
  /// cache or machine.
  [[nodiscard]] std::string_view group() const noexcept;
};

/// The group of a workload name (text before the first dot; the whole name without one).
[[nodiscard]] std::string_view group_of(std::string_view name) noexcept;

}  // namespace qbt::bench_suite
