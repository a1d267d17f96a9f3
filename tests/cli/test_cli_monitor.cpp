// `qbt monitor` end to end: it runs a child, samples it, reports a summary and alerts, and exits
// with the child's exit code; bad rules and intervals exit 1 before anything runs.
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/testing/run_command.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt {
namespace {

using ::testing::HasSubstr;
using testing::run_qbt;
using ::testing::StartsWith;
using testing::TempDir;

std::vector<nlohmann::json> read_json_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

TEST(CliMonitor, SleepSucceedsWithASummary) {
  const auto result = run_qbt({"monitor", "--", "sleep", "1"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_THAT(result.err, StartsWith("qbt monitor: sleep 1 exited with status 0\n"));
  EXPECT_THAT(result.err, HasSubstr("\n  wall time   1."));
  EXPECT_THAT(result.err, HasSubstr("\n  cpu time    "));
  EXPECT_THAT(result.err, HasSubstr("\n  peak rss    "));
  EXPECT_THAT(result.err, HasSubstr("\n  samples     "));
  EXPECT_THAT(result.err, HasSubstr("(every 1s)\n"));
}

TEST(CliMonitor, ChildAllocatingPastTheThresholdFiresTheAlert) {
  // `qbt data generate` of 3M bars holds about 140 MB of columns before writing them.
  const TempDir dir;
  const std::string samples = dir.file("samples.jsonl");
  const std::string alert_log = dir.file("alerts.jsonl");
  const auto result =
      run_qbt({"monitor", "--interval", "10ms", "--alert", "rss>20MB", "--out", samples,
               "--alert-log", alert_log, "--json", "--", testing::binary_path("apps/qbt/qbt"),
               "data", "generate", "--bars", "3000000", "--out", dir.file("bars.qbt")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("qbt monitor: alert: rss>20MB fired at +"));

  // stdout holds the child's line, then the JSON summary.
  const auto json_start = result.out.find("\n{");
  ASSERT_NE(json_start, std::string::npos) << result.out;
  const auto summary = nlohmann::json::parse(result.out.substr(json_start + 1));
  EXPECT_EQ(summary["exit_code"], 0);
  EXPECT_TRUE(summary["signal"].is_null());
  EXPECT_EQ(summary["command"][1], "data");
  EXPECT_GT(summary["run"]["peak_rss_bytes"].get<double>(), 100.0 * 1024 * 1024);
  EXPECT_GT(summary["run"]["wall_s"].get<double>(), 0.0);
  ASSERT_EQ(summary["alerts"].size(), 1U);
  EXPECT_EQ(summary["alerts"][0]["rule"], "rss>20MB");
  EXPECT_GE(summary["alerts"][0]["fired"].get<int>(), 1);

  const auto sample_lines = read_json_lines(samples);
  EXPECT_EQ(sample_lines.size(), summary["samples"].get<std::size_t>());
  ASSERT_FALSE(sample_lines.empty());
  EXPECT_GT(sample_lines.front()["pid"].get<int>(), 0);
  const auto alert_lines = read_json_lines(alert_log);
  ASSERT_FALSE(alert_lines.empty());
  EXPECT_EQ(alert_lines[0]["state"], "fired");
  EXPECT_EQ(alert_lines[0]["rule"], "rss>20MB");
}

TEST(CliMonitor, ExitCodeOfTheChildPropagates) {
  const auto result = run_qbt({"monitor", "--interval", "10ms", "--", "sh", "-c", "exit 3"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_THAT(result.err, StartsWith("qbt monitor: sh -c 'exit 3' exited with status 3\n"));
}

TEST(CliMonitor, KilledChildGives128PlusSignal) {
  const auto result = run_qbt({"monitor", "--interval", "10ms", "--", "sh", "-c", "kill -9 $$"});
  EXPECT_EQ(result.exit_code, 137) << result.err;
  EXPECT_THAT(result.err, HasSubstr("was killed by signal 9"));
}

TEST(CliMonitor, JsonReportsTheExitCode) {
  const auto result =
      run_qbt({"monitor", "--json", "--interval", "10ms", "--", "sh", "-c", "exit 2"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  const auto summary = nlohmann::json::parse(result.out);
  EXPECT_EQ(summary["exit_code"], 2);
  EXPECT_EQ(summary["run"]["name"], "sh -c 'exit 2'");
  EXPECT_EQ(summary["alerts"].size(), 3U);  // the default rules
  EXPECT_EQ(summary["alerts"][1]["rule"], "cpu>95%:1min");
}

TEST(CliMonitor, MissingCommandExits127) {
  const auto result = run_qbt({"monitor", "--", "qbt-no-such-command"});
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_EQ(result.err,
            "qbt: error: cannot run 'qbt-no-such-command': No such file or directory\n");
}

struct BadFlags {
  std::string name;
  std::vector<std::string> args;
  std::string expected_err;
};

class CliMonitorBadFlags : public ::testing::TestWithParam<BadFlags> {};

TEST_P(CliMonitorBadFlags, ExitOneWithTheMessageBeforeRunningAnything) {
  const TempDir dir;
  const std::string marker = dir.file("ran");
  std::vector<std::string> args = {"monitor"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  args.insert(args.end(), {"--", "touch", marker});
  const auto result = run_qbt(args);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.err, GetParam().expected_err);
  EXPECT_FALSE(std::ifstream(marker).good()) << "the command ran";
}

INSTANTIATE_TEST_SUITE_P(
    EveryMistake, CliMonitorBadFlags,
    ::testing::Values(
        BadFlags{"bad_value",
                 {"--alert", "rss>lots"},
                 "qbt: error: alert rule 'rss>lots' has invalid value 'lots'; rss takes a size "
                 "such as 64GB, 512MB or 1048576 (bytes)\n"},
        BadFlags{"unknown_metric",
                 {"--alert", "gpu>50%"},
                 "qbt: error: alert rule 'gpu>50%' has unknown metric 'gpu'; expected one of rss, "
                 "vms, cpu, threads, files, mem, disk, load\n"},
        BadFlags{"bad_duration",
                 {"--alert", "cpu>95%:forever"},
                 "qbt: error: alert rule 'cpu>95%:forever' has invalid duration 'forever'; "
                 "expected a duration such as 30s, 5min or 1h\n"},
        BadFlags{"no_comparison",
                 {"--alert", "rss=1GB"},
                 "qbt: error: alert rule 'rss=1GB' has no comparison; expected METRIC>VALUE or "
                 "METRIC<VALUE such as 'rss>64GB' or 'disk<10GB'\n"},
        BadFlags{"bad_interval",
                 {"--interval", "often"},
                 "qbt: error: --interval must be a duration such as 1s, 500ms or 1min, got "
                 "'often'\n"},
        BadFlags{"zero_interval",
                 {"--interval", "0s"},
                 "qbt: error: --interval must be a duration such as 1s, 500ms or 1min, got "
                 "'0s'\n"},
        BadFlags{"tiny_interval",
                 {"--interval", "10us"},
                 "qbt: error: --interval must be at least 1ms, got 10us\n"},
        BadFlags{"unwritable_out",
                 {"--out", "/nonexistent/dir/samples.jsonl"},
                 "qbt: error: cannot open file for writing: No such file or directory at "
                 "/nonexistent/dir/samples.jsonl\n"},
        BadFlags{"missing_disk_path",
                 {"--disk-path", "/nonexistent/dir"},
                 "qbt: error: cannot read free disk space: No such file or directory at "
                 "/nonexistent/dir\n"}),
    [](const ::testing::TestParamInfo<BadFlags>& flags) { return flags.param.name; });

TEST(CliMonitor, NoCommandIsAUsageError) {
  const auto result = run_qbt({"monitor", "--interval", "1s"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("COMMAND is required"));
}

}  // namespace
}  // namespace qbt
