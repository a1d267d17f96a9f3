#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/core/error.hpp"
#include "qbt/monitor/alerts.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::monitor {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr double k_mib = 1024.0 * 1024.0;
constexpr double k_gib = 1024.0 * k_mib;

// ---- parsing ----------------------------------------------------------------------------------

struct ParseCase {
  std::string text;
  Metric metric;
  Comparison comparison;
  double limit;
  std::chrono::nanoseconds duration;
  std::string canonical;
};

class ParseAlertRule : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseAlertRule, ParsesAndPrintsCanonically) {
  const ParseCase& c = GetParam();
  const AlertRule rule = parse_alert_rule(c.text);
  EXPECT_EQ(rule.metric, c.metric);
  EXPECT_EQ(rule.name, to_string(c.metric));
  EXPECT_EQ(rule.threshold.comparison, c.comparison);
  EXPECT_DOUBLE_EQ(rule.threshold.limit, c.limit);
  EXPECT_EQ(rule.threshold.duration, c.duration);
  EXPECT_EQ(to_string(rule), c.canonical);
  // The canonical text parses back to the same rule.
  const AlertRule again = parse_alert_rule(to_string(rule));
  EXPECT_EQ(again.metric, rule.metric);
  EXPECT_EQ(again.threshold.comparison, rule.threshold.comparison);
  EXPECT_DOUBLE_EQ(again.threshold.limit, rule.threshold.limit);
  EXPECT_EQ(again.threshold.duration, rule.threshold.duration);
}

INSTANTIATE_TEST_SUITE_P(
    EveryMetric, ParseAlertRule,
    ::testing::Values(
        ParseCase{"rss>64GB", Metric::rss, Comparison::greater, 64 * k_gib, seconds(0), "rss>64GB"},
        ParseCase{"cpu>95%:60s", Metric::cpu, Comparison::greater, 95, seconds(60), "cpu>95%:1min"},
        ParseCase{"disk<10GB", Metric::disk, Comparison::less, 10 * k_gib, seconds(0), "disk<10GB"},
        ParseCase{"vms>=512MiB", Metric::vms, Comparison::greater_equal, 512 * k_mib, seconds(0),
                  "vms>=512MB"},
        ParseCase{"mem<2g", Metric::mem, Comparison::less, 2 * k_gib, seconds(0), "mem<2GB"},
        ParseCase{"load>4.5:5min", Metric::load, Comparison::greater, 4.5, seconds(300),
                  "load>4.5:5min"},
        ParseCase{"threads>100", Metric::threads, Comparison::greater, 100, seconds(0),
                  "threads>100"},
        ParseCase{"files>=1000:500ms", Metric::files, Comparison::greater_equal, 1000,
                  milliseconds(500), "files>=1000:500ms"},
        ParseCase{" rss > 1.5 gb : 1h ", Metric::rss, Comparison::greater, 1.5 * k_gib,
                  seconds(3600), "rss>1536MB:1h"},
        ParseCase{"rss>1000", Metric::rss, Comparison::greater, 1000, seconds(0), "rss>1000"},
        ParseCase{"rss>2TB", Metric::rss, Comparison::greater, 2048 * k_gib, seconds(0), "rss>2TB"},
        ParseCase{"cpu<=10", Metric::cpu, Comparison::less_equal, 10, seconds(0), "cpu<=10%"},
        ParseCase{"cpu>99.5%", Metric::cpu, Comparison::greater, 99.5, seconds(0), "cpu>99.5%"}));

struct BadRule {
  std::string text;
  std::string message;
};

class BadAlertRule : public ::testing::TestWithParam<BadRule> {};

