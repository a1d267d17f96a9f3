// `qbt backtest` and `qbt optimize` end to end: bad flags give their message and exit code 1;
// backtrader's SMA-cross test strategy (tests/reference/backtrader_strategies.json: final value
// 10284.10 with one unit per order and next-open fills) comes out of the CLI in the table and in
// JSON; record files have one row per trade, order and bar; a sweep's output is the same bytes for
// one and two threads and for a repeated random search.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
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
using ::testing::StartsWith;
using testing::run_qbt;
using testing::TempDir;

std::string daily() { return testing::source_path("data/backtrader/2006-day-001.txt"); }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

struct BadCall {
  std::string name;
  std::vector<std::string> args;
  std::string expected_error;
};

class CliBacktestErrors : public ::testing::TestWithParam<BadCall> {};

TEST_P(CliBacktestErrors, MessageAndExitCode1) {
  std::vector<std::string> args;
  for (const std::string& arg : GetParam().args) {
    args.push_back(arg == "DATA" ? daily() : arg);
  }
  const auto result = run_qbt(args);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(result.err, "qbt: error: " + GetParam().expected_error + "\n");
  EXPECT_TRUE(result.out.empty()) << result.out;
}

INSTANTIATE_TEST_SUITE_P(
    BadFlags, CliBacktestErrors,
    ::testing::Values(
        BadCall{"UnknownStrategy", {"backtest", "DATA", "--strategy", "nope"},
                "unknown strategy 'nope' (known: bbands_reversion, donchian_breakout, ema_cross, "
                "macd_cross, rsi_threshold, sma_cross)"},
        BadCall{"FastNotBelowSlow",
                {"backtest", "DATA", "--strategy", "sma_cross", "--param", "fast=50", "--param", "slow=10"},
                "sma_cross: parameter 'fast' must be < 'slow' (50 >= 10)"},
        BadCall{"UnknownParameter", {"backtest", "DATA", "--strategy", "sma_cross", "--param", "fats=3"},
                "sma_cross: unknown parameter 'fats' (known: fast, slow)"},
        BadCall{"NonNumericParameter",
                {"backtest", "DATA", "--strategy", "sma_cross", "--param", "fast=x"},
                "--param 'fast=x': 'x' is not a finite number"},
        BadCall{"ParameterWithoutValue", {"backtest", "DATA", "--strategy", "sma_cross", "--param", "fast"},
                "--param 'fast': expected name=value, e.g. fast=10"},
        BadCall{"NegativeFees", {"backtest", "DATA", "--strategy", "sma_cross", "--fees", "-1"},
                "fees must be a finite number >= 0, got -1"},
        BadCall{"UnknownFill", {"backtest", "DATA", "--strategy", "sma_cross", "--fill", "tomorrow"},
                "unknown fill timing 'tomorrow' (use close or next_open)"},
        BadCall{"UnknownDirection",
                {"backtest", "DATA", "--strategy", "sma_cross", "--direction", "sideways"},
                "unknown direction 'sideways' (use long, short or both)"},
        BadCall{"NegativeStopLoss", {"backtest", "DATA", "--strategy", "sma_cross", "--sl=-0.5"},
                "stop-loss (sl) must be a finite fraction >= 0, got -0.5"},
        BadCall{"ZeroCash", {"backtest", "DATA", "--strategy", "sma_cross", "--cash", "0"},
                "initial cash must be a finite number > 0, got 0"},
        BadCall{"NegativeSize", {"backtest", "DATA", "--strategy", "sma_cross", "--size", "-3"},
                "size must be > 0, got -3"},
        BadCall{"MissingFile", {"backtest", "/nonexistent/bars.csv", "--strategy", "sma_cross"},
                "cannot open file: No such file or directory at /nonexistent/bars.csv"},
        BadCall{"UnknownEngine", {"backtest", "DATA", "--strategy", "sma_cross", "--engine", "quantum"},
                "unknown engine 'quantum' (use vector or event)"},
        BadCall{"UnknownCommissionScheme",
                {"backtest", "DATA", "--strategy", "sma_cross", "--commission-scheme", "bps"},
                "unknown commission scheme 'bps' (use percent, per_unit, fixed or futures)"},
        BadCall{"FuturesNeedTheEventEngine",
                {"backtest", "DATA", "--strategy", "sma_cross", "--commission-scheme", "futures",
                 "--margin", "1000"},
                "--commission-scheme futures needs --engine event"},
        BadCall{"FuturesNeedAMargin",
                {"backtest", "DATA", "--strategy", "sma_cross", "--engine", "event",
                 "--commission-scheme", "futures"},
                "--commission-scheme futures needs --margin > 0 (cash per contract)"},
        BadCall{"StopsBelongToTheVectorizedEngine",
                {"backtest", "DATA", "--strategy", "sma_cross", "--engine", "event", "--sl", "0.05"},
                "--sl, --tp and --trail belong to the vectorized engine; with --engine event a "
                "strategy places its own stop orders (see examples/rsi_reversion.cpp)"},
        BadCall{"GridStepZero",
                {"optimize", "DATA", "--strategy", "sma_cross", "--grid", "fast=5:50:0"},
                "--grid 'fast=5:50:0': step must be > 0"},
        BadCall{"GridUnknownParameter",
                {"optimize", "DATA", "--strategy", "sma_cross", "--grid", "fats=1:3:1"},
                "unknown parameter 'fats' for grid (parameters: fast, slow)"},
        BadCall{"ConstraintSyntax",
                {"optimize", "DATA", "--strategy", "sma_cross", "--grid", "fast=5:10:5",
                 "--constraint", "fast<<slow"},
                "--constraint 'fast<<slow': unexpected '<' at column 6"}),
    [](const ::testing::TestParamInfo<BadCall>& call) { return call.param.name; });

