#include "qbt/bench_suite/compare.hpp"

#include <cmath>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/bench_suite/test/bench_fixtures.hpp"
#include "qbt/core/error.hpp"

namespace qbt::bench_suite {
namespace {

using ::testing::HasSubstr;
using test::ok_result;
using test::test_run;

const MetricComparison& row(const Comparison& comparison, const std::string& metric) {
  for (const MetricComparison& r : comparison.rows) {
    if (r.metric == metric) {
      return r;
    }
  }
  throw std::runtime_error("no row " + metric);
}

TEST(Compare, SyntheticTwoTimesRegressionIsAnAlert) {
  const RunRecord baseline = test_run(1.0);
  const RunRecord current = test_run(2.0);
  const Comparison comparison = compare_runs(baseline, current);
  const MetricComparison& backtest = row(comparison, "backtest.vector.minute_525600.time");
  EXPECT_DOUBLE_EQ(backtest.ratio, 2.0);
  EXPECT_DOUBLE_EQ(backtest.slowdown, 2.0);
  EXPECT_EQ(backtest.verdict, Verdict::alert);
  EXPECT_EQ(row(comparison, "optimize.sma_cross_1000.time").verdict, Verdict::alert);
  EXPECT_TRUE(comparison.has_alert());
  EXPECT_EQ(comparison.alerts, 2u);
  EXPECT_EQ(comparison.regressions, 2u);
}

TEST(Compare, FivePercentSlowerIsNotFlaggedAtTenPercent) {
  const Comparison comparison = compare_runs(test_run(1.0), test_run(1.05));
  for (const MetricComparison& r : comparison.rows) {
    EXPECT_TRUE(r.verdict == Verdict::ok || r.verdict == Verdict::info) << r.metric;
  }
  EXPECT_FALSE(comparison.has_alert());
  EXPECT_EQ(comparison.regressions, 0u);
}

TEST(Compare, FiftyPercentSlowerIsARegressionButNoAlert) {
  const Comparison comparison = compare_runs(test_run(1.0), test_run(1.5));
  EXPECT_EQ(row(comparison, "backtest.vector.minute_525600.time").verdict, Verdict::regression);
  EXPECT_FALSE(comparison.has_alert());
  EXPECT_EQ(comparison.regressions, 2u);
}

TEST(Compare, FasterBeyondTheThresholdIsAnImprovement) {
  const Comparison comparison = compare_runs(test_run(1.0), test_run(0.5));
  EXPECT_EQ(row(comparison, "backtest.vector.minute_525600.time").verdict, Verdict::improved);
  EXPECT_EQ(comparison.improvements, 2u);
  EXPECT_EQ(comparison.regressions, 0u);
}

TEST(Compare, MachineBaselinesAreInformationalOnly) {
  const Comparison comparison = compare_runs(test_run(1.0), test_run(3.0));
  const MetricComparison& memory = row(comparison, "machine.memory_read.time");
  EXPECT_EQ(memory.verdict, Verdict::info);
  EXPECT_DOUBLE_EQ(memory.ratio, 3.0);
  EXPECT_EQ(comparison.alerts, 2u);  // the backtest and the sweep, not the baseline
}

TEST(Compare, ThresholdIsConfigurable) {
  CompareOptions options;
  options.threshold = 0.02;
  const Comparison comparison = compare_runs(test_run(1.0), test_run(1.05), options);
  EXPECT_EQ(row(comparison, "backtest.vector.minute_525600.time").verdict, Verdict::regression);
}

TEST(Compare, SmallMemoryChangesAreNoise) {
  RunRecord baseline = test_run();
  RunRecord current = test_run();
  current.workloads[0].peak_rss_bytes = baseline.workloads[0].peak_rss_bytes * 3 / 2;  // +25 MB
  current.workloads[1].peak_rss_bytes = baseline.workloads[1].peak_rss_bytes + (8 << 20);
  const Comparison comparison = compare_runs(baseline, current);
  EXPECT_EQ(row(comparison, "backtest.vector.minute_525600.peak_rss").verdict,
            Verdict::regression);
  EXPECT_EQ(row(comparison, "optimize.sma_cross_1000.peak_rss").verdict, Verdict::ok);
}

TEST(Compare, NewAndMissingMetricsAreListedNotJudged) {
  RunRecord baseline = test_run();
  RunRecord current = test_run();
  baseline.workloads.push_back(ok_result("data.csv_load_100mb", 0.1));
  current.workloads.push_back(ok_result("data.csv_load_10mb", 0.01));
  const Comparison comparison = compare_runs(baseline, current);
  EXPECT_EQ(row(comparison, "data.csv_load_10mb.time").verdict, Verdict::added);
  EXPECT_EQ(row(comparison, "data.csv_load_100mb.time").verdict, Verdict::missing);
  EXPECT_TRUE(std::isnan(row(comparison, "data.csv_load_10mb.time").ratio));
  EXPECT_EQ(comparison.regressions, 0u);
}

TEST(Compare, WarnsAboutOtherMachinesChangedChecksumsAndBusyRuns) {
  RunRecord baseline = test_run();
  RunRecord current = test_run();
  current.machine.cpu_model = "Other CPU";
  current.mode = SuiteMode::full;
  current.workloads[0].checksum = "xxh3:fedcba9876543210";
  current.load_start = 7.5;
  const Comparison comparison = compare_runs(baseline, current);
  const std::string text = format_comparison(comparison, CompareOptions{});
  EXPECT_THAT(text, HasSubstr("CPU differs: Test CPU vs Other CPU"));
  EXPECT_THAT(text, HasSubstr("baseline is a quick run, current a full run"));
  EXPECT_THAT(text, HasSubstr("backtest.vector.minute_525600: checksum changed"));
  EXPECT_THAT(text, HasSubstr("busy during the current run"));
}

TEST(Compare, FormatShowsRatioChangeAndSummary) {
  const Comparison comparison = compare_runs(test_run(1.0), test_run(2.0));
  const std::string text = format_comparison(comparison, CompareOptions{});
  EXPECT_THAT(text, HasSubstr("2.000x"));
  EXPECT_THAT(text, HasSubstr("+100.0%"));
  EXPECT_THAT(text, HasSubstr("ALERT"));
  EXPECT_THAT(text, HasSubstr("2 regressions (worse by > 10%), 2 alerts (>= 2x)"));
}

TEST(Compare, SlowdownDependsOnDirection) {
  EXPECT_DOUBLE_EQ(slowdown(Better::lower, 1.0, 2.0), 2.0);
  EXPECT_DOUBLE_EQ(slowdown(Better::higher, 2.0, 1.0), 2.0);
  EXPECT_TRUE(std::isnan(slowdown(Better::lower, 0.0, 1.0)));
  EXPECT_TRUE(std::isnan(slowdown(Better::lower, 1.0, std::nan(""))));
}

TEST(Compare, ClassifyBoundaries) {
  const CompareOptions options;  // 10 %, 2x
  EXPECT_EQ(classify(1.10, options), Verdict::ok);
  EXPECT_EQ(classify(1.1001, options), Verdict::regression);
  EXPECT_EQ(classify(1.999, options), Verdict::regression);
  EXPECT_EQ(classify(2.0, options), Verdict::alert);
  EXPECT_EQ(classify(0.95, options), Verdict::ok);
  EXPECT_EQ(classify(0.90, options), Verdict::improved);
  EXPECT_EQ(classify(std::nan(""), options), Verdict::ok);
}

TEST(Compare, ParseThreshold) {
  EXPECT_DOUBLE_EQ(parse_threshold("10%"), 0.10);
  EXPECT_DOUBLE_EQ(parse_threshold("10"), 0.10);
  EXPECT_DOUBLE_EQ(parse_threshold("2.5%"), 0.025);
  for (const char* bad : {"", "%", "abc", "-5%", "0", "10%%", "1e9"}) {
    EXPECT_THROW((void)parse_threshold(bad), UserInputError) << bad;
  }
}

}  // namespace
}  // namespace qbt::bench_suite