TEST_P(BadAlertRule, IsUserInputErrorWithExactMessage) {
  try {
    static_cast<void>(parse_alert_rule(GetParam().text));
    FAIL() << "expected UserInputError for " << GetParam().text;
  } catch (const UserInputError& e) {
    EXPECT_EQ(std::string(e.what()), GetParam().message);
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryMistake, BadAlertRule,
    ::testing::Values(
        BadRule{"",
                "alert rule is empty; expected METRIC>VALUE[:DURATION] such as 'rss>64GB' or "
                "'cpu>95%:60s'"},
        BadRule{"rss64GB",
                "alert rule 'rss64GB' has no comparison; expected METRIC>VALUE or "
                "METRIC<VALUE such as 'rss>64GB' or 'disk<10GB'"},
        BadRule{"memory>1GB",
                "alert rule 'memory>1GB' has unknown metric 'memory'; expected one "
                "of rss, vms, cpu, threads, files, mem, disk, load"},
        BadRule{">1GB",
                "alert rule '>1GB' has unknown metric ''; expected one of rss, vms, cpu, "
                "threads, files, mem, disk, load"},
        BadRule{"rss>lots",
                "alert rule 'rss>lots' has invalid value 'lots'; rss takes a size "
                "such as 64GB, 512MB or 1048576 (bytes)"},
        BadRule{"rss>64XB",
                "alert rule 'rss>64XB' has invalid value '64XB'; rss takes a size "
                "such as 64GB, 512MB or 1048576 (bytes)"},
        BadRule{"rss>-1GB",
                "alert rule 'rss>-1GB' has invalid value '-1GB'; rss takes a size "
                "such as 64GB, 512MB or 1048576 (bytes)"},
        BadRule{"rss>",
                "alert rule 'rss>' has invalid value ''; rss takes a size such as 64GB, "
                "512MB or 1048576 (bytes)"},
        BadRule{"cpu>95GB",
                "alert rule 'cpu>95GB' has invalid value '95GB'; cpu takes a "
                "percentage such as 95%"},
        BadRule{"threads>5%",
                "alert rule 'threads>5%' has invalid value '5%'; threads takes a "
                "number such as 8"},
        BadRule{"cpu>95%:soon",
                "alert rule 'cpu>95%:soon' has invalid duration 'soon'; expected "
                "a duration such as 30s, 5min or 1h"},
        BadRule{"cpu>95%:",
                "alert rule 'cpu>95%:' has invalid duration ''; expected a duration "
                "such as 30s, 5min or 1h"},
        BadRule{"cpu>95%:0s",
                "alert rule 'cpu>95%:0s' has invalid duration '0s'; expected a "
                "duration such as 30s, 5min or 1h"}));

TEST(DefaultAlertRules, AreTheIssuesTable) {
  std::vector<std::string> texts;
  for (const AlertRule& rule : default_alert_rules()) {
    texts.push_back(to_string(rule));
  }
  EXPECT_EQ(texts, (std::vector<std::string>{"rss>64GB", "cpu>95%:1min", "disk<10GB"}));
}

// ---- evaluation -------------------------------------------------------------------------------

TEST(Threshold, ComparesAndNeverBreachesOnNaN) {
  EXPECT_TRUE((Threshold{Comparison::greater, 2.0}.breached_by(2.5)));
  EXPECT_FALSE((Threshold{Comparison::greater, 2.0}.breached_by(2.0)));
  EXPECT_TRUE((Threshold{Comparison::greater_equal, 2.0}.breached_by(2.0)));
  EXPECT_TRUE((Threshold{Comparison::less, 2.0}.breached_by(1.0)));
  EXPECT_FALSE((Threshold{Comparison::less, 2.0}.breached_by(2.0)));
  EXPECT_TRUE((Threshold{Comparison::less_equal, 2.0}.breached_by(2.0)));
  EXPECT_FALSE((Threshold{Comparison::greater, 2.0}.breached_by(std::nan(""))));
  EXPECT_FALSE((Threshold{Comparison::less, 2.0}.breached_by(std::nan(""))));
}

using SampleSetter = std::function<void(Sample&)>;

Sample make_sample(double at_seconds, const SampleSetter& set) {
  Sample sample;
  sample.elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(at_seconds));
  sample.system.cpu_count = 4;
  sample.process.open_files = 10;
  sample.process.threads = 4;
  sample.process.rss_bytes = 100 * 1024 * 1024;
  sample.process.vms_bytes = 1024 * 1024 * 1024;
  sample.system.memory_available_bytes = 8ULL << 30;
  sample.system.disk_free_bytes = 100ULL << 30;
  sample.system.load_1 = 1.0;
  sample.cpu_percent = 100.0;
  set(sample);
  return sample;
}

struct RuleCase {
  std::string name;
  std::string rule;
  SampleSetter breach;
  SampleSetter calm;
  std::string fired_value;  // format_metric_value of the breaching value
};