TEST(CliBacktest, ReproducesBacktradersSmaCrossInTheTableAndJson) {
  const std::vector<std::string> args = {"backtest", daily(), "--strategy", "sma_cross", "--param",
                                         "fast=1", "--param", "slow=15", "--size", "1", "--fill",
                                         "next_open", "--cash", "10000"};
  const auto table = run_qbt(args);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, StartsWith("sma_cross(fast=1, slow=15) on 2006-day-001 (255 bars"));
  EXPECT_THAT(table.out, HasSubstr("End Value                           10284.100000\n"));
  EXPECT_THAT(table.out, HasSubstr("Total Trades                                  12\n"));

  std::vector<std::string> json_args = args;
  json_args.push_back("--json");
  const auto result = run_qbt(json_args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto out = nlohmann::ordered_json::parse(result.out);
  EXPECT_EQ(out.at("params"), nlohmann::ordered_json::parse(R"({"fast": 1, "slow": 15})"));
  EXPECT_EQ(out.at("data").at("bars"), 255);
  const auto& stats = out.at("stats");
  EXPECT_NEAR(stats.at("end_value").get<double>(), 10284.10, 1e-9);
  EXPECT_EQ(stats.at("total_trades"), 12);
  EXPECT_EQ(stats.at("total_closed_trades"), 11);
  EXPECT_EQ(stats.at("total_open_trades"), 1);
  EXPECT_EQ(stats.at("start"), "2006-01-02T00:00:00Z");
  EXPECT_EQ(stats.at("period"), "255 days 00:00:00");
  std::vector<std::string> keys;
  for (const auto& [key, value] : stats.items()) {
    keys.push_back(key);
  }
  const std::vector<std::string> expected_keys = {
      "start", "end", "period", "start_value", "end_value", "total_return_pct",
      "benchmark_return_pct", "max_gross_exposure_pct", "total_fees_paid", "max_drawdown_pct",
      "max_drawdown_duration", "total_trades", "total_closed_trades", "total_open_trades",
      "open_trade_pnl", "win_rate_pct", "best_trade_pct", "worst_trade_pct",
      "avg_winning_trade_pct", "avg_losing_trade_pct", "avg_winning_trade_duration",
      "avg_losing_trade_duration", "profit_factor", "expectancy", "sharpe_ratio", "sortino_ratio",
      "calmar_ratio", "omega_ratio", "cagr_pct", "annual_volatility_pct", "sqn", "exposure_pct"};
  EXPECT_EQ(keys, expected_keys);
}

TEST(CliBacktest, WritesTradesOrdersAndEquity) {
  const TempDir dir;
  const std::string trades = (dir.path() / "trades.csv").string();
  const std::string orders = (dir.path() / "orders.csv").string();
  const std::string equity = (dir.path() / "equity.csv").string();
  const auto result = run_qbt({"backtest", daily(), "--strategy", "sma_cross", "--param", "fast=1",
                               "--param", "slow=15", "--size", "1", "--fill", "next_open",
                               "--trades", trades, "--orders", orders, "--equity", equity});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string trade_text = read_file(trades);
  EXPECT_EQ(line_count(trade_text), 1u + 12u);
  EXPECT_THAT(trade_text, HasSubstr("2006-01-27T00:00:00Z,2006-03-03T00:00:00Z,long,closed,1,3643.35,3763.95,"));
  EXPECT_EQ(line_count(read_file(orders)), 1u + 23u);
  EXPECT_EQ(line_count(read_file(equity)), 1u + 255u);
}

