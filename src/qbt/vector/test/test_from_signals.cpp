#include "qbt/vector/from_signals.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/core/timestamp.hpp"

namespace qbt::vector {
namespace {

using Flags = std::vector<std::uint8_t>;

std::vector<Timestamp> daily(std::size_t n) {
  std::vector<Timestamp> ts(n);
  for (std::size_t i = 0; i < n; ++i) {
    ts[i] = static_cast<Timestamp>(i) * k_ns_per_day;
  }
  return ts;
}

Flags flags(std::size_t n, std::initializer_list<std::size_t> on) {
  Flags out(n, 0);
  for (std::size_t i : on) {
    out[i] = 1;
  }
  return out;
}

struct Case {
  std::vector<double> open, high, low, close;
  std::vector<Timestamp> ts;
  explicit Case(std::vector<double> c) : open(c), high(c), low(c), close(std::move(c)), ts(daily(close.size())) {}
  Case(std::vector<double> o, std::vector<double> h, std::vector<double> l, std::vector<double> c)
      : open(std::move(o)), high(std::move(h)), low(std::move(l)), close(std::move(c)), ts(daily(close.size())) {}
  [[nodiscard]] PriceColumns prices() const { return {open, high, low, close}; }
  [[nodiscard]] TimeAxis time() const { return {ts, k_ns_per_day}; }
  [[nodiscard]] Portfolio run(const Flags& entries, const Flags& exits,
                              const SimulationOptions& options) const {
    return from_signals(prices(), time(), SignalColumns{entries, exits, {}, {}}, options);
  }
};

SimulationOptions cash(double amount) {
  SimulationOptions options;
  options.init_cash = amount;
  return options;
}

TEST(FromSignals, LongOnlyAllCashAtTheClose) {
  const Case c({10, 11, 12, 11, 13, 12});
  const Portfolio p = c.run(flags(6, {0, 3}), flags(6, {2}), cash(100));
  ASSERT_EQ(p.orders.size(), 3u);
  EXPECT_EQ(p.orders[0].bar, 0);
  EXPECT_DOUBLE_EQ(p.orders[0].size, 10.0);
  EXPECT_EQ(p.orders[1].side, exec::Side::sell);
  EXPECT_DOUBLE_EQ(p.orders[1].price, 12.0);
  EXPECT_DOUBLE_EQ(p.orders[2].size, 120.0 / 11.0);
  EXPECT_DOUBLE_EQ(p.value[5], 120.0 / 11.0 * 12.0);
  EXPECT_DOUBLE_EQ(p.cash[2], 120.0);
  EXPECT_EQ(p.position[2], 0.0);
  ASSERT_EQ(p.trades.size(), 2u);
  EXPECT_DOUBLE_EQ(p.trades[0].pnl, 20.0);
  EXPECT_DOUBLE_EQ(p.trades[0].return_, 0.2);
  EXPECT_FALSE(p.trades[0].is_open);
  EXPECT_TRUE(p.trades[1].is_open);
  EXPECT_DOUBLE_EQ(p.trades[1].pnl, 120.0 / 11.0);
  EXPECT_DOUBLE_EQ(p.stats.end_value, 120.0 / 11.0 * 12.0);
  EXPECT_EQ(p.stats.total_trades, 2);
  EXPECT_EQ(p.stats.total_closed_trades, 1);
}

TEST(FromSignals, NextOpenFillsAtTheFollowingOpen) {
  const Case c({10, 10.5, 12.5, 11, 13, 12}, {11, 12, 13, 12, 14, 13}, {9, 10, 11, 10, 12, 11},
               {10.5, 11, 12, 11, 13, 12});
  SimulationOptions options = cash(100);
  options.fill = FillTiming::next_open;
  const Portfolio p = c.run(flags(6, {0, 5}), flags(6, {2}), options);
  ASSERT_EQ(p.orders.size(), 2u);  // the entry on the last bar never fills
  EXPECT_EQ(p.orders[0].bar, 1);
  EXPECT_DOUBLE_EQ(p.orders[0].price, 10.5);
  EXPECT_EQ(p.orders[1].bar, 3);
  EXPECT_DOUBLE_EQ(p.orders[1].price, 11.0);
  EXPECT_EQ(p.position[0], 0.0);
  EXPECT_DOUBLE_EQ(p.cash[3], 100.0 / 10.5 * 11.0);
}

TEST(FromSignals, FeesAndSlippageFollowVectorbt) {
  const Case c({10, 11, 12});
  SimulationOptions options = cash(100);
  options.fees.fraction = 0.01;
  options.slippage.fraction = 0.1;
  const Portfolio p = c.run(flags(3, {0}), flags(3, {2}), options);
  ASSERT_EQ(p.orders.size(), 2u);
  // Buy at 11 (10 + 10%), spending exactly 100 with 1% fees on top of the value.
  EXPECT_DOUBLE_EQ(p.orders[0].price, 11.0);
  EXPECT_NEAR(p.orders[0].size, 100.0 / 1.01 / 11.0, 1e-12);
  EXPECT_NEAR(p.orders[0].fees, 100.0 - 100.0 / 1.01, 1e-12);
  // Sell at 10.8 (12 - 10%), paying 1% of the proceeds.
  const double units = p.orders[0].size;
  EXPECT_DOUBLE_EQ(p.orders[1].price, 12.0 * 0.9);
  EXPECT_NEAR(p.orders[1].fees, units * 10.8 * 0.01, 1e-12);
  EXPECT_NEAR(p.cash[2], units * 10.8 * 0.99, 1e-12);
  EXPECT_NEAR(p.stats.total_fees_paid, p.orders[0].fees + p.orders[1].fees, 1e-12);
}

TEST(FromSignals, ShortOnlyGainsWhenPriceFalls) {
  const Case c({10, 9, 8, 9});
  SimulationOptions options = cash(100);
  options.direction = Direction::short_only;
  const Portfolio p = c.run(flags(4, {0}), flags(4, {2}), options);
  ASSERT_EQ(p.orders.size(), 2u);
  EXPECT_EQ(p.orders[0].side, exec::Side::sell);
  EXPECT_DOUBLE_EQ(p.orders[0].size, 10.0);
  EXPECT_DOUBLE_EQ(p.position[1], -10.0);
  EXPECT_DOUBLE_EQ(p.value[1], 110.0);
  EXPECT_DOUBLE_EQ(p.value[3], 120.0);
  ASSERT_EQ(p.trades.size(), 1u);
  EXPECT_FALSE(p.trades[0].is_long);
  EXPECT_DOUBLE_EQ(p.trades[0].pnl, 20.0);
}

TEST(FromSignals, BothReversesOnOppositeSignals) {
  const Case c({10, 12, 10, 8, 10});
  SimulationOptions options = cash(100);
  options.direction = Direction::both;
  const Portfolio p = c.run(flags(5, {0, 3}), flags(5, {1}), options);
  // Long 10 @10; at 12 close (120 cash) and short 10 @12; at 8 cover (+40 -> 160) and go long 20 @8.
  ASSERT_EQ(p.orders.size(), 5u);
  EXPECT_DOUBLE_EQ(p.position[1], -10.0);
  EXPECT_DOUBLE_EQ(p.value[2], 140.0);
  EXPECT_DOUBLE_EQ(p.position[3], 20.0);
  EXPECT_DOUBLE_EQ(p.value[4], 200.0);
  ASSERT_EQ(p.trades.size(), 3u);
  EXPECT_DOUBLE_EQ(p.trades[1].pnl, 40.0);
}

TEST(FromSignals, ConflictingSignalsOnOneBarAreIgnored) {
  const Case c({10, 11, 12});
  const Portfolio p = c.run(flags(3, {0, 1}), flags(3, {1}), cash(100));
  ASSERT_EQ(p.orders.size(), 1u);  // bar 1 has an entry and an exit: nothing happens
  EXPECT_DOUBLE_EQ(p.position[2], 10.0);
}

TEST(FromSignals, AccumulateAddsAndSizesInUnits) {
  const Case c({10, 20, 30});
  SimulationOptions options = cash(1000);
  options.size_type = SizeType::amount;
  options.size = 2;
  const Portfolio once = c.run(flags(3, {0, 1}), flags(3, {}), options);
  EXPECT_DOUBLE_EQ(once.position[2], 2.0);
  options.accumulate = true;
  const Portfolio added = c.run(flags(3, {0, 1}), flags(3, {}), options);
  EXPECT_DOUBLE_EQ(added.position[2], 4.0);
  ASSERT_EQ(added.trades.size(), 1u);
  EXPECT_DOUBLE_EQ(added.trades[0].entry_price, 15.0);
}

TEST(FromSignals, ValueAndPercentSizes) {
  const Case c({10, 20});
  SimulationOptions options = cash(1000);
  options.size_type = SizeType::value;
  options.size = 250;
  EXPECT_DOUBLE_EQ(c.run(flags(2, {0}), flags(2, {}), options).position[0], 25.0);
  options.size_type = SizeType::percent;
  options.size = 0.5;
  EXPECT_DOUBLE_EQ(c.run(flags(2, {0}), flags(2, {}), options).position[0], 50.0);
}

TEST(FromSignals, StopLossFillsAtTheLevelOrTheGappedOpen) {
  //            bar 0  bar 1 (touches 90)  bar 2
  const Case touch({100, 95, 93}, {100, 96, 95}, {100, 89, 92}, {100, 94, 93});
  SimulationOptions options = cash(1000);
  options.sl_stop = 0.1;
  const Portfolio p = touch.run(flags(3, {0}), flags(3, {}), options);
  ASSERT_EQ(p.orders.size(), 2u);
  EXPECT_EQ(p.orders[1].reason, exec::OrderReason::stop_loss);
  EXPECT_EQ(p.orders[1].bar, 1);
  EXPECT_DOUBLE_EQ(p.orders[1].price, 90.0);

  const Case gap({100, 85, 86}, {100, 88, 87}, {100, 84, 85}, {100, 86, 86});
  const Portfolio g = gap.run(flags(3, {0}), flags(3, {}), options);
  ASSERT_EQ(g.orders.size(), 2u);
  EXPECT_DOUBLE_EQ(g.orders[1].price, 85.0);
}

TEST(FromSignals, TakeProfitAndTrailingStop) {
  const Case c({100, 105, 118, 110}, {100, 112, 120, 111}, {100, 104, 110, 107},
               {100, 110, 115, 108});
  SimulationOptions options = cash(1000);
  options.tp_stop = 0.1;
  const Portfolio tp = c.run(flags(4, {0}), flags(4, {}), options);
  ASSERT_EQ(tp.orders.size(), 2u);
  EXPECT_EQ(tp.orders[1].reason, exec::OrderReason::take_profit);
  EXPECT_EQ(tp.orders[1].bar, 1);
  EXPECT_DOUBLE_EQ(tp.orders[1].price, 110.0);

  options.tp_stop = 0.0;
  options.trail_stop = 0.1;
  // Peak after bar 2 is 120, so bar 3's level is 108 and its low 107 reaches it.
  const Portfolio trail = c.run(flags(4, {0}), flags(4, {}), options);
  ASSERT_EQ(trail.orders.size(), 2u);
  EXPECT_EQ(trail.orders[1].reason, exec::OrderReason::trailing_stop);
  EXPECT_EQ(trail.orders[1].bar, 3);
  EXPECT_DOUBLE_EQ(trail.orders[1].price, 108.0);
}

TEST(FromSignals, StopLossBeatsTakeProfitInsideOneBar) {
  const Case c({100, 100}, {100, 115}, {100, 85}, {100, 100});
  SimulationOptions options = cash(1000);
  options.sl_stop = 0.1;
  options.tp_stop = 0.1;
  const Portfolio p = c.run(flags(2, {0}), flags(2, {}), options);
  ASSERT_EQ(p.orders.size(), 2u);
  EXPECT_EQ(p.orders[1].reason, exec::OrderReason::stop_loss);
}

TEST(FromSignals, ShortStopLossIsAboveTheEntry) {
  const Case c({100, 104, 100}, {100, 111, 101}, {100, 103, 99}, {100, 108, 100});
  SimulationOptions options = cash(1000);
  options.direction = Direction::short_only;
  options.sl_stop = 0.1;
  const Portfolio p = c.run(flags(3, {0}), flags(3, {}), options);
  ASSERT_EQ(p.orders.size(), 2u);
  EXPECT_EQ(p.orders[1].side, exec::Side::buy);
  EXPECT_DOUBLE_EQ(p.orders[1].price, 110.0);
}

TEST(FromSignals, RejectsBadOptionsAndLengths) {
  const Case c({10, 11});
  SimulationOptions options = cash(0);
  EXPECT_THROW((void)c.run(flags(2, {}), flags(2, {}), options), UserInputError);
  options = cash(100);
  options.sl_stop = -0.5;
  EXPECT_THROW((void)c.run(flags(2, {}), flags(2, {}), options), UserInputError);
  EXPECT_THROW((void)c.run(flags(3, {}), flags(2, {}), cash(100)), UserInputError);
}

}  // namespace
}  // namespace qbt::vector