class EveryRule : public ::testing::TestWithParam<RuleCase> {};

// Instant rules (no duration): calm -> nothing; breach -> fired; breach -> nothing more;
// calm -> cleared; calm -> nothing; breach -> fired again.
TEST_P(EveryRule, FiresAndClearsDeterministically) {
  const RuleCase& c = GetParam();
  AlertMonitor monitor({parse_alert_rule(c.rule)});
  std::vector<AlertEvent> seen;
  monitor.add_sink([&](const AlertEvent& event) { seen.push_back(event); });

  EXPECT_TRUE(monitor.observe(make_sample(0, c.calm)).empty());
  const auto fired = monitor.observe(make_sample(1, c.breach));
  ASSERT_EQ(fired.size(), 1U);
  EXPECT_EQ(fired[0].transition, AlertTransition::fired);
  EXPECT_EQ(fired[0].rule, c.rule);
  EXPECT_EQ(fired[0].at, seconds(1));
  EXPECT_EQ(fired[0].held, seconds(0));
  EXPECT_EQ(format_metric_value(fired[0].metric_kind, fired[0].value), c.fired_value);
  EXPECT_TRUE(monitor.active(0));
  EXPECT_TRUE(monitor.observe(make_sample(2, c.breach)).empty());
  const auto cleared = monitor.observe(make_sample(3, c.calm));
  ASSERT_EQ(cleared.size(), 1U);
  EXPECT_EQ(cleared[0].transition, AlertTransition::cleared);
  EXPECT_EQ(cleared[0].held, seconds(2));
  EXPECT_FALSE(monitor.active(0));
  EXPECT_TRUE(monitor.observe(make_sample(4, c.calm)).empty());
  EXPECT_EQ(monitor.observe(make_sample(5, c.breach)).size(), 1U);
  EXPECT_EQ(monitor.fired_count(0), 2U);
  EXPECT_EQ(monitor.first_fired_at(0), seconds(1));
  ASSERT_EQ(seen.size(), 3U);  // the sink saw fired, cleared, fired
  EXPECT_EQ(seen[1].transition, AlertTransition::cleared);
}

INSTANTIATE_TEST_SUITE_P(
    Metrics, EveryRule,
    ::testing::Values(
        RuleCase{"rss", "rss>20MB", [](Sample& s) { s.process.rss_bytes = 30ULL << 20; },
                 [](Sample& s) { s.process.rss_bytes = 10ULL << 20; }, "30.0 MB"},
        RuleCase{"vms", "vms>4GB", [](Sample& s) { s.process.vms_bytes = 5ULL << 30; },
                 [](Sample& s) { s.process.vms_bytes = 1ULL << 30; }, "5.0 GB"},
        RuleCase{"cpu", "cpu>95%", [](Sample& s) { s.cpu_percent = 390.0; },  // 97.5% of 4 cores
                 [](Sample& s) { s.cpu_percent = 100.0; }, "97.5%"},
        RuleCase{"threads", "threads>64", [](Sample& s) { s.process.threads = 65; },
                 [](Sample& s) { s.process.threads = 64; }, "65"},
        RuleCase{"files", "files>=100", [](Sample& s) { s.process.open_files = 100; },
                 [](Sample& s) { s.process.open_files = 99; }, "100"},
        RuleCase{"mem", "mem<1GB",
                 [](Sample& s) { s.system.memory_available_bytes = 512ULL << 20; },
                 [](Sample& s) { s.system.memory_available_bytes = 2ULL << 30; }, "512.0 MB"},
        RuleCase{"disk", "disk<10GB", [](Sample& s) { s.system.disk_free_bytes = 5ULL << 30; },
                 [](Sample& s) { s.system.disk_free_bytes = 20ULL << 30; }, "5.0 GB"},
        RuleCase{"load", "load>8", [](Sample& s) { s.system.load_1 = 12.5; },
                 [](Sample& s) { s.system.load_1 = 2.0; }, "12.50"}),
    [](const ::testing::TestParamInfo<RuleCase>& rule_case) { return rule_case.param.name; });

Sample cpu_sample(double at_seconds, double cpu_percent_of_one_core) {
  return make_sample(at_seconds, [&](Sample& s) { s.cpu_percent = cpu_percent_of_one_core; });
}

