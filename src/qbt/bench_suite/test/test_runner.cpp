#include "qbt/bench_suite/runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/bench_suite/checksum.hpp"
#include "qbt/bench_suite/suite.hpp"
#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::bench_suite {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

/// A workload whose body counts its runs and allocates and touches `bytes` each time.
Workload toy(std::string name, std::shared_ptr<int> runs, std::size_t bytes = 0) {
  Workload w;
  w.name = std::move(name);
  w.description = "toy";
  w.item_unit = "items";
  w.rate_unit = "items/s";
  w.rate_scale = 1.0;
  w.repetitions = 3;
  w.warmups = 2;
  w.inner_loops = 2;
  w.prepare = [runs, bytes](const WorkloadContext&) {
    Body body;
    body.run = [runs, bytes] {
      ++*runs;
      if (bytes > 0) {
        auto* memory = static_cast<volatile char*>(std::malloc(bytes));
        for (std::size_t i = 0; i < bytes; i += 4096) {
          memory[i] = 1;
        }
        std::free(const_cast<char*>(memory));
      }
      return 10.0;
    };
    body.finish = [] {
      Checksum checksum;
      checksum.add(std::int64_t{42});
      return checksum.hex();
    };
    return body;
  };
  return w;
}

TEST(MeasureWorkload, RunsWarmupsAndRepetitionsAndReportsTheMedian) {
  auto runs = std::make_shared<int>(0);
  const WorkloadResult result = measure_workload(toy("toy.count", runs), WorkloadContext{});
  EXPECT_EQ(result.status, WorkloadStatus::ok) << result.note;
  EXPECT_EQ(*runs, (2 + 3) * 2);  // (warm-ups + repetitions) x inner loops
  ASSERT_EQ(result.seconds.size(), 3u);
  EXPECT_DOUBLE_EQ(result.items, 10.0);
  EXPECT_DOUBLE_EQ(result.median_seconds, median(result.seconds));
  EXPECT_LE(result.min_seconds, result.median_seconds);
  EXPECT_DOUBLE_EQ(result.rate, 10.0 / result.median_seconds);
  EXPECT_TRUE(result.checksum_stable);
  EXPECT_THAT(result.checksum, StartsWith("xxh3:"));
  EXPECT_EQ(result.checksum.size(), 5u + 16u);
  EXPECT_GT(result.peak_rss_bytes, 0);
  EXPECT_GT(result.rss_after_setup_bytes, 0);
  EXPECT_EQ(result.repetitions, 3);
  EXPECT_EQ(result.warmups, 2);
  EXPECT_EQ(result.inner_loops, 2);
}

TEST(MeasureWorkload, AChangingChecksumFailsTheWorkload) {
  Workload w = toy("toy.unstable", std::make_shared<int>(0));
  w.prepare = [](const WorkloadContext&) {
    auto count = std::make_shared<std::int64_t>(0);
    return Body{[] { return 1.0; },
                [count] {
                  Checksum checksum;
                  checksum.add(++*count);
                  return checksum.hex();
                }};
  };
  const WorkloadResult result = measure_workload(w, WorkloadContext{});
  EXPECT_EQ(result.status, WorkloadStatus::failed);
  EXPECT_FALSE(result.checksum_stable);
  EXPECT_THAT(result.note, HasSubstr("non-deterministic"));
}

TEST(MeasureWorkload, ExceptionsFailTheWorkloadWithTheirMessage) {
  Workload setup = toy("toy.setup", std::make_shared<int>(0));
  setup.prepare = [](const WorkloadContext&) -> Body { throw UserInputError("no data here"); };
  const WorkloadResult a = measure_workload(setup, WorkloadContext{});
  EXPECT_EQ(a.status, WorkloadStatus::failed);
  EXPECT_EQ(a.note, "no data here");

  Workload body = toy("toy.body", std::make_shared<int>(0));
  body.prepare = [](const WorkloadContext&) {
    return Body{[]() -> double { throw std::runtime_error("engine broke"); },
                [] { return std::string(); }};
  };
  const WorkloadResult b = measure_workload(body, WorkloadContext{});
  EXPECT_EQ(b.status, WorkloadStatus::failed);
  EXPECT_EQ(b.note, "engine broke");
}

TEST(MeasureWorkload, PendingRunsNothing) {
  Workload w = toy("cache.operations", std::make_shared<int>(0));
  w.prepare = [](const WorkloadContext&) -> Body { throw std::logic_error("must not run"); };
  w.pending = "qbt has no cache yet";
  const WorkloadResult result = measure_workload(w, WorkloadContext{});
  EXPECT_EQ(result.status, WorkloadStatus::pending);
  EXPECT_EQ(result.note, "qbt has no cache yet");
  EXPECT_TRUE(result.seconds.empty());
}

TEST(RunWorkload, RunsInAChildWithItsOwnPeakMemoryAndScratchDirectory) {
  const testing::TempDir root;
  auto runs = std::make_shared<int>(0);
  constexpr std::size_t k_big = std::size_t{48} << 20;
  Workload big = toy("toy.big", runs, k_big);
  big.repetitions = 1;
  big.warmups = 0;
  big.inner_loops = 1;
  big.prepare = [inner = big.prepare](const WorkloadContext& context) {
    std::ofstream(context.scratch_dir / "marker") << "x";
    if (!std::filesystem::exists(context.scratch_dir / "marker")) {
      throw IoError("scratch directory not writable");
    }
    return inner(context);
  };
  const WorkloadResult large = run_workload(big, SuiteMode::quick, root.path());
  ASSERT_EQ(large.status, WorkloadStatus::ok) << large.note;
  EXPECT_EQ(*runs, 0);  // the body ran in the child, not here
  EXPECT_GE(large.peak_rss_bytes, static_cast<std::int64_t>(k_big));
  EXPECT_LT(large.rss_after_setup_bytes, static_cast<std::int64_t>(k_big));

  // A fresh child: the earlier workload's peak does not carry over.
  const WorkloadResult small =
      run_workload(toy("toy.small", runs), SuiteMode::quick, root.path());
  ASSERT_EQ(small.status, WorkloadStatus::ok) << small.note;
  EXPECT_LT(small.peak_rss_bytes, static_cast<std::int64_t>(k_big));
  EXPECT_TRUE(std::filesystem::is_empty(root.path()));  // scratch directories removed
}

