#pragma once
/// Compare a run against a baseline run: per metric the ratio of the current value to the
/// baseline's, a regression when it is worse by more than a threshold, an alert when it is 2x
/// worse or more. `qbt bench compare` exits non-zero on an alert.
///
/// The metrics of a run are, for every workload that ran, its median time per execution
/// (`<workload>.time`, seconds) and its peak resident memory (`<workload>.peak_rss`, bytes).
/// Machine baselines are shown but never count as regressions: they measure the machine, and a
/// change there says the comparison is not like for like. Memory changes smaller than a floor
/// (16 MiB by default) are noise, never regressions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/bench_suite/run_record.hpp"
#include "qbt/bench_suite/targets.hpp"

namespace qbt::bench_suite {

struct CompareOptions {
  double threshold = 0.10;    ///< a regression is worse than the baseline by more than this
  double alert_factor = 2.0;  ///< an alert is this many times worse, or more
  std::int64_t memory_floor_bytes = std::int64_t{16} << 20;
};

enum class Verdict : std::uint8_t {
  ok,          ///< within the threshold
  improved,    ///< better than the baseline by more than the threshold
  regression,  ///< worse by more than the threshold, less than the alert factor
  alert,       ///< worse by the alert factor or more
  info,        ///< a machine baseline: shown, never counted
  added,       ///< only in the current run
  missing,     ///< only in the baseline
};

[[nodiscard]] const char* to_string(Verdict verdict) noexcept;

/// How many times worse `current` is than `baseline`: current / baseline when lower is better,
/// baseline / current when higher is better; NaN when either is not a positive number.
[[nodiscard]] double slowdown(Better better, double baseline, double current);

/// The verdict for a slowdown factor (NaN is ok: nothing to judge).
[[nodiscard]] Verdict classify(double slowdown, const CompareOptions& options);

/// One comparable number of a run.
struct Metric {
  std::string name;  ///< `<workload>.time` or `<workload>.peak_rss`
  std::string unit;  ///< s or bytes
  Better better = Better::lower;
  double value = k_not_measured;
  bool informational = false;  ///< machine baselines
};

/// The metrics of `run`, in workload order.
[[nodiscard]] std::vector<Metric> comparable_metrics(const RunRecord& run);

struct MetricComparison {
  std::string metric;
  std::string unit;
  Better better = Better::lower;
  double baseline = k_not_measured;
  double current = k_not_measured;
  double ratio = k_not_measured;     ///< current / baseline
  double slowdown = k_not_measured;  ///< > 1 is worse, see slowdown()
  Verdict verdict = Verdict::ok;
};

struct Comparison {
  std::vector<MetricComparison> rows;
  /// Why the runs may not be comparable (other machine, build or mode) and results whose
  /// checksum changed (the engine now computes something else).
  std::vector<std::string> warnings;
  std::size_t regressions = 0;  ///< regression or alert rows
  std::size_t alerts = 0;
  std::size_t improvements = 0;

  [[nodiscard]] bool has_alert() const noexcept { return alerts > 0; }
};

/// Compare every metric of `current` with the same metric of `baseline`.
[[nodiscard]] Comparison compare_runs(const RunRecord& baseline, const RunRecord& current,
                                      const CompareOptions& options = {});

/// The comparison as a plain-text table with warnings and a one-line summary.
[[nodiscard]] std::string format_comparison(const Comparison& comparison,
                                            const CompareOptions& options);

/// Parse a `--threshold`: `10%` or `10` (percent), > 0 and < 1000 %. UserInputError otherwise.
[[nodiscard]] double parse_threshold(std::string_view text);

}  // namespace qbt::bench_suite