TEST(AlertMonitor, SustainedRuleFiresOnlyAfterItsDuration) {
  AlertMonitor monitor({parse_alert_rule("cpu>95%:60s")});
  EXPECT_TRUE(monitor.observe(cpu_sample(0, 390)).empty());  // breach begins
  EXPECT_TRUE(monitor.observe(cpu_sample(30, 390)).empty());
  EXPECT_TRUE(monitor.observe(cpu_sample(59.999, 390)).empty());
  const auto fired = monitor.observe(cpu_sample(60, 396));
  ASSERT_EQ(fired.size(), 1U);
  EXPECT_EQ(fired[0].transition, AlertTransition::fired);
  EXPECT_EQ(fired[0].held, seconds(60));
  EXPECT_DOUBLE_EQ(fired[0].value, 99.0);
  EXPECT_EQ(format_alert_event(fired[0]),
            "alert: cpu>95%:1min fired at +60.0s (cpu 99.0% for 60.0s)");
  EXPECT_TRUE(monitor.observe(cpu_sample(61, 390)).empty());  // still active, no repeat
  const auto cleared = monitor.observe(cpu_sample(62, 100));  // 25% of the machine
  ASSERT_EQ(cleared.size(), 1U);
  EXPECT_EQ(cleared[0].held, seconds(62));
  EXPECT_EQ(format_alert_event(cleared[0]),
            "alert: cpu>95%:1min cleared at +62.0s (cpu 25.0%, held 62.0s)");
}

TEST(AlertMonitor, DipRestartsTheSustainedTimer) {
  AlertMonitor monitor({parse_alert_rule("cpu>95%:60s")});
  EXPECT_TRUE(monitor.observe(cpu_sample(0, 390)).empty());
  EXPECT_TRUE(monitor.observe(cpu_sample(30, 100)).empty());  // dip: not active, nothing to clear
  EXPECT_TRUE(monitor.observe(cpu_sample(40, 390)).empty());  // breach begins again
  EXPECT_TRUE(monitor.observe(cpu_sample(99, 390)).empty());  // 59 s
  const auto fired = monitor.observe(cpu_sample(100, 390));   // 60 s
  ASSERT_EQ(fired.size(), 1U);
  EXPECT_EQ(fired[0].at, seconds(100));
  EXPECT_EQ(monitor.fired_count(0), 1U);
}

TEST(AlertMonitor, UnknownValueCountsAsNotBreaching) {
  AlertMonitor monitor({parse_alert_rule("files>5")});
  ASSERT_EQ(monitor.observe(make_sample(0, [](Sample&) {})).size(), 1U);  // 10 open files
  const auto cleared =
      monitor.observe(make_sample(1, [](Sample& s) { s.process.open_files.reset(); }));
  ASSERT_EQ(cleared.size(), 1U);
  EXPECT_EQ(cleared[0].transition, AlertTransition::cleared);
  EXPECT_TRUE(std::isnan(cleared[0].value));
  EXPECT_EQ(format_alert_event(cleared[0]),
            "alert: files>5 cleared at +1.0s (files unknown, held 1.0s)");
}

TEST(AlertMonitor, SeveralRulesReportInRuleOrder) {
  AlertMonitor monitor(
      {parse_alert_rule("rss>50MB"), parse_alert_rule("threads>2"), parse_alert_rule("disk<1GB")});
  const auto events = monitor.observe(make_sample(0, [](Sample&) {}));  // 100 MB, 4 threads
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(events[0].rule, "rss>50MB");
  EXPECT_EQ(events[1].rule, "threads>2");
  EXPECT_FALSE(monitor.active(2));
  EXPECT_DOUBLE_EQ(monitor.extreme_value(2).value(), 100.0 * k_gib);
}

TEST(AlertMonitor, ExtremeValueTracksTheAlertingDirection) {
  AlertMonitor monitor({parse_alert_rule("rss>1GB"), parse_alert_rule("disk<1GB")});
  monitor.observe(make_sample(0, [](Sample& s) {
    s.process.rss_bytes = 300;
    s.system.disk_free_bytes = 9000;
  }));
  monitor.observe(make_sample(1, [](Sample& s) {
    s.process.rss_bytes = 500;
    s.system.disk_free_bytes = 7000;
  }));
  monitor.observe(make_sample(2, [](Sample& s) {
    s.process.rss_bytes = 400;
    s.system.disk_free_bytes = 8000;
  }));
  EXPECT_DOUBLE_EQ(monitor.extreme_value(0).value(), 500.0);
  EXPECT_DOUBLE_EQ(monitor.extreme_value(1).value(), 7000.0);
}

