#include "qbt/bench_suite/targets.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/bench_suite/test/bench_fixtures.hpp"

namespace qbt::bench_suite {
namespace {

using test::ok_result;

constexpr double k_none = k_not_measured;

const TargetRow& target(const std::vector<TargetRow>& rows, const std::string& key) {
  for (const TargetRow& row : rows) {
    if (row.key == key) {
      return row;
    }
  }
  throw std::runtime_error("no target " + key);
}

TEST(TargetStatus, LowerIsBetter) {
  // seed < 5, critical > 10, qbt < 1
  EXPECT_EQ(target_status(Better::lower, 0.5, 5.0, 10.0, 1.0), TargetStatus::pass);
  EXPECT_EQ(target_status(Better::lower, 1.0, 5.0, 10.0, 1.0), TargetStatus::warn);  // strict
  EXPECT_EQ(target_status(Better::lower, 3.0, 5.0, 10.0, 1.0), TargetStatus::warn);
  EXPECT_EQ(target_status(Better::lower, 5.0, 5.0, 10.0, 1.0), TargetStatus::warn);
  EXPECT_EQ(target_status(Better::lower, 10.0, 5.0, 10.0, 1.0), TargetStatus::warn);
  EXPECT_EQ(target_status(Better::lower, 10.5, 5.0, 10.0, 1.0), TargetStatus::fail);
}

TEST(TargetStatus, HigherIsBetter) {
  // seed > 1M, critical < 500K, qbt > 5M
  EXPECT_EQ(target_status(Better::higher, 6e6, 1e6, 5e5, 5e6), TargetStatus::pass);
  EXPECT_EQ(target_status(Better::higher, 2e6, 1e6, 5e5, 5e6), TargetStatus::warn);
  EXPECT_EQ(target_status(Better::higher, 1e6, 1e6, 5e5, 5e6), TargetStatus::warn);
  EXPECT_EQ(target_status(Better::higher, 5e5, 1e6, 5e5, 5e6), TargetStatus::warn);
  EXPECT_EQ(target_status(Better::higher, 4e5, 1e6, 5e5, 5e6), TargetStatus::fail);
}

TEST(TargetStatus, MissingThresholdsAreIgnoredAndNaNIsNotRun) {
  EXPECT_EQ(target_status(Better::lower, 3.0, 5.0, 10.0, k_none), TargetStatus::pass);
  EXPECT_EQ(target_status(Better::lower, 30.0, k_none, k_none, k_none), TargetStatus::pass);
  EXPECT_EQ(target_status(Better::lower, k_none, 5.0, 10.0, 1.0), TargetStatus::not_run);
}

TEST(EvaluateTargets, ReadsBacktestSecondsDirectly) {
  const std::vector<WorkloadResult> results{ok_result("backtest.vector.minute_525600", 0.004)};
  const auto rows = evaluate_targets(results);
  const TargetRow& row = target(rows, "backtest_minute_1y_vector_525600");
  EXPECT_DOUBLE_EQ(row.measured, 0.004);
  EXPECT_EQ(row.status, TargetStatus::pass);  // < 5 s and < 5 ms
  EXPECT_EQ(target(rows, "backtest_minute_1y_event_525600").status, TargetStatus::not_run);
}

TEST(EvaluateTargets, ScalesLoadingToOneHundredMegabytes) {
  const std::vector<WorkloadResult> results{
      ok_result("data.csv_load_10mb", 0.05, 10e6),     // 0.5 s per 100 MB
      ok_result("data.native_load_100mb", 0.004, 100e6)};
  const auto rows = evaluate_targets(results);
  const TargetRow& csv = target(rows, "data_load_100mb_csv");
  EXPECT_DOUBLE_EQ(csv.measured, 0.5);
  EXPECT_EQ(csv.note, "scaled from a 10 MB file");
  EXPECT_EQ(csv.status, TargetStatus::warn);  // meets the seed's 1 s, misses qbt's 0.25 s
  const TargetRow& native = target(rows, "data_load_100mb_native");
  EXPECT_DOUBLE_EQ(native.measured, 0.004);
  EXPECT_TRUE(native.note.empty());
  EXPECT_EQ(native.status, TargetStatus::pass);
}

TEST(EvaluateTargets, FeatureRateIsRowsPerSecond) {
  const std::vector<WorkloadResult> results{ok_result("features.matrix_20_1000000", 0.25, 1e6)};
  const auto rows = evaluate_targets(results);
  const TargetRow& row = target(rows, "features_20_indicators");
  EXPECT_DOUBLE_EQ(row.measured, 4e6);
  EXPECT_EQ(row.status, TargetStatus::warn);  // > 1M (seed) but < 5M (qbt)
}

TEST(EvaluateTargets, ExtrapolatesOneThousandCombinationsFromOneHundred) {
  const std::vector<WorkloadResult> results{ok_result("optimize.sma_cross_100", 0.2, 100)};
  const auto rows = evaluate_targets(results);
  const TargetRow& row = target(rows, "optimize_1000_combinations");
  EXPECT_DOUBLE_EQ(row.measured, 2.0);
  EXPECT_EQ(row.note, "extrapolated from 100 combinations");
  EXPECT_EQ(row.status, TargetStatus::warn);  // < 30 min but > 1 s
}

TEST(EvaluateTargets, MemoryTypicalIsTheMedianAndPeakTheMaximumWithoutMachineBaselines) {
  const std::vector<WorkloadResult> results{
      ok_result("backtest.vector.minute_98280", 0.001, 98'280, 100'000'000),
      ok_result("backtest.event.minute_98280", 0.001, 98'280, 200'000'000),
      ok_result("optimize.sma_cross_1000", 1.0, 1000, 2'000'000'000),
      ok_result("machine.memory_read", 0.05, 512e6, 9'000'000'000)};
  const auto rows = evaluate_targets(results);
  const TargetRow& typical = target(rows, "memory_typical");
  EXPECT_DOUBLE_EQ(typical.measured, 0.2);
  EXPECT_EQ(typical.status, TargetStatus::pass);
  const TargetRow& peak = target(rows, "memory_peak");
  EXPECT_DOUBLE_EQ(peak.measured, 2.0);
  EXPECT_EQ(peak.note, "optimize.sma_cross_1000");
  EXPECT_EQ(peak.status, TargetStatus::warn);  // < 64 GB but > qbt's 1 GB
}

TEST(EvaluateTargets, PendingAndFailedWorkloads) {
  WorkloadResult cache;
  cache.name = "cache.operations";
  cache.status = WorkloadStatus::pending;
  cache.note = "qbt has no cache yet";
  WorkloadResult csv = ok_result("data.csv_load_100mb", 0.1, 100e6);
  csv.status = WorkloadStatus::failed;
  csv.note = "disk full";
  const auto rows = evaluate_targets(std::vector<WorkloadResult>{cache, csv});
  EXPECT_EQ(target(rows, "cache_operations").status, TargetStatus::pending);
  EXPECT_EQ(target(rows, "cache_operations").note, "qbt has no cache yet");
  EXPECT_EQ(target(rows, "data_load_100mb_csv").status, TargetStatus::not_run);
  EXPECT_EQ(target(rows, "data_load_100mb_csv").note, "workload failed: disk full");
}

TEST(EvaluateTargets, CarriesTheSeedTargetsOfTheIssue) {
  const auto rows = evaluate_targets({});
  const auto expect = [&rows](const char* key, double seed, double critical) {
    const TargetRow& row = target(rows, key);
    EXPECT_DOUBLE_EQ(row.seed_target, seed) << key;
    EXPECT_DOUBLE_EQ(row.critical, critical) << key;
  };
  expect("backtest_minute_1y_vector_525600", 5.0, 10.0);
  expect("data_load_100mb_csv", 1.0, 3.0);
  expect("features_20_indicators", 1e6, 5e5);
  expect("optimize_1000_combinations", 1800.0, 3600.0);
  expect("memory_typical", 32.0, 64.0);
  expect("memory_peak", 64.0, 96.0);
  expect("cache_operations", 10.0, 50.0);
}

TEST(TargetFormatting, ThresholdsAndValues) {
  EXPECT_EQ(format_threshold(5.0, "s", true), "< 5 s");
  EXPECT_EQ(format_threshold(0.005, "s", true), "< 5 ms");
  EXPECT_EQ(format_threshold(30 * 60.0, "s", true), "< 30 min");
  EXPECT_EQ(format_threshold(1e6, "rows/s", false), "> 1 M rows/s");
  EXPECT_EQ(format_threshold(k_none, "s", true), "-");
  EXPECT_EQ(format_target_value(0.25, "GB"), "0.25 GB");
  EXPECT_EQ(format_target_value(k_none, "GB"), "-");
}

}  // namespace
}  // namespace qbt::bench_suite
