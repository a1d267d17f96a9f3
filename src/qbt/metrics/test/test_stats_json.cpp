#include "qbt/metrics/stats_json.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"

namespace qbt::metrics {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

const std::vector<std::string> k_contract = {
    "start", "end", "period", "start_value", "end_value", "total_return_pct",
    "benchmark_return_pct", "max_gross_exposure_pct", "total_fees_paid", "max_drawdown_pct",
    "max_drawdown_duration", "total_trades", "total_closed_trades", "total_open_trades",
    "open_trade_pnl", "win_rate_pct", "best_trade_pct", "worst_trade_pct",
    "avg_winning_trade_pct", "avg_losing_trade_pct", "avg_winning_trade_duration",
    "avg_losing_trade_duration", "profit_factor", "expectancy", "sharpe_ratio", "sortino_ratio",
    "calmar_ratio", "omega_ratio", "cagr_pct", "annual_volatility_pct", "sqn", "exposure_pct"};

Stats sample_stats() {
  Stats s;
  s.start = from_civil({{2020, 1, 1}, 0, 0, 0, 0});
  s.end = from_civil({{2020, 1, 6}, 9, 30, 0, 0});
  s.period = 5 * k_ns_per_day + 3 * k_ns_per_hour;
  s.start_value = 100.0;
  s.end_value = 103.0;
  s.total_return_pct = 3.0;
  s.max_drawdown_duration = k_ns_per_minute;
  s.total_trades = 4;
  s.total_closed_trades = 3;
  s.total_open_trades = 1;
  s.avg_winning_trade_duration = 1.5 * static_cast<double>(k_ns_per_minute);
  s.profit_factor = k_inf;
  s.sharpe_ratio = -k_inf;
  s.sqn = 1.25;
  return s;  // everything else keeps its default: NaN reals, 0 fees / open pnl
}

TEST(StatKeys, FollowTheContractOrder) {
  const auto keys = stat_keys();
  ASSERT_EQ(keys.size(), k_contract.size());
  std::set<std::string_view> labels;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(keys[i].name, k_contract[i]);
    EXPECT_NE(keys[i].integer == nullptr, keys[i].real == nullptr) << keys[i].name;
    labels.insert(keys[i].label);
  }
  EXPECT_EQ(labels.size(), keys.size());  // labels are unique
  EXPECT_EQ(stat_key("total_return_pct").label, "Total Return [%]");
}

TEST(StatsJson, KeysInContractOrder) {
  const nlohmann::ordered_json json = to_json(sample_stats());
  std::vector<std::string> keys;
  for (const auto& item : json.items()) {
    keys.push_back(item.key());
  }
  EXPECT_EQ(keys, k_contract);
  // The order survives serialization.
  const std::string text = json.dump();
  std::size_t previous = 0;
  for (const std::string& key : k_contract) {
    const std::size_t at = text.find("\"" + key + "\":");
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_GE(at, previous) << key;
    previous = at;
  }
}

TEST(StatsJson, ValuesByKind) {
  const nlohmann::ordered_json json = to_json(sample_stats());
  EXPECT_EQ(json.at("start"), "2020-01-01T00:00:00Z");
  EXPECT_EQ(json.at("end"), "2020-01-06T09:30:00Z");
  EXPECT_EQ(json.at("period"), "5 days 03:00:00");
  EXPECT_EQ(json.at("max_drawdown_duration"), "0 days 00:01:00");
  EXPECT_EQ(json.at("avg_winning_trade_duration"), "0 days 00:01:30");
  EXPECT_TRUE(json.at("avg_losing_trade_duration").is_null());  // NaN duration
  EXPECT_TRUE(json.at("total_trades").is_number_integer());
  EXPECT_EQ(json.at("total_trades"), 4);
  EXPECT_EQ(json.at("total_open_trades"), 1);
  EXPECT_EQ(json.at("total_return_pct"), 3.0);
  EXPECT_EQ(json.at("sqn"), 1.25);
  EXPECT_EQ(json.at("total_fees_paid"), 0.0);
  EXPECT_TRUE(json.at("profit_factor").is_null());  // +inf
  EXPECT_TRUE(json.at("sharpe_ratio").is_null());   // -inf
  EXPECT_TRUE(json.at("win_rate_pct").is_null());   // NaN
  // Valid JSON: no inf or nan literals.
  const std::string text = json.dump();
  EXPECT_EQ(text.find("inf"), std::string::npos);
  EXPECT_EQ(text.find("nan"), std::string::npos);
  EXPECT_EQ(nlohmann::ordered_json::parse(text), json);
}

