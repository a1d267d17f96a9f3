#include "qbt/bench_suite/targets.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include <fmt/format.h>

#include "qbt/bench_suite/workload.hpp"

namespace qbt::bench_suite {

namespace {

constexpr double k_nan = k_not_measured;
constexpr double k_gb = 1e9;

struct Measured {
  double value = k_nan;
  std::string note;
  TargetStatus status = TargetStatus::not_run;  ///< used when value is NaN
};

const WorkloadResult* find(std::span<const WorkloadResult> results, std::string_view name) {
  for (const WorkloadResult& result : results) {
    if (result.name == name) {
      return &result;
    }
  }
  return nullptr;
}

/// NaN with the reason when `result` gives no number.
std::optional<Measured> unusable(const WorkloadResult* result) {
  if (result == nullptr) {
    return Measured{k_nan, "workload not run", TargetStatus::not_run};
  }
  if (result->status == WorkloadStatus::pending) {
    return Measured{k_nan, result->note, TargetStatus::pending};
  }
  if (result->status == WorkloadStatus::failed) {
    return Measured{k_nan, "workload failed: " + result->note, TargetStatus::not_run};
  }
  return std::nullopt;
}

Measured seconds_of(std::span<const WorkloadResult> results, std::string_view name) {
  const WorkloadResult* result = find(results, name);
  if (auto bad = unusable(result)) {
    return *bad;
  }
  return {result->median_seconds, "", TargetStatus::not_run};
}

/// Milliseconds per item (operation) of workload `name`.
Measured per_operation_ms(std::span<const WorkloadResult> results, std::string_view name) {
  const WorkloadResult* result = find(results, name);
  if (auto bad = unusable(result)) {
    return *bad;
  }
  return {result->median_seconds * 1e3 / result->items, "", TargetStatus::not_run};
}

/// Seconds to load 100 MB from the first of `names` that ran, scaled from its file size.
Measured load_seconds(std::span<const WorkloadResult> results,
                      std::initializer_list<std::string_view> names) {
  const WorkloadResult* result = nullptr;
  for (const std::string_view name : names) {
    if ((result = find(results, name)) != nullptr) {
      break;
    }
  }
  if (auto bad = unusable(result)) {
    return *bad;
  }
  Measured out{result->median_seconds * 1e8 / result->items, "", TargetStatus::not_run};
  if (std::abs(result->items - 1e8) > 0.02e8) {
    out.note = fmt::format("scaled from a {:.0f} MB file", result->items / 1e6);
  }
  return out;
}

Measured feature_rate(std::span<const WorkloadResult> results) {
  const WorkloadResult* result = find(results, "features.matrix_20_1000000");
  if (result == nullptr) {
    result = find(results, "features.matrix_20_100000");
  }
  if (auto bad = unusable(result)) {
    return *bad;
  }
  return {result->items / result->median_seconds, "", TargetStatus::not_run};
}

Measured sweep_1000(std::span<const WorkloadResult> results) {
  const WorkloadResult* thousand = find(results, "optimize.sma_cross_1000");
  if (thousand != nullptr && thousand->ok()) {
    return {thousand->median_seconds, "", TargetStatus::not_run};
  }
  const WorkloadResult* hundred = find(results, "optimize.sma_cross_100");
  if (hundred != nullptr && hundred->ok()) {
    return {hundred->median_seconds * 10.0, "extrapolated from 100 combinations",
            TargetStatus::not_run};
  }
  return *unusable(thousand != nullptr ? thousand : hundred);
}

/// Whether a workload's peak RSS counts for the memory targets (machine baselines do not).
bool counts_for_memory(const WorkloadResult& result) {
  return result.ok() && group_of(result.name) != "machine" && result.peak_rss_bytes > 0;
}

Measured memory_typical(std::span<const WorkloadResult> results) {
  std::vector<double> values;
  for (const WorkloadResult& result : results) {
    if (counts_for_memory(result)) {
      values.push_back(static_cast<double>(result.peak_rss_bytes) / k_gb);
    }
  }
  if (values.empty()) {
    return {k_nan, "no workload ran", TargetStatus::not_run};
  }
  return {median(values), fmt::format("median over {} workloads", values.size()),
          TargetStatus::not_run};
}

Measured memory_peak(std::span<const WorkloadResult> results) {
  const WorkloadResult* top = nullptr;
  for (const WorkloadResult& result : results) {
    if (counts_for_memory(result) &&
        (top == nullptr || result.peak_rss_bytes > top->peak_rss_bytes)) {
      top = &result;
    }
  }
  if (top == nullptr) {
    return {k_nan, "no workload ran", TargetStatus::not_run};
  }
  return {static_cast<double>(top->peak_rss_bytes) / k_gb, top->name, TargetStatus::not_run};
}

template <class Measure>
TargetRow row(std::string key, std::string metric, std::string unit, Better better, double seed,
              double critical, double qbt, Measure measure) {
  TargetRow out;
  out.key = std::move(key);
  out.metric = std::move(metric);
  out.unit = std::move(unit);
  out.better = better;
  out.seed_target = seed;
  out.critical = critical;
  out.qbt_target = qbt;
  Measured m = measure();
  out.measured = m.value;
  out.note = std::move(m.note);
  out.status = std::isnan(m.value) ? m.status
                                   : target_status(better, m.value, seed, critical, qbt);
  return out;
}

bool meets(Better better, double measured, double target) {
  return std::isnan(target) || (better == Better::lower ? measured < target : measured > target);
}

std::string scaled(double value, std::string_view unit) {
  const double magnitude = std::abs(value);
  if (magnitude >= 1e9) {
    return fmt::format("{:.3g} G {}", value / 1e9, unit);
  }
  if (magnitude >= 1e6) {
    return fmt::format("{:.3g} M {}", value / 1e6, unit);
  }
  if (magnitude >= 1e4) {
    return fmt::format("{:.3g} K {}", value / 1e3, unit);
  }
  return fmt::format("{:.3g} {}", value, unit);
}

}  // namespace

const char* to_string(Better better) noexcept {
  return better == Better::lower ? "lower" : "higher";
}

std::optional<Better> parse_better(std::string_view text) noexcept {
  if (text == "lower") {
    return Better::lower;
  }
  if (text == "higher") {
    return Better::higher;
  }
  return std::nullopt;
}

const char* to_string(TargetStatus status) noexcept {
  switch (status) {
    case TargetStatus::pass: return "PASS";
    case TargetStatus::warn: return "WARN";
    case TargetStatus::fail: return "FAIL";
    case TargetStatus::pending: return "PENDING";
    case TargetStatus::not_run: return "NOT RUN";
  }
  return "NOT RUN";
}

std::optional<TargetStatus> parse_target_status(std::string_view text) noexcept {
  for (const TargetStatus status : {TargetStatus::pass, TargetStatus::warn, TargetStatus::fail,
                                    TargetStatus::pending, TargetStatus::not_run}) {
    if (text == to_string(status)) {
      return status;
    }
  }
  return std::nullopt;
}

TargetStatus target_status(Better better, double measured, double seed_target, double critical,
                           double qbt_target) {
  if (std::isnan(measured)) {
    return TargetStatus::not_run;
  }
  const bool beyond_critical = !std::isnan(critical) &&
                               (better == Better::lower ? measured > critical : measured < critical);
  if (beyond_critical) {
    return TargetStatus::fail;
  }
  if (!meets(better, measured, seed_target) || !meets(better, measured, qbt_target)) {
    return TargetStatus::warn;
  }
  return TargetStatus::pass;
}

std::vector<TargetRow> evaluate_targets(std::span<const WorkloadResult> results) {
  // Seed targets and critical thresholds: issue 6. qbt's own targets: the README's performance
  // section (vectorized < 5 ms and event >= 10 M bars/s per year of minutes, CSV 100 MB < 0.25 s,
  // native well under 20 ms, snappy Parquet < 0.3 s (issue 7), 20-indicator matrix of 10^6 rows
  // < 0.2 s, 1000-combination sweep ~1 s and < 300 MB).
  const auto seconds = [results](std::string_view name) {
    return [results, name] { return seconds_of(results, name); };
  };
  std::vector<TargetRow> rows;
  rows.push_back(row("backtest_minute_1y_vector_98280",
                     "1-year minute backtest, vectorized, 98,280 bars", "s", Better::lower, 5.0,
                     10.0, 0.005, seconds("backtest.vector.minute_98280")));
  rows.push_back(row("backtest_minute_1y_vector_525600",
                     "1-year minute backtest, vectorized, 525,600 bars", "s", Better::lower, 5.0,
                     10.0, 0.005, seconds("backtest.vector.minute_525600")));
  rows.push_back(row("backtest_minute_1y_event_98280",
                     "1-year minute backtest, event-driven, 98,280 bars", "s", Better::lower, 5.0,
                     10.0, 98'280 / 10e6, seconds("backtest.event.minute_98280")));
  rows.push_back(row("backtest_minute_1y_event_525600",
                     "1-year minute backtest, event-driven, 525,600 bars", "s", Better::lower, 5.0,
                     10.0, 525'600 / 10e6, seconds("backtest.event.minute_525600")));
  rows.push_back(row("data_load_100mb_csv", "Data loading 100 MB, CSV", "s", Better::lower, 1.0,
                     3.0, 0.25, [results] {
                       return load_seconds(results, {"data.csv_load_100mb", "data.csv_load_10mb"});
                     }));
  rows.push_back(row("data_load_100mb_native", "Data loading 100 MB, native .qbt", "s",
                     Better::lower, 1.0, 3.0, 0.02, [results] {
                       return load_seconds(results,
                                           {"data.native_load_100mb", "data.native_load_10mb"});
                     }));
  rows.push_back(row("data_load_100mb_parquet", "Data loading 100 MB, Parquet (snappy)", "s",
                     Better::lower, 1.0, 3.0, 0.3, [results] {
                       return load_seconds(results,
                                           {"data.parquet_load_100mb", "data.parquet_load_10mb"});
                     }));
  rows.push_back(row("features_20_indicators", "Feature calculation, 20 indicators", "rows/s",
                     Better::higher, 1e6, 5e5, 5e6, [results] { return feature_rate(results); }));
  rows.push_back(row("optimize_1000_combinations", "Parameter optimization, 1000 combinations",
                     "s", Better::lower, 30 * 60.0, 60 * 60.0, 1.0,
                     [results] { return sweep_1000(results); }));
  rows.push_back(row("memory_typical", "Memory, typical run", "GB", Better::lower, 32.0, 64.0,
                     0.5, [results] { return memory_typical(results); }));
  rows.push_back(row("memory_peak", "Memory, peak run", "GB", Better::lower, 64.0, 96.0, 1.0,
                     [results] { return memory_peak(results); }));
  // Cache: milliseconds per operation (a put or a get of a 1M-row column); qbt's targets 2 ms
  // embedded and 10 ms over loopback Redis (issue 7).
  rows.push_back(row("cache_operations", "Cache operations, embedded (1M-row column)", "ms",
                     Better::lower, 10.0, 50.0, 2.0,
                     [results] { return per_operation_ms(results, "cache.operations"); }));
  rows.push_back(row("cache_operations_redis", "Cache operations, Redis on loopback (1M-row column)",
                     "ms", Better::lower, 10.0, 50.0, 10.0,
                     [results] { return per_operation_ms(results, "cache.redis_operations"); }));
  return rows;
}

std::string format_target_value(double value, std::string_view unit) {
  if (std::isnan(value)) {
    return "-";
  }
  if (unit == "s") {
    if (value >= 60.0) {
      return fmt::format("{:.3g} min", value / 60.0);
    }
    if (value >= 1.0) {
      return fmt::format("{:.3g} s", value);
    }
    if (value >= 1e-3) {
      return fmt::format("{:.3g} ms", value * 1e3);
    }
    return fmt::format("{:.3g} us", value * 1e6);
  }
  if (unit == "rows/s") {
    return scaled(value, "rows/s");
  }
  return fmt::format("{:.3g} {}", value, unit);
}

std::string format_threshold(double value, std::string_view unit, bool less_than) {
  if (std::isnan(value)) {
    return "-";
  }
  return fmt::format("{} {}", less_than ? "<" : ">", format_target_value(value, unit));
}

}  // namespace qbt::bench_suite
