#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/monitor/performance_monitor.hpp"

namespace qbt::monitor {
namespace {

using std::chrono::seconds;

constexpr std::uint64_t k_mib = 1024 * 1024;

const ProcessCounters k_before{1.0, 0.5, 100 * k_mib, 100 * k_mib};
const ProcessCounters k_after{4.0, 1.0, 150 * k_mib, 300 * k_mib};

/// A monitor whose clock reads 0 s, 2 s, 4 s, ... and whose probe returns `readings` in turn.
PerformanceMonitor scripted_monitor(std::vector<ProcessCounters> readings = {k_before, k_after}) {
  auto clock_reads = std::make_shared<std::int64_t>(0);
  auto probe_reads = std::make_shared<std::size_t>(0);
  return PerformanceMonitor(
      PerformanceMonitor::Options{false},
      [clock_reads] {
        return std::chrono::steady_clock::time_point(seconds(2 * (*clock_reads)++));
      },
      [probe_reads, readings = std::move(readings)] { return readings.at((*probe_reads)++); });
}

TEST(PerformanceMonitor, ReportsTimesMemoryAndThroughput) {
  PerformanceMonitor monitor = scripted_monitor();
  monitor.start("sweep");
  EXPECT_TRUE(monitor.running());
  const RunReport report = monitor.stop(Work{1'000'000, 10});
  EXPECT_FALSE(monitor.running());
  EXPECT_EQ(report.name, "sweep");
  EXPECT_DOUBLE_EQ(report.wall_seconds, 2.0);
  EXPECT_DOUBLE_EQ(report.user_cpu_seconds, 3.0);
  EXPECT_DOUBLE_EQ(report.system_cpu_seconds, 0.5);
  EXPECT_DOUBLE_EQ(report.cpu_percent, 175.0);
  EXPECT_EQ(report.rss_start_bytes, 100 * k_mib);
  EXPECT_EQ(report.rss_end_bytes, 150 * k_mib);
  EXPECT_EQ(report.rss_delta_bytes, static_cast<std::int64_t>(50 * k_mib));
  EXPECT_EQ(report.peak_rss_bytes, 300 * k_mib);
  EXPECT_FALSE(report.peak_is_run_peak);
  EXPECT_DOUBLE_EQ(report.bars_per_second, 500'000.0);
  EXPECT_DOUBLE_EQ(report.combinations_per_second, 5.0);
}

TEST(PerformanceMonitor, MonitorBacktestTakesWorkFromTheRun) {
  PerformanceMonitor monitor = scripted_monitor();
  bool ran = false;
  const RunReport report = monitor.monitor_backtest([&] {
    ran = true;
    return Work{4'000, 0};
  });
  EXPECT_TRUE(ran);
  EXPECT_EQ(report.work.bars, 4'000);
  EXPECT_DOUBLE_EQ(report.bars_per_second, 2'000.0);
  EXPECT_DOUBLE_EQ(report.combinations_per_second, 0.0);
}

TEST(PerformanceMonitor, MonitorBacktestWithVoidRunUsesGivenWork) {
  PerformanceMonitor monitor = scripted_monitor();
  const RunReport report = monitor.monitor_backtest([] {}, Work{0, 100}, "grid");
  EXPECT_EQ(report.name, "grid");
  EXPECT_DOUBLE_EQ(report.combinations_per_second, 50.0);
}

TEST(PerformanceMonitor, ExceptionFromTheRunPropagatesAndEndsTheMeasurement) {
  PerformanceMonitor monitor = scripted_monitor({k_before, k_before, k_after});
  EXPECT_THROW(monitor.monitor_backtest([] { throw std::runtime_error("boom"); }),
               std::runtime_error);
  EXPECT_FALSE(monitor.running());
  monitor.start();  // usable again
  EXPECT_TRUE(monitor.running());
}

TEST(PerformanceMonitor, MisuseIsUserInputError) {
  PerformanceMonitor monitor;
  try {
    static_cast<void>(monitor.stop());
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& e) {
    EXPECT_STREQ(e.what(), "performance monitor stopped without being started");
  }
  monitor.start("first");
  try {
    monitor.start("second");
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& e) {
    EXPECT_STREQ(e.what(), "performance monitor is already measuring run 'first'");
  }
}

TEST(PerformanceMonitor, JsonNamesEveryField) {
  PerformanceMonitor monitor = scripted_monitor();
  monitor.start("run");
  const auto json = to_json(monitor.stop(Work{1'000'000, 10}));
  std::vector<std::string> keys;
  for (auto it = json.begin(); it != json.end(); ++it) {
    keys.push_back(it.key());
  }
  EXPECT_EQ(keys,
            (std::vector<std::string>{"name", "wall_s", "user_cpu_s", "system_cpu_s", "cpu_percent",
                                      "rss_start_bytes", "rss_end_bytes", "rss_delta_bytes",
                                      "peak_rss_bytes", "peak_rss_scope", "bars", "bars_per_s",
                                      "combinations", "combinations_per_s"}));
  EXPECT_EQ(json["peak_rss_scope"], "process");
  EXPECT_EQ(json["bars_per_s"], 500'000.0);
  EXPECT_EQ(json["rss_delta_bytes"], 50 * k_mib);
}

TEST(PerformanceMonitor, RealRunPeakIsTheRunsOwn) {
  // Raise the process's peak, release the memory, then measure a run that touches 16 MB: with
  // the peak reset at start() the report's peak reflects the run, not the earlier 64 MB.
  {
    const std::unique_ptr<char[]> earlier(new char[64 * k_mib]);
    std::memset(earlier.get(), 1, 64 * k_mib);
    EXPECT_EQ(static_cast<volatile char*>(earlier.get())[k_mib], 1);
  }
  PerformanceMonitor monitor;
  const RunReport report = monitor.monitor_backtest([] {
    const std::unique_ptr<char[]> block(new char[16 * k_mib]);
    std::memset(block.get(), 2, 16 * k_mib);
    EXPECT_EQ(static_cast<volatile char*>(block.get())[k_mib], 2);
  });
  EXPECT_GE(report.peak_rss_bytes, report.rss_start_bytes + 14 * k_mib);
  EXPECT_GE(report.wall_seconds, 0.0);
  EXPECT_GE(report.user_cpu_seconds, 0.0);
  if (!report.peak_is_run_peak) {
    GTEST_SKIP() << "this kernel does not allow resetting the peak RSS";
  }
  EXPECT_LT(report.peak_rss_bytes, report.rss_start_bytes + 48 * k_mib);
}

}  // namespace
}  // namespace qbt::monitor
