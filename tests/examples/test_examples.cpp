// The programs in examples/ run on the shipped data: each exits 0, prints its one-line summary
// and then the statistics table; a bad command line gives its usage and exit code 1.
#include <ostream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/testing/run_command.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::run_program;

std::string example(const std::string& name) { return testing::binary_path("examples/" + name); }
std::string data(const std::string& file) { return testing::source_path("data/backtrader/" + file); }

/// The table of metrics::format_stats_table, from its first to its last line.
void expect_stats_table(const std::string& out) {
  EXPECT_THAT(out, HasSubstr("\nStart "));
  EXPECT_THAT(out, HasSubstr("\nTotal Return [%] "));
  EXPECT_THAT(out, HasSubstr("\nSharpe Ratio "));
  EXPECT_THAT(out, HasSubstr("\nExposure Time [%] "));
}

TEST(Examples, SmaCrossPrintsItsStatistics) {
  const auto result = run_program(example("sma_cross"), {data("orcl-1995-2014.txt"), "10", "30"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  EXPECT_THAT(result.out, StartsWith("SMA(10) x SMA(30) on "));
  expect_stats_table(result.out);
}

TEST(Examples, SmaCrossDefaultsItsPeriods) {
  const auto result = run_program(example("sma_cross"), {data("2006-day-001.txt")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, StartsWith("SMA(10) x SMA(30) on "));
  expect_stats_table(result.out);
}

TEST(Examples, RsiReversionCountsItsExits) {
  const auto result = run_program(example("rsi_reversion"), {data("orcl-1995-2014.txt")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  EXPECT_THAT(result.out, StartsWith("RSI(14) < 30 on "));
  EXPECT_THAT(result.out, HasSubstr(" stop-loss exits, "));
  EXPECT_THAT(result.out, HasSubstr(" take-profit exits\n"));
  expect_stats_table(result.out);
}

TEST(Examples, RotationTradesBothSymbols) {
  const auto result = run_program(
      example("rotation"), {data("nvda-1999-2014.txt"), data("orcl-1995-2014.txt")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  // Both series start on NVDA's first day.
  EXPECT_THAT(result.out, StartsWith("Rotation nvda-1999-2014 / orcl-1995-2014 by 63-bar momentum "
                                     "from 1999-01-22: "));
  expect_stats_table(result.out);
}

struct BadCall {
  std::string name;
  std::vector<std::string> args;
  int exit_code = 1;
  std::string error;
};

void PrintTo(const BadCall& call, std::ostream* out) { *out << call.name; }

class ExampleErrors : public ::testing::TestWithParam<BadCall> {};

TEST_P(ExampleErrors, MessageAndExitCode) {
  const auto result = run_program(example(GetParam().name), GetParam().args);
  EXPECT_EQ(result.exit_code, GetParam().exit_code) << result.err;
  EXPECT_THAT(result.err, HasSubstr(GetParam().error));
  EXPECT_TRUE(result.out.empty()) << result.out;
}

INSTANTIATE_TEST_SUITE_P(
    Examples, ExampleErrors,
    ::testing::Values(BadCall{"sma_cross", {}, 1, "usage: sma_cross DATA [fast slow]"},
                      BadCall{"sma_cross", {"no/such/file.csv"}, 1, "sma_cross: error: "},
                      BadCall{"sma_cross", {data("2006-day-001.txt"), "ten", "30"}, 1,
                              "sma_cross: error: a period must be a whole number, got 'ten'"},
                      BadCall{"sma_cross", {data("2006-day-001.txt"), "0", "30"}, 1,
                              "sma_cross: error: SMA: parameter 'period' must be >= 1, got 0"},
                      BadCall{"rsi_reversion", {}, 1, "usage: rsi_reversion DATA"},
                      BadCall{"rotation", {"only-one.csv"}, 1, "usage: rotation DATA_A DATA_B"}),
    [](const ::testing::TestParamInfo<BadCall>& call) {
      return call.param.name + "_" + std::to_string(call.index);
    });

}  // namespace
}  // namespace qbt
