#include "qbt/event/engine.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/core/error.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/testing/test_paths.hpp"
#include "qbt/vector/from_signals.hpp"

namespace qbt::event {
namespace {

/// backtrader's test strategy (tests/test_strategy_unoptimized.py): CrossOver(close, SMA(period)),
/// buy when flat and the close crosses up, close the position when it crosses down, nothing
/// while an order is pending.
class SmaCrossStrategy final : public Strategy {
public:
  explicit SmaCrossStrategy(std::int32_t period) : period_(period) {}

  void on_start(Context& context) override {
    sma_ = context.indicator("SMA", {{"period", static_cast<double>(period_)}});
    cross_ = context.indicator("CrossOver", {}, {context.feed().close(), sma_.line()});
  }
  void on_order(Context& /*context*/, const Order& order) override {
    if (order.id == pending_ && !order.alive()) {
      pending_ = k_no_order;
    }
  }
  void on_bar(Context& context) override {
    if (pending_ != k_no_order) {
      return;
    }
    if (context.position() == 0.0) {
      if (cross_(0) > 0.0) {
        pending_ = context.buy();
      }
    } else if (cross_(0) < 0.0) {
      pending_ = context.close();
    }
  }

private:
  std::int32_t period_;
  IndicatorRef sma_;
  IndicatorRef cross_;
  OrderId pending_ = k_no_order;
};

data::BarFrame daily_2006() {
  return data::read_csv(testing::source_path("data/backtrader/2006-day-001.txt")).frame;
}

const nlohmann::json& expected(const std::string& id) {
  static const nlohmann::json document = [] {
    std::ifstream file(testing::source_path("tests/reference/backtrader_strategies.json"));
    return nlohmann::json::parse(file);
  }();
  for (const auto& test : document.at("strategy_tests")) {
    if (test.at("id") == id) {
      return test.at("expected");
    }
  }
  throw std::runtime_error(id);
}

std::string two_decimals(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

void expect_backtrader_run(const RunResult& result, const nlohmann::json& want) {
  EXPECT_EQ(two_decimals(result.value.back()), want.at("final_value").get<std::string>());
  EXPECT_EQ(two_decimals(result.cash.back()), want.at("final_cash").get<std::string>());
  std::vector<std::string> buys;
  std::vector<std::string> sells;
  for (const FillRecord& fill : result.fills) {
    (fill.fill.side == exec::Side::buy ? buys : sells).push_back(two_decimals(fill.fill.price));
  }
  std::vector<std::string> want_buys;
  std::vector<std::string> want_sells;
  for (const auto& price : want.at("buy_exec_price")) {
    want_buys.push_back(price.get<std::string>());
  }
  for (const auto& price : want.at("sell_exec_price")) {
    want_sells.push_back(price.get<std::string>());
  }
  EXPECT_EQ(buys, want_buys);
  EXPECT_EQ(sells, want_sells);
}

TEST(EventEngine, ReproducesBacktradersStockLikeSmaCross) {
  EngineOptions options;
  options.broker.cash = 10'000;
  Engine engine(options);
  engine.add_feed(daily_2006());
  SmaCrossStrategy strategy(15);
  const RunResult result = engine.run(strategy);
  expect_backtrader_run(result, expected("strategy_unoptimized_stocklike"));
}

TEST(EventEngine, ReproducesBacktradersFuturesLikeSmaCross) {
  // setcommission(commission=2.0, mult=10.0, margin=1000.0)
  EngineOptions options;
  options.broker.cash = 10'000;
  options.broker.fees.per_unit = 2.0;
  options.broker.instrument.multiplier = 10.0;
  options.broker.instrument.margin = 1000.0;
  Engine engine(options);
  engine.add_feed(daily_2006());
  SmaCrossStrategy strategy(15);
  const RunResult result = engine.run(strategy);
  expect_backtrader_run(result, expected("strategy_unoptimized_futureslike"));
  for (const FillRecord& fill : result.fills) {
    EXPECT_EQ(fill.fill.fees, 2.0);
  }
}

/// Replays precomputed flags: long on an entry, flat on an exit, all the cash.
class FlagStrategy final : public Strategy {
public:
  FlagStrategy(const std::vector<std::uint8_t>& entries, const std::vector<std::uint8_t>& exits)
      : entries_(entries), exits_(exits) {}
  void on_start(Context& context) override { context.set_sizer(all_in()); }
  void on_bar(Context& context) override {
    const std::size_t i = context.feed().size() - 1;
    if (context.position() == 0.0 && entries_[i] != 0 && exits_[i] == 0) {
      context.buy();
    } else if (context.position() > 0.0 && exits_[i] != 0 && entries_[i] == 0) {
      context.close();
    }
  }

private:
  const std::vector<std::uint8_t>& entries_;
  const std::vector<std::uint8_t>& exits_;
};

TEST(EventEngine, SameTradesAndEquityAsTheVectorizedEngineWithCloseFills) {
  data::SyntheticOptions synthetic;
  synthetic.bars = 20'000;
  synthetic.seed = 9;
  synthetic.volatility = 0.5;
  const data::BarFrame bars = data::generate_bars(synthetic);
  const auto& sma_cross = strategy::builtin_strategies().at("sma_cross");
  const indicators::ParamArg args[] = {{"fast", 10}, {"slow", 40}};
  const strategy::ParamSet params = sma_cross.resolve(args);
  const auto series = strategy::compute_all_series(sma_cross, params, bars);
  std::vector<std::span<const double>> views(series.begin(), series.end());
  std::vector<std::uint8_t> entries(bars.size());
  std::vector<std::uint8_t> exits(bars.size());
  sma_cross.signals(params, bars, views, {entries, exits});

  vector::SimulationOptions vector_options;
  vector_options.init_cash = 100'000;
  vector_options.fees.fraction = 0.001;
  vector_options.fees.fixed = 1.0;
  const vector::Portfolio vectorized =
      vector::from_signals(bars, {entries, exits, {}, {}}, vector_options);

  EngineOptions options;
  options.broker.cash = 100'000;
  options.broker.fees = vector_options.fees;
  options.broker.cheat_on_close = true;
  Engine engine(options);
  engine.add_feed(bars);
  FlagStrategy flags(entries, exits);
  const RunResult event = engine.run(flags);

  ASSERT_EQ(event.fills.size(), vectorized.orders.size());
  ASSERT_GT(event.fills.size(), 50u);
  for (std::size_t k = 0; k < event.fills.size(); ++k) {
    EXPECT_EQ(event.fills[k].fill.bar, vectorized.orders[k].bar) << k;
    EXPECT_NEAR(event.fills[k].fill.price, vectorized.orders[k].price, 1e-9) << k;
    EXPECT_NEAR(event.fills[k].fill.size, vectorized.orders[k].size, 1e-9) << k;
    EXPECT_NEAR(event.fills[k].fill.fees, vectorized.orders[k].fees, 1e-9) << k;
  }
  ASSERT_EQ(event.value.size(), vectorized.value.size());
  for (std::size_t i = 0; i < event.value.size(); ++i) {
    ASSERT_NEAR(event.value[i], vectorized.value[i], 1e-9 * vectorized.value[i]) << "bar " << i;
  }
  ASSERT_EQ(event.trades.size(), vectorized.trades.size());
  for (std::size_t k = 0; k < event.trades.size(); ++k) {
    EXPECT_NEAR(event.trades[k].trade.pnl, vectorized.trades[k].pnl, 1e-9 * 100'000) << k;
  }
  EXPECT_NEAR(event.stats.sharpe_ratio, vectorized.stats.sharpe_ratio, 1e-9);
  EXPECT_NEAR(event.stats.max_drawdown_pct, vectorized.stats.max_drawdown_pct, 1e-9);
  EXPECT_NEAR(event.stats.end_value, vectorized.stats.end_value, 1e-6);
  EXPECT_EQ(event.stats.total_trades, vectorized.stats.total_trades);
}

/// Records what it sees and trades on it, to show that nothing depends on later bars.
class Recorder final : public Strategy {
public:
  void on_start(Context& context) override {
    sma_ = context.indicator("SMA", {{"period", 5}});
    weekly_ = context.indicator("SMA", {{"period", 3}}, 1);
  }
  void on_bar(Context& context) override {
    seen.push_back(context.feed().close(0));
    seen.push_back(sma_(0));
    seen.push_back(weekly_(0));
    seen.push_back(context.feed(1).close(0));
    seen.push_back(static_cast<double>(context.feed(1).size()));
    if (context.feed().close(0) > sma_(0) && context.position() == 0.0) {
      context.buy(1.0);
    } else if (context.feed().close(0) < sma_(0) && context.position() > 0.0) {
      context.close();
    }
  }
  std::vector<double> seen;

private:
  IndicatorRef sma_;
  IndicatorRef weekly_;
};

TEST(EventEngine, ChangingLaterBarsChangesNothingBefore) {
  data::SyntheticOptions synthetic;
  synthetic.bars = 300;
  synthetic.seed = 4;
  synthetic.frequency = Frequency::days(1);
  const data::BarFrame bars = data::generate_bars(synthetic);
  const std::size_t cut = 150;
  data::BarBuffer buffer(bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    buffer.timestamps()[i] = bars.timestamps()[i];
    const double scale = i > cut ? 1.3 : 1.0;
    for (data::Field f : {data::Field::open, data::Field::high, data::Field::low,
                          data::Field::close, data::Field::volume}) {
      buffer.column(f)[i] = bars.field(f)[i] * scale;
    }
  }
  const data::BarFrame changed = buffer.finish(bars.size(), "SYNTH");
  std::vector<std::vector<double>> seen;
  std::vector<RunResult> results;
  for (const data::BarFrame* frame : {&bars, &changed}) {
    Engine engine;
    const std::size_t daily = engine.add_feed(*frame);
    engine.add_resampled_feed(daily, Frequency::days(7));
    Recorder recorder;
    results.push_back(engine.run(recorder));
    seen.push_back(recorder.seen);
  }
  // Bar `cut` of the weekly feed may include later days only once its week has closed, which
  // is after `cut`; so everything up to `cut` must be identical.
  const auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
  std::size_t weekly_defined = 0;
  for (std::size_t i = 0; i <= cut; ++i) {
    for (std::size_t v = 0; v < 5; ++v) {
      ASSERT_TRUE(same(seen[0][5 * i + v], seen[1][5 * i + v])) << "bar " << i << " value " << v;
    }
    weekly_defined += std::isnan(seen[0][5 * i + 2]) ? 0 : 1;
    ASSERT_EQ(results[0].value[i], results[1].value[i]) << "bar " << i;
  }
  EXPECT_GT(weekly_defined, 50u);  // the weekly SMA was in play before the cut
  EXPECT_NE(results[0].value.back(), results[1].value.back());  // and the change did matter later
}

TEST(EventEngine, AWeeklyBarBecomesVisibleOnItsLastDay) {
  const data::BarFrame daily = daily_2006();
  Engine engine;
  engine.add_feed(daily);
  const std::size_t weekly = engine.add_resampled_feed(0, Frequency::days(7));
  struct Watch final : Strategy {
    std::vector<std::size_t> lengths;
    std::vector<Timestamp> last_weekly;
    void on_bar(Context& context) override {
      lengths.push_back(context.feed(1).size());
      last_weekly.push_back(context.feed(1).time(0));
    }
  } watch;
  (void)weekly;
  (void)engine.run(watch);
  ASSERT_EQ(watch.lengths.size(), daily.size());
  EXPECT_EQ(watch.lengths.back(), 52u);  // backtrader's 2006-week-001.txt has 52 weeks
  for (std::size_t i = 0; i < daily.size(); ++i) {
    if (watch.lengths[i] > 0) {
      // The newest visible weekly bar is stamped with a day at or before today.
      EXPECT_LE(watch.last_weekly[i], daily.timestamps()[i]);
    }
  }
  EXPECT_EQ(watch.lengths[0], 0u);  // 2006-01-02 is a Monday: its week closes on Friday
}

data::BarFrame frame_of(std::vector<std::int64_t> days, double price) {
  data::BarBuffer buffer(days.size());
  for (std::size_t i = 0; i < days.size(); ++i) {
    buffer.timestamps()[i] = days[i] * k_ns_per_day;
    const double p = price + static_cast<double>(i);
    buffer.column(data::Field::open)[i] = p;
    buffer.column(data::Field::high)[i] = p + 0.5;
    buffer.column(data::Field::low)[i] = p - 0.5;
    buffer.column(data::Field::close)[i] = p + 0.25;
    buffer.column(data::Field::volume)[i] = 1000;
  }
  return buffer.finish(days.size(), "X");
}

TEST(EventEngine, TwoFeedsShareOneClockAndOneCash) {
  // Feed 0 trades on days 0, 1, 2, 4; feed 1 on days 1, 2, 3, 4: the clock has days 0..4.
  Engine engine;
  engine.add_feed(frame_of({0, 1, 2, 4}, 100.0));
  engine.add_feed(frame_of({1, 2, 3, 4}, 50.0));
  struct Both final : Strategy {
    std::vector<std::size_t> sizes0, sizes1;
    void on_bar(Context& context) override {
      sizes0.push_back(context.feed(0).size());
      sizes1.push_back(context.feed(1).size());
      if (context.bar_count() == 1) {
        context.buy(2.0, 0);  // fills on feed 0's next bar (day 1)
        context.buy(4.0, 1);  // feed 1's first bar is day 1, created before it: fills there
      }
    }
  } both;
  const RunResult result = engine.run(both);
  EXPECT_EQ(result.clock.size(), 5u);
  EXPECT_EQ(both.sizes0, (std::vector<std::size_t>{1, 2, 3, 3, 4}));
  EXPECT_EQ(both.sizes1, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  ASSERT_EQ(result.fills.size(), 2u);
  EXPECT_EQ(result.fills[0].feed, 0u);
  EXPECT_EQ(result.fills[0].fill.price, 101.0);  // feed 0's open on day 1
  EXPECT_EQ(result.fills[1].feed, 1u);
  EXPECT_EQ(result.fills[1].fill.price, 50.0);   // feed 1's open on day 1
  // Value on the last day: cash + 2 * feed 0's close + 4 * feed 1's close.
  const double cash = 10'000.0 - 2.0 * 101.0 - 4.0 * 50.0;
  EXPECT_DOUBLE_EQ(result.cash.back(), cash);
  EXPECT_DOUBLE_EQ(result.value.back(), cash + 2.0 * 103.25 + 4.0 * 53.25);
  EXPECT_DOUBLE_EQ(result.positions[1][4], 4.0);
}

TEST(EventEngine, OrderStatusesArriveInTheOrderTheyHappened) {
  Engine engine;
  engine.add_feed(frame_of({0, 1, 2}, 10.0));
  struct Watch final : Strategy {
    std::vector<OrderStatus> seen;
    void on_order(Context& /*context*/, const Order& order) override { seen.push_back(order.status); }
    void on_bar(Context& context) override {
      if (context.bar_count() == 1) {
        context.buy(1.0);    // accepted now, completed at the next open
        context.buy(1e9);    // accepted now, refused (margin) at the next open
      }
    }
  } watch;
  (void)engine.run(watch);
  EXPECT_EQ(watch.seen, (std::vector<OrderStatus>{OrderStatus::accepted, OrderStatus::accepted,
                                                  OrderStatus::completed, OrderStatus::margin}));
}

TEST(EventEngine, OrdersOnDifferentFeedsFillInTheOrderTheyWereSent) {
  // Sell feed 1, then buy feed 0 with all the cash: the sale pays for the buy at the same open.
  Engine engine;
  engine.add_feed(frame_of({0, 1, 2, 3}, 100.0));
  engine.add_feed(frame_of({0, 1, 2, 3}, 50.0));
  struct Rotate final : Strategy {
    void on_start(Context& context) override { context.set_sizer(all_in()); }
    void on_bar(Context& context) override {
      if (context.bar_count() == 1) {
        context.buy(100.0, 1);
      } else if (context.bar_count() == 2) {
        context.close(1);
        context.buy(std::numeric_limits<double>::quiet_NaN(), 0);
      }
    }
  } rotate;
  const RunResult result = engine.run(rotate);
  ASSERT_EQ(result.fills.size(), 3u);
  EXPECT_EQ(result.fills[2].feed, 0u);
  EXPECT_EQ(result.positions[1].back(), 0.0);
  EXPECT_GT(result.positions[0].back(), 90.0);  // about 10,000 / 102
}

TEST(EventEngine, AskingForAnOrderThatWasNeverSentIsAUserError) {
  Engine engine;
  engine.add_feed(frame_of({0, 1}, 10.0));
  struct Ask final : Strategy {
    void on_bar(Context& context) override { (void)context.order(k_no_order); }
  } ask;
  EXPECT_THROW((void)engine.run(ask), UserInputError);
}

TEST(EventEngine, RejectsFeedsWithoutBarsAndRunsOnce) {
  Engine empty;
  data::BarBuffer buffer(0);
  empty.add_feed(buffer.finish(0, "EMPTY"));
  struct Idle final : Strategy {
    void on_bar(Context& /*context*/) override {}
  } idle;
  EXPECT_THROW((void)empty.run(idle), UserInputError);
  Engine none;
  EXPECT_THROW((void)none.run(idle), UserInputError);
  Engine once;
  once.add_feed(frame_of({0, 1}, 10.0));
  (void)once.run(idle);
  EXPECT_THROW((void)once.run(idle), UserInputError);
}

}  // namespace
}  // namespace qbt::event
