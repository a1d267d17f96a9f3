// The vectorized engine against backtrader's own strategy test (README.md here): SMA(15)
// crossover of the close on 2006-day-001.txt, one unit per order, market orders filled at the next
// bar's open, 10,000 cash, no commission (the stock-like broker). backtrader asserts the final
// value and cash and the price of every signal and fill, printed with %.2f; qbt must print the
// same strings. sma_cross(fast=1, slow=15) is CrossOver(close, SMA(15)).

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/data/csv_reader.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/testing/test_paths.hpp"
#include "qbt/vector/from_signals.hpp"

namespace qbt {
namespace {

using nlohmann::json;

const json& stock_like() {
  static const json entry = [] {
    std::ifstream file(testing::source_path("tests/reference/backtrader_strategies.json"));
    const json document = json::parse(file);
    for (const json& test : document.at("strategy_tests")) {
      if (test.at("id") == "strategy_unoptimized_stocklike") {
        return test;
      }
    }
    throw std::runtime_error("strategy_unoptimized_stocklike missing");
  }();
  return entry;
}

std::string two_decimals(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

std::vector<std::string> strings(const json& list) {
  std::vector<std::string> out;
  for (const json& value : list) {
    out.push_back(value.get<std::string>());
  }
  return out;
}

struct SmaCrossRun {
  data::BarFrame bars;
  vector::Portfolio portfolio;
};

SmaCrossRun run_sma_cross(vector::FillTiming fill) {
  SmaCrossRun run{data::read_csv(testing::source_path("data/backtrader/2006-day-001.txt")).frame, {}};
  const auto& sma_cross = strategy::builtin_strategies().at("sma_cross");
  const indicators::ParamArg args[] = {{"fast", 1}, {"slow", 15}};
  const strategy::ParamSet params = sma_cross.resolve(args);
  const auto series = strategy::compute_all_series(sma_cross, params, run.bars);
  std::vector<std::span<const double>> views(series.begin(), series.end());
  std::vector<std::uint8_t> entries(run.bars.size()), exits(run.bars.size());
  sma_cross.signals(params, run.bars, views, {entries, exits});
  vector::SimulationOptions options;
  options.init_cash = 10'000;
  options.size_type = vector::SizeType::amount;
  options.size = 1;
  options.fill = fill;
  run.portfolio = vector::from_signals(run.bars, {entries, exits, {}, {}}, options);
  return run;
}

TEST(BacktraderStrategies, StockLikeSmaCrossFinalValueAndCash) {
  const SmaCrossRun run = run_sma_cross(vector::FillTiming::next_open);
  const json& expected = stock_like().at("expected");
  EXPECT_EQ(two_decimals(run.portfolio.value.back()), expected.at("final_value").get<std::string>());
  EXPECT_EQ(two_decimals(run.portfolio.cash.back()), expected.at("final_cash").get<std::string>());
  EXPECT_EQ(run.portfolio.position.back(), 1.0);  // the last position stays open
}

TEST(BacktraderStrategies, StockLikeSmaCrossEveryFillAndSignal) {
  const SmaCrossRun run = run_sma_cross(vector::FillTiming::next_open);
  const json& expected = stock_like().at("expected");
  std::vector<std::string> buys, sells, buy_signals, sell_signals;
  const auto close = run.bars.close();
  for (const exec::OrderRecord& order : run.portfolio.orders) {
    EXPECT_EQ(order.size, 1.0);
    EXPECT_EQ(order.fees, 0.0);
    // A next-open fill on bar t answers the signal at the close of bar t - 1.
    const std::string signal_close = two_decimals(close[static_cast<std::size_t>(order.bar - 1)]);
    if (order.side == exec::Side::buy) {
      buys.push_back(two_decimals(order.price));
      buy_signals.push_back(signal_close);
    } else {
      sells.push_back(two_decimals(order.price));
      sell_signals.push_back(signal_close);
    }
  }
  EXPECT_EQ(buys, strings(expected.at("buy_exec_price")));
  EXPECT_EQ(sells, strings(expected.at("sell_exec_price")));
  EXPECT_EQ(buy_signals, strings(expected.at("buy_create_close")));
  EXPECT_EQ(sell_signals, strings(expected.at("sell_create_close")));
  ASSERT_EQ(buys.size(), 12u);
  ASSERT_EQ(sells.size(), 11u);
}

TEST(BacktraderStrategies, StockLikeOrdersFillOnTheBarsBacktraderReports) {
  const SmaCrossRun run = run_sma_cross(vector::FillTiming::next_open);
  const json& orders = stock_like().at("derived_from_run").at("orders");
  ASSERT_EQ(run.portfolio.orders.size(), orders.size());
  for (std::size_t k = 0; k < orders.size(); ++k) {
    EXPECT_EQ(run.portfolio.orders[k].bar, orders[k].at("executed_index").get<std::int64_t>()) << k;
  }
}

TEST(BacktraderStrategies, CloseFillsTradeTheSignalBarsClose) {
  // vectorbt's default timing on the same signals: each fill is the signal bar's close.
  const SmaCrossRun run = run_sma_cross(vector::FillTiming::close);
  const json& expected = stock_like().at("expected");
  std::vector<std::string> buys;
  for (const exec::OrderRecord& order : run.portfolio.orders) {
    if (order.side == exec::Side::buy) {
      buys.push_back(two_decimals(order.price));
    }
  }
  EXPECT_EQ(buys, strings(expected.at("buy_create_close")));
}

}  // namespace
}  // namespace qbt