// pandas: str(pd.Timedelta(...)); pd.to_timedelta parses each back.
TEST(FormatTimedelta, MatchesPandas) {
  EXPECT_EQ(format_timedelta(0), "0 days 00:00:00");
  EXPECT_EQ(format_timedelta(k_ns_per_minute), "0 days 00:01:00");
  EXPECT_EQ(format_timedelta(5 * k_ns_per_day + 3 * k_ns_per_hour), "5 days 03:00:00");
  EXPECT_EQ(format_timedelta(k_ns_per_day), "1 days 00:00:00");
  EXPECT_EQ(format_timedelta(400 * k_ns_per_day + 23 * k_ns_per_hour + 59 * k_ns_per_minute +
                             59 * k_ns_per_second),
            "400 days 23:59:59");
  EXPECT_EQ(format_timedelta(500 * k_ns_per_ms), "0 days 00:00:00.500000");
  EXPECT_EQ(format_timedelta(k_ns_per_second + 250 * k_ns_per_us), "0 days 00:00:01.000250");
  EXPECT_EQ(format_timedelta(1), "0 days 00:00:00.000000001");
  EXPECT_EQ(format_timedelta(-k_ns_per_minute), "-1 days +23:59:00");
  EXPECT_EQ(format_timedelta(-k_ns_per_day), "-1 days +00:00:00");
}

TEST(StatMetric, NumericValueOfAKey) {
  const Stats s = sample_stats();
  EXPECT_EQ(stat_metric(s, "sqn"), 1.25);
  EXPECT_EQ(stat_metric(s, "total_trades"), 4.0);
  EXPECT_EQ(stat_metric(s, "period"), static_cast<double>(s.period));
  EXPECT_EQ(stat_metric(s, "avg_winning_trade_duration"), 90e9);
  EXPECT_EQ(stat_metric(s, "profit_factor"), k_inf);
  EXPECT_TRUE(std::isnan(stat_metric(s, "omega_ratio")));
  const StatKey& key = stat_key("sharpe_ratio");
  EXPECT_EQ(stat_value(s, key).number(), -k_inf);
  try {
    (void)stat_metric(s, "sharpe");
    FAIL() << "no exception";
  } catch (const UserInputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("unknown statistic"), std::string::npos) << message;
    EXPECT_NE(message.find("sharpe_ratio"), std::string::npos) << message;
    EXPECT_NE(message.find("exposure_pct"), std::string::npos) << message;
  }
}

TEST(StatsTable, TwoAlignedColumns) {
  const std::string table = format_stats_table(sample_stats());
  std::istringstream lines(table);
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(lines, line)) {
    rows.push_back(line);
  }
  ASSERT_EQ(rows.size(), k_contract.size());
  for (const std::string& row : rows) {
    EXPECT_EQ(row.size(), rows.front().size()) << row;  // values right-aligned to one edge
  }
  EXPECT_EQ(rows[0].rfind("Start ", 0), 0U);
  EXPECT_TRUE(rows[0].ends_with("2020-01-01T00:00:00Z"));
  EXPECT_TRUE(rows[2].ends_with("5 days 03:00:00"));
  EXPECT_TRUE(rows[5].ends_with("3.000000"));
  EXPECT_EQ(rows[5].rfind("Total Return [%]", 0), 0U);
  EXPECT_TRUE(rows[11].ends_with(" 4"));
  EXPECT_TRUE(rows[15].ends_with(" nan"));   // win rate
  EXPECT_TRUE(rows[21].ends_with(" NaT"));   // avg losing trade duration
  EXPECT_TRUE(rows[22].ends_with(" inf"));   // profit factor
  EXPECT_TRUE(rows[24].ends_with(" -inf"));  // sharpe
}

}  // namespace
}  // namespace qbt::metrics