TEST(RunWorkload, AChildThatDiesIsAFailedResult) {
  const testing::TempDir root;
  Workload crash = toy("toy.crash", std::make_shared<int>(0));
  crash.prepare = [](const WorkloadContext&) {
    return Body{[]() -> double { std::abort(); }, [] { return std::string(); }};
  };
  const WorkloadResult killed = run_workload(crash, SuiteMode::quick, root.path());
  EXPECT_EQ(killed.status, WorkloadStatus::failed);
  EXPECT_THAT(killed.note, HasSubstr("killed by signal 6"));

  Workload quits = toy("toy.exit", std::make_shared<int>(0));
  quits.prepare = [](const WorkloadContext&) {
    return Body{[]() -> double { ::_exit(5); }, [] { return std::string(); }};
  };
  const WorkloadResult exited = run_workload(quits, SuiteMode::quick, root.path());
  EXPECT_EQ(exited.status, WorkloadStatus::failed);
  EXPECT_THAT(exited.note, HasSubstr("exited with code 5"));
  EXPECT_TRUE(std::filesystem::is_empty(root.path()));
}

TEST(SelectWorkloads, FiltersByRegularExpression) {
  const std::vector<Workload> all = standard_workloads(SuiteMode::quick);
  EXPECT_EQ(select_workloads(all, "").size(), all.size());
  const std::vector<Workload> backtests = select_workloads(all, "^backtest\\.vector\\.");
  ASSERT_EQ(backtests.size(), 3u);
  EXPECT_EQ(backtests[0].name, "backtest.vector.minute_98280");
  EXPECT_EQ(select_workloads(all, "daily").size(), 2u);
  EXPECT_THROW((void)select_workloads(all, "("), UserInputError);
  try {
    (void)select_workloads(all, "^nothing$");
    FAIL() << "no error";
  } catch (const UserInputError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("matches no workload"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("optimize.sma_cross_1000"));
  }
}

TEST(StandardWorkloads, NamesAreUniqueAndSizesNameTheQuickVariants) {
  for (const SuiteMode mode : {SuiteMode::full, SuiteMode::quick}) {
    std::vector<std::string> names;
    for (const Workload& w : standard_workloads(mode)) {
      EXPECT_FALSE(w.description.empty()) << w.name;
      EXPECT_TRUE(w.pending.empty() == static_cast<bool>(w.prepare)) << w.name;
      names.push_back(w.name);
    }
    std::sort(names.begin(), names.end());
    EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  }
  const auto has = [](SuiteMode mode, const std::string& name) {
    for (const Workload& w : standard_workloads(mode)) {
      if (w.name == name) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has(SuiteMode::full, "data.csv_load_100mb"));
  EXPECT_TRUE(has(SuiteMode::quick, "data.csv_load_10mb"));
  EXPECT_FALSE(has(SuiteMode::quick, "data.csv_load_100mb"));
  EXPECT_TRUE(has(SuiteMode::full, "backtest.event.minute_525600"));
  EXPECT_TRUE(has(SuiteMode::quick, "backtest.event.minute_525600"));
}

TEST(RunSuite, AssemblesTheRunWithCallbacksAndTargets) {
  const testing::TempDir root;
  Workload pending = toy("cache.operations", std::make_shared<int>(0));
  pending.pending = "qbt has no cache yet";
  const std::vector<Workload> workloads{toy("toy.one", std::make_shared<int>(0)), pending};
  std::vector<std::string> events;
  SuiteOptions options;
  options.mode = SuiteMode::quick;
  options.filter = "toy|cache";
  options.scratch_root = root.path();
  options.on_start = [&events](const Workload& w, std::size_t i, std::size_t n) {
    events.push_back(fmt::format("start {} {}/{}", w.name, i, n));
  };
  options.on_done = [&events](const WorkloadResult& r, std::size_t i, std::size_t n) {
    events.push_back(fmt::format("done {} {}/{} {}", r.name, i, n, to_string(r.status)));
  };
  const RunRecord run = run_suite(workloads, options);
  EXPECT_EQ(events, (std::vector<std::string>{"start toy.one 0/2", "done toy.one 0/2 ok",
                                              "start cache.operations 1/2",
                                              "done cache.operations 1/2 pending"}));
  EXPECT_EQ(run.mode, SuiteMode::quick);
  EXPECT_EQ(run.filter, "toy|cache");
  EXPECT_EQ(run.timestamp.size(), 20u);  // 2025-01-02T03:04:05Z
  EXPECT_EQ(run.timestamp.back(), 'Z');
  EXPECT_GT(run.machine.logical_cpus, 0);
  EXPECT_FALSE(run.machine.compiler.empty());
  ASSERT_EQ(run.workloads.size(), 2u);
  EXPECT_EQ(run.targets.size(), evaluate_targets({}).size());
}

}  // namespace
}  // namespace qbt::bench_suite
