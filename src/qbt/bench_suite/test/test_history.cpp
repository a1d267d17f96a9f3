#include "qbt/bench_suite/history.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "qbt/bench_suite/test/bench_fixtures.hpp"
#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::bench_suite {
namespace {

using test::test_run;
using testing::TempDir;

TEST(History, RoundTripsARunExactly) {
  const TempDir dir;
  const std::filesystem::path path = dir.path() / "nested" / "history.sqlite";
  RunRecord run = test_run();
  run.workloads[0].cpu_seconds = k_not_measured;  // NaN survives as NaN
  std::int64_t id = 0;
  {
    History history(path);
    id = history.append(run);
    EXPECT_GT(id, 0);
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  const History history(path, HistoryAccess::read);
  const std::optional<RunRecord> loaded = history.load(id);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->id, id);
  RunRecord expected = run;
  expected.id = id;
  EXPECT_EQ(to_json(*loaded), to_json(expected));
  EXPECT_TRUE(std::isnan(loaded->workloads[0].cpu_seconds));
  EXPECT_FALSE(history.load(id + 1).has_value());
}

TEST(History, LatestHonoursModeAndBefore) {
  const TempDir dir;
  History history(dir.path() / "h.sqlite");
  EXPECT_FALSE(history.latest().has_value());
  RunRecord quick = test_run();
  quick.mode = SuiteMode::quick;
  RunRecord full = test_run();
  full.mode = SuiteMode::full;
  const std::int64_t q1 = history.append(quick);
  const std::int64_t f1 = history.append(full);
  const std::int64_t q2 = history.append(quick);
  EXPECT_EQ(history.latest()->id, q2);
  EXPECT_EQ(history.latest(SuiteMode::full)->id, f1);
  EXPECT_EQ(history.latest(SuiteMode::quick, q2)->id, q1);
  EXPECT_FALSE(history.latest(SuiteMode::quick, q1).has_value());
  EXPECT_EQ(history.latest(std::nullopt, q2)->id, f1);

  const std::vector<RunSummary> runs = history.runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs.front().id, q1);  // oldest first
  EXPECT_EQ(runs.back().id, q2);
  EXPECT_EQ(runs[1].mode, SuiteMode::full);
  EXPECT_EQ(runs[1].hostname, "bench-host");
  ASSERT_EQ(history.runs(2).size(), 2u);
  EXPECT_EQ(history.runs(2).front().id, f1);
}

TEST(History, TrendOfOneWorkloadOnOneHostOldestFirst) {
  const TempDir dir;
  History history(dir.path() / "h.sqlite");
  for (const double scale : {1.0, 1.5, 0.5}) {
    history.append(test_run(scale));
  }
  RunRecord elsewhere = test_run(9.0);
  elsewhere.machine.hostname = "other-host";
  history.append(elsewhere);

  const WorkloadTrend trend = history.trend("backtest.vector.minute_525600", "bench-host", 0);
  EXPECT_EQ(trend.workload, "backtest.vector.minute_525600");
  EXPECT_EQ(trend.rate_unit, "bars/s");
  ASSERT_EQ(trend.points.size(), 3u);
  EXPECT_DOUBLE_EQ(trend.points[0].median_seconds, 0.004);
  EXPECT_DOUBLE_EQ(trend.points[1].median_seconds, 0.006);
  EXPECT_DOUBLE_EQ(trend.points[2].median_seconds, 0.002);
  EXPECT_EQ(trend.points[0].git_commit, test::test_machine().git_commit);
  EXPECT_EQ(trend.points[2].peak_rss_bytes, 50'000'000);

  const WorkloadTrend last_two = history.trend("backtest.vector.minute_525600", "bench-host", 2);
  ASSERT_EQ(last_two.points.size(), 2u);
  EXPECT_DOUBLE_EQ(last_two.points[1].median_seconds, 0.002);
  // Pending results are not part of a trend.
  EXPECT_TRUE(history.trend("cache.operations", "bench-host", 0).points.empty());
}

TEST(History, ReadAccessNeedsAnExistingDatabase) {
  const TempDir dir;
  EXPECT_THROW((void)History(dir.path() / "missing.sqlite", HistoryAccess::read), IoError);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing.sqlite"));
}

TEST(History, RejectsAFileThatIsNotAHistory) {
  const TempDir dir;
  const std::string path = dir.write("not.sqlite", "this is not a database, just some text\n");
  EXPECT_THROW((void)History(path, HistoryAccess::read), DataError);
  EXPECT_THROW((void)History(path, HistoryAccess::read_write), DataError);
}

TEST(History, DefaultPathIsInTheUserCache) {
  const char* saved_xdg = std::getenv("XDG_CACHE_HOME");
  const std::string xdg = saved_xdg != nullptr ? saved_xdg : "";
  ::setenv("XDG_CACHE_HOME", "/var/cache/someone", 1);
  EXPECT_EQ(default_history_path(), "/var/cache/someone/qbt/bench_history.sqlite");
  ::unsetenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') {
    EXPECT_EQ(default_history_path(),
              std::filesystem::path(home) / ".cache" / "qbt" / "bench_history.sqlite");
  }
  if (saved_xdg != nullptr) {
    ::setenv("XDG_CACHE_HOME", xdg.c_str(), 1);
  }
}

}  // namespace
}  // namespace qbt::bench_suite