TEST(CliBacktest, EventEngineReproducesBacktradersStockAndFuturesRuns) {
  const std::vector<std::string> base = {"backtest", daily(), "--engine", "event", "--strategy",
                                         "sma_cross", "--param", "fast=1", "--param", "slow=15",
                                         "--size", "1", "--cash", "10000", "--json"};
  const auto stock = run_qbt(base);
  ASSERT_EQ(stock.exit_code, 0) << stock.err;
  const auto stock_json = nlohmann::json::parse(stock.out);
  EXPECT_NEAR(stock_json.at("stats").at("end_value").get<double>(), 10284.10, 1e-9);
  EXPECT_EQ(stock_json.at("options").at("fill"), "next_open");
  std::vector<std::string> futures = base;
  for (const std::string arg : {"--commission-scheme", "futures", "--fees", "2", "--multiplier",
                                "10", "--margin", "1000"}) {
    futures.push_back(arg);
  }
  const auto future = run_qbt(futures);
  ASSERT_EQ(future.exit_code, 0) << future.err;
  const auto future_json = nlohmann::json::parse(future.out);
  EXPECT_NEAR(future_json.at("stats").at("end_value").get<double>(), 12795.0, 1e-6);
  // backtrader's SQN and yearly TimeReturn analyzers on this run (backtrader_analyzers.json).
  const auto& analyzers = future_json.at("analyzers");
  EXPECT_NEAR(analyzers.at("sqn").at("sqn").get<double>(), 0.912550316439, 1e-12);
  EXPECT_EQ(analyzers.at("sqn").at("trades"), 11);
  EXPECT_NEAR(analyzers.at("time_returns").at("returns").at("2006-12-31").get<double>(), 0.2795, 1e-12);
}

TEST(CliBacktest, BothEnginesAgreeWithCloseFills) {
  std::vector<nlohmann::json> stats;
  for (const std::string engine : {"vector", "event"}) {
    const auto result = run_qbt({"backtest", daily(), "--engine", engine, "--strategy", "ema_cross",
                                 "--param", "fast=5", "--param", "slow=20", "--fill", "close",
                                 "--fees", "0.002", "--direction", "both", "--json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    stats.push_back(nlohmann::json::parse(result.out).at("stats"));
  }
  EXPECT_GT(stats[0].at("total_trades").get<int>(), 5);
  EXPECT_EQ(stats[0].at("total_trades"), stats[1].at("total_trades"));
  for (const char* key : {"end_value", "sharpe_ratio", "max_drawdown_pct", "total_fees_paid"}) {
    EXPECT_NEAR(stats[0].at(key).get<double>(), stats[1].at(key).get<double>(),
                1e-9 * (1.0 + std::abs(stats[0].at(key).get<double>())))
        << key;
  }
}

TEST(CliOptimize, SameBytesForOneAndTwoThreadsAndRankedByTheMetric) {
  const TempDir dir;
  std::vector<std::string> outputs;
  for (const std::string threads : {"1", "2"}) {
    const std::string out = (dir.path() / ("sweep" + threads + ".csv")).string();
    const auto result = run_qbt({"optimize", daily(), "--strategy", "sma_cross", "--grid",
                                 "fast=1:20:1", "--grid", "slow=10:60:5", "--constraint",
                                 "fast<slow", "--fees", "0.001", "--threads", threads, "--out", out});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(result.err.empty()) << result.err;  // no progress bar when not on a terminal
    EXPECT_THAT(result.out, StartsWith("202 combinations of sma_cross on 2006-day-001 (255 bars), "
                                       "ranked by sharpe_ratio\n"));
    outputs.push_back(read_file(out));
  }
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_EQ(line_count(outputs[0]), 1u + 202u);
}

TEST(CliOptimize, JsonTopRowsAreSortedAndRandomSearchIsReproducible) {
  const std::vector<std::string> args = {"optimize", daily(), "--strategy", "ema_cross", "--grid",
                                         "fast=2:20:2", "--grid", "slow=21:60:3", "--random", "40",
                                         "--seed", "7", "--metric", "total_return_pct", "--top",
                                         "10", "--json"};
  const auto first = run_qbt(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, run_qbt(args).out);
  const auto out = nlohmann::json::parse(first.out);
  EXPECT_EQ(out.at("combinations"), 40);
  ASSERT_EQ(out.at("results").size(), 10u);
  double previous = 1e300;
  for (const auto& row : out.at("results")) {
    const double value = row.at("stats").at("total_return_pct").get<double>();
    EXPECT_LE(value, previous);
    previous = value;
  }
}

TEST(CliOptimize, SkipsCombinationsTheStrategyRejects) {
  const auto result = run_qbt({"optimize", daily(), "--strategy", "sma_cross", "--grid",
                               "fast=10:30:10", "--grid", "slow=20:30:10"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err,
            "qbt: note: skipped 3 combination(s) that sma_cross rejects, e.g. sma_cross: "
            "parameter 'fast' must be < 'slow' (20 >= 20)\n");
  EXPECT_THAT(result.out, StartsWith("3 combinations of sma_cross"));
}

}  // namespace
}  // namespace qbt
