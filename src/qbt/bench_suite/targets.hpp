#pragma once
/// The performance targets of qbt: for each metric the target from the project's seed
/// (issue 6), the seed's critical threshold, qbt's own (stricter) target, the measured value and
/// a status. docs/benchmarks.md lists them with their sources.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/bench_suite/workload_result.hpp"

namespace qbt::bench_suite {

/// Which direction of a metric is good.
enum class Better : std::uint8_t { lower, higher };

[[nodiscard]] const char* to_string(Better better) noexcept;
[[nodiscard]] std::optional<Better> parse_better(std::string_view text) noexcept;

enum class TargetStatus : std::uint8_t {
  pass,     ///< meets the seed's target and qbt's own
  warn,     ///< misses the seed's target or qbt's own, but not the critical threshold
  fail,     ///< beyond the critical threshold
  pending,  ///< the feature does not exist yet
  not_run,  ///< its workload was filtered out or failed
};

[[nodiscard]] const char* to_string(TargetStatus status) noexcept;
[[nodiscard]] std::optional<TargetStatus> parse_target_status(std::string_view text) noexcept;

/// One row of the targets table. Absent thresholds are NaN.
struct TargetRow {
  std::string key;     ///< stable identifier, e.g. `backtest_minute_1y_vector_525600`
  std::string metric;  ///< what a reader sees, e.g. `1-year minute backtest, vectorized, 525,600 bars`
  std::string unit;    ///< s, rows/s, GB or ms
  Better better = Better::lower;
  double seed_target = k_not_measured;  ///< strict: lower must be <, higher must be >
  double critical = k_not_measured;     ///< beyond it (lower: >, higher: <) is a failure
  double qbt_target = k_not_measured;   ///< strict, like seed_target
  double measured = k_not_measured;
  TargetStatus status = TargetStatus::not_run;
  std::string note;  ///< how `measured` was derived when not read directly, or why it is absent
};

/// The status of `measured` against the targets (any of them may be NaN: no such target):
/// fail beyond `critical`, warn when `seed_target` or `qbt_target` is missed, pass otherwise;
/// not_run when `measured` is NaN.
[[nodiscard]] TargetStatus target_status(Better better, double measured, double seed_target,
                                         double critical, double qbt_target);

/// The targets table for the results of one run. Values are derived from the workloads:
/// seconds per 100 MB for loading, rows/s for features, seconds for backtests and sweeps
/// (1000 combinations extrapolated linearly from 100 when only those ran), GB for memory
/// (typical = median and peak = maximum of the workloads' peak RSS, machine baselines excluded).
[[nodiscard]] std::vector<TargetRow> evaluate_targets(std::span<const WorkloadResult> results);

/// `measured` (or a threshold) in `unit` for people: `4.2 ms`, `1.3 M rows/s`, `0.21 GB`.
[[nodiscard]] std::string format_target_value(double value, std::string_view unit);

/// A threshold with its comparison, as the seed states it: `< 5 s`, `> 1 M rows/s`, `-`.
[[nodiscard]] std::string format_threshold(double value, std::string_view unit, bool less_than);

}  // namespace qbt::bench_suite
