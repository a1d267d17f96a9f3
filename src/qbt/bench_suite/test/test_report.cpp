#include "qbt/bench_suite/report.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/bench_suite/test/bench_fixtures.hpp"

namespace qbt::bench_suite {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using test::test_run;

std::vector<WorkloadTrend> trends() {
  WorkloadTrend trend;
  trend.workload = "backtest.vector.minute_525600";
  trend.rate_unit = "bars/s";
  for (const double seconds : {0.004, 0.008, 0.002}) {
    TrendPoint point;
    point.median_seconds = seconds;
    trend.points.push_back(point);
  }
  return {trend};
}

TEST(Report, MarkdownHasTheTargetsBaselinesWorkloadsAndTrend) {
  const std::string md = render_report(test_run(), trends(), ReportFormat::markdown);
  EXPECT_THAT(md, HasSubstr("# qbt benchmark report"));
  EXPECT_THAT(md, HasSubstr("## Targets"));
  EXPECT_THAT(md, HasSubstr("| metric | seed target | critical | qbt target | measured | status |"));
  EXPECT_THAT(md, HasSubstr("| 1-year minute backtest, vectorized, 525,600 bars | < 5 s | > 10 s "
                            "| < 5 ms | 4 ms | PASS |"));
  EXPECT_THAT(md, HasSubstr("| Cache operations, embedded (1M-row column) | < 10 ms | > 50 ms | "
                            "< 2 ms | - | PENDING | qbt has no cache yet |"));
  EXPECT_THAT(md, HasSubstr("## Machine baselines"));
  EXPECT_THAT(md, HasSubstr("| memory_read |"));
  EXPECT_THAT(md, HasSubstr("| git commit | 0123456789abcdef0123456789abcdef01234567 |"));
  EXPECT_THAT(md, HasSubstr("## Workloads"));
  EXPECT_THAT(md, HasSubstr("| optimize.sma_cross_1000 | 1.5 s |"));
  EXPECT_THAT(md, HasSubstr("## Trend"));
  EXPECT_THAT(md, HasSubstr("| backtest.vector.minute_525600 | 3 | 4 ms | 2 ms | 2 ms | -50.0% | "
                            "▃█▁ |"));
  EXPECT_THAT(md, Not(HasSubstr("<svg")));
}

TEST(Report, MarkdownWithoutHistorySaysSo) {
  const std::string md = render_report(test_run(), {}, ReportFormat::markdown);
  EXPECT_THAT(md, HasSubstr("No stored runs to show a trend."));
}

TEST(Report, HtmlIsADocumentWithEscapedCellsAndSvgTrend) {
  RunRecord run = test_run();
  run.machine.cpu_model = "CPU <fast> & \"cheap\"";
  const std::string html = render_report(run, trends(), ReportFormat::html);
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
  EXPECT_THAT(html, HasSubstr("<h2>Targets</h2>"));
  EXPECT_THAT(html, HasSubstr("<td>CPU &lt;fast&gt; &amp; &quot;cheap&quot;</td>"));
  EXPECT_THAT(html, Not(HasSubstr("<fast>")));
  EXPECT_THAT(html, HasSubstr("<td>PASS</td>"));
  EXPECT_THAT(html, HasSubstr("<svg width=\"120\""));
  EXPECT_THAT(html, HasSubstr("<polyline"));
  EXPECT_THAT(html, HasSubstr("</html>"));
}

TEST(Report, TerminalTables) {
  const RunRecord run = test_run();
  const std::string results = format_results_table(run);
  EXPECT_THAT(results, HasSubstr("backtest.vector.minute_525600"));
  EXPECT_THAT(results, HasSubstr("pending: qbt has no cache yet"));
  EXPECT_THAT(results, HasSubstr("xxh3:0123456789abcdef"));
  const std::string targets = format_targets_table(run.targets);
  EXPECT_THAT(targets, HasSubstr("metric"));
  EXPECT_THAT(targets, HasSubstr("Parameter optimization, 1000 combinations"));
  EXPECT_THAT(targets, HasSubstr("WARN"));  // 1.5 s misses qbt's 1 s
}

TEST(Report, Sparkline) {
  EXPECT_EQ(sparkline(std::vector<double>{1.0, 2.0, 3.0}), "▁▅█");
  EXPECT_EQ(sparkline(std::vector<double>{2.0, 2.0}), "▄▄");
  EXPECT_EQ(sparkline(std::vector<double>{1.0, std::nan(""), 8.0}), "▁ █");
  EXPECT_EQ(sparkline(std::vector<double>{}), "");
}

TEST(Report, ParseFormat) {
  EXPECT_EQ(parse_report_format("md"), ReportFormat::markdown);
  EXPECT_EQ(parse_report_format("markdown"), ReportFormat::markdown);
  EXPECT_EQ(parse_report_format("html"), ReportFormat::html);
  EXPECT_FALSE(parse_report_format("pdf").has_value());
}

}  // namespace
}  // namespace qbt::bench_suite