TEST(AlertMonitor, GenericValueRuleForCallerValues) {
  // What the bench suite does with "slower than 2x the baseline".
  AlertRule slowdown{Metric::value, "slowdown", Threshold{Comparison::greater, 2.0}};
  EXPECT_EQ(to_string(slowdown), "slowdown>2");
  AlertMonitor monitor({slowdown});
  EXPECT_TRUE(monitor.observe(make_sample(0, [](Sample&) {})).empty());  // not in a sample
  EXPECT_FALSE(monitor.observe_value(0, 1.9, seconds(0)).has_value());
  const auto fired = monitor.observe_value(0, 2.5, seconds(1));
  ASSERT_TRUE(fired.has_value());
  EXPECT_EQ(format_alert_event(*fired), "alert: slowdown>2 fired at +1.0s (slowdown 2.5)");
  const auto cleared = monitor.observe_value(0, 1.0, seconds(2));
  ASSERT_TRUE(cleared.has_value());
  EXPECT_EQ(cleared->transition, AlertTransition::cleared);
  EXPECT_THROW(static_cast<void>(monitor.observe_value(1, 1.0, seconds(3))), InternalError);
}

TEST(ThresholdTracker, ZeroDurationFiresAtOnce) {
  ThresholdTracker tracker(Threshold{Comparison::less, 10.0});
  EXPECT_EQ(tracker.update(11.0, seconds(0)), AlertTransition::none);
  EXPECT_EQ(tracker.update(9.0, seconds(1)), AlertTransition::fired);
  EXPECT_EQ(tracker.breached_since(), seconds(1));
  EXPECT_EQ(tracker.update(9.0, seconds(2)), AlertTransition::none);
  EXPECT_EQ(tracker.update(std::nullopt, seconds(3)), AlertTransition::cleared);
  EXPECT_FALSE(tracker.breached_since().has_value());
}

// ---- sinks ------------------------------------------------------------------------------------

TEST(AlertSinks, StderrLineAndJsonLinesFile) {
  const testing::TempDir dir;
  const std::string path = dir.file("alerts.jsonl");
  AlertMonitor monitor({parse_alert_rule("rss>20MB")});
  monitor.add_sink(stderr_alert_sink("test: "));
  monitor.add_sink(json_lines_alert_sink(path));
  ::testing::internal::CaptureStderr();
  monitor.observe(make_sample(0.5, [](Sample& s) { s.process.rss_bytes = 30ULL << 20; }));
  monitor.observe(make_sample(2, [](Sample& s) { s.process.rss_bytes = 10ULL << 20; }));
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err,
            "test: alert: rss>20MB fired at +0.5s (rss 30.0 MB)\n"
            "test: alert: rss>20MB cleared at +2.0s (rss 10.0 MB, held 1.5s)\n");

  std::ifstream in(path);
  std::string line;
  std::vector<nlohmann::json> lines;
  while (std::getline(in, line)) {
    lines.push_back(nlohmann::json::parse(line));
  }
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0]["event"], "alert");
  EXPECT_EQ(lines[0]["state"], "fired");
  EXPECT_EQ(lines[0]["rule"], "rss>20MB");
  EXPECT_EQ(lines[0]["metric"], "rss");
  EXPECT_EQ(lines[0]["value"], 30.0 * k_mib);
  EXPECT_EQ(lines[0]["limit"], 20.0 * k_mib);
  EXPECT_EQ(lines[0]["at_s"], 0.5);
  EXPECT_EQ(lines[1]["state"], "cleared");
  EXPECT_EQ(lines[1]["held_s"], 1.5);
}

TEST(AlertSinks, UnwritableJsonFileIsIoError) {
  try {
    static_cast<void>(json_lines_alert_sink("/nonexistent/dir/alerts.jsonl"));
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot open file for writing: No such file or directory at "
                 "/nonexistent/dir/alerts.jsonl");
  }
}

}  // namespace
}  // namespace qbt::monitor
