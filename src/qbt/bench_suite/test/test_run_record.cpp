#include "qbt/bench_suite/run_record.hpp"

#include <cmath>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/bench_suite/test/bench_fixtures.hpp"
#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::bench_suite {
namespace {

using ::testing::HasSubstr;
using test::test_run;

TEST(RunRecord, JsonRoundTrip) {
  RunRecord run = test_run();
  run.filter = "^backtest";
  run.workloads[0].peak_includes_setup = true;
  run.workloads[1].checksum_stable = false;
  const std::string text = to_json(run);
  const RunRecord back = parse_run_record(text, "test.json");
  EXPECT_EQ(to_json(back), text);
  EXPECT_EQ(back.mode, SuiteMode::quick);
  EXPECT_EQ(back.filter, "^backtest");
  ASSERT_EQ(back.workloads.size(), run.workloads.size());
  EXPECT_EQ(back.workloads[3].status, WorkloadStatus::pending);
  EXPECT_TRUE(std::isnan(back.workloads[3].median_seconds));
  EXPECT_EQ(back.targets.size(), run.targets.size());
  EXPECT_EQ(back.machine.git_commit, run.machine.git_commit);
}

TEST(RunRecord, NaNIsWrittenAsNull) {
  const nlohmann::json json = nlohmann::json::parse(to_json(test_run()));
  EXPECT_EQ(json["schema"], "qbt-bench/1");
  EXPECT_TRUE(json["workloads"][3]["median_seconds"].is_null());
  EXPECT_EQ(json["workloads"][0]["name"], "backtest.vector.minute_525600");
}

TEST(RunRecord, FileRoundTrip) {
  const testing::TempDir dir;
  const RunRecord run = test_run();
  write_run_record(run, dir.file("run.json"));
  EXPECT_EQ(to_json(read_run_record(dir.file("run.json"))), to_json(run));
  EXPECT_THROW((void)read_run_record(dir.file("missing.json")), IoError);
}

TEST(RunRecord, RejectsOtherSchemasAndBadFields) {
  nlohmann::json json = nlohmann::json::parse(to_json(test_run()));
  json["schema"] = "qbt-bench/99";
  try {
    (void)parse_run_record(json.dump(), "old.json");
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("schema 'qbt-bench/99'"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("old.json"));
  }
  json["schema"] = "qbt-bench/1";
  json["workloads"][1]["median_seconds"] = "fast";
  try {
    (void)parse_run_record(json.dump(), "bad.json");
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr("'workloads[1].median_seconds' must be"));
  }
  EXPECT_THROW((void)parse_run_record("{not json", "x.json"), DataError);
  EXPECT_THROW((void)parse_run_record("[]", "x.json"), DataError);
}

TEST(RunRecord, FindAndBusy) {
  RunRecord run = test_run();
  ASSERT_NE(run.find("optimize.sma_cross_1000"), nullptr);
  EXPECT_EQ(run.find("nope"), nullptr);
  EXPECT_FALSE(run.busy());
  run.load_end = 1.5;  // the suite's own load at the end does not count
  EXPECT_FALSE(run.busy());
  run.load_start = 1.5;  // more than half of 2 CPUs
  EXPECT_TRUE(run.busy());
}

TEST(WorkloadResult, JsonRoundTripAndMedian) {
  const WorkloadResult result = test::ok_result("features.matrix_20_1000000", 0.2, 1e6);
  EXPECT_EQ(to_json(parse_workload_result(to_json(result), "child")), to_json(result));
  EXPECT_DOUBLE_EQ(median(std::vector<double>{3.0, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(median(std::vector<double>{4.0, 1.0, 2.0, 3.0}), 2.5);
  EXPECT_TRUE(std::isnan(median(std::vector<double>{})));
}

}  // namespace
}  // namespace qbt::bench_suite
