#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/data/csv_reader.hpp"
#include "qbt/event/analyzers.hpp"
#include "qbt/event/analyzers_json.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::event {
namespace {

Timestamp date(std::int32_t year, std::int32_t month, std::int32_t day) {
  return days_from_civil(year, month, day) * k_ns_per_day;
}

// --- Unit tests on a hand-made run

/// Seven daily ticks over a year end, a month end and several ISO weeks, starting from 100:
///
///   tick  date         weekday  value  cash
///   0     2023-12-28   Thu      110    60
///   1     2023-12-29   Fri       99    99
///   2     2024-01-02   Tue      121    121
///   3     2024-01-03   Wed      110    110
///   4     2024-01-08   Mon      132    132
///   5     2024-02-01   Thu      120    120
///   6     2024-02-02   Fri      126    126
///
/// Feed 0 holds 2 units on tick 0 (mark 25); feed 1 is a resampled feed (no positions). Trades
/// (feed, side, entry -> exit tick, net pnl, fees each side): #1 0 long 0->1 +10 (1); #2 0 long
/// 2->3 -5 (0.5); #3 2 short 3->5 +20 (1); #4 0 long 4->6 0 (none); #5 0 long, open from 6, pnl
/// 3. Each analyzer reads only its own fields, so the parts need not tell one consistent story.
RunResult hand_made_run() {
  RunResult run;
  run.clock = {date(2023, 12, 28), date(2023, 12, 29), date(2024, 1, 2), date(2024, 1, 3),
               date(2024, 1, 8),   date(2024, 2, 1),   date(2024, 2, 2)};
  run.value = {110, 99, 121, 110, 132, 120, 126};
  run.cash = {60, 99, 121, 110, 132, 120, 126};
  run.positions = {{2, 0, 0, 0, 0, 0, 0}, {}};
  run.marks = {{25, 24, 26, 27, 28, 29, 30}, {}};
  run.stats.start_value = 100;
  run.start_cash = 100;
  run.stats.sharpe_ratio = 1.5;

  const auto trade = [](std::size_t feed, bool is_long, std::int64_t entry, std::int64_t exit,
                        double pnl, double fees, bool is_open = false) {
    TradeEvent event;
    event.feed = feed;
    event.trade.entry_bar = entry;
    event.trade.exit_bar = exit;
    event.trade.size = 1;
    event.trade.pnl = pnl;
    event.trade.entry_fees = fees;
    event.trade.exit_fees = fees;
    event.trade.is_long = is_long;
    event.trade.is_open = is_open;
    return event;
  };
  run.trades = {trade(0, true, 0, 1, 10, 1), trade(0, true, 2, 3, -5, 0.5),
                trade(2, false, 3, 5, 20, 1), trade(0, true, 4, 6, 0, 0),
                trade(0, true, 6, 6, 3, 0, true)};

  FillRecord buy;
  buy.feed = 0;
  buy.order = 0;
  buy.fill = {.bar = 0, .side = exec::Side::buy, .size = 2, .price = 50, .fees = 1};
  FillRecord sell;
  sell.feed = 0;
  sell.order = 1;
  sell.fill = {.bar = 1, .side = exec::Side::sell, .size = 2, .price = 55, .fees = 1};
  run.fills = {buy, sell};
  return run;
}

TEST(AnalyzerPeriods, EndOnTheLastDayOfTheirPeriod) {
  const Timestamp noon = date(2024, 12, 31) + 12 * k_ns_per_hour;  // a Tuesday
  EXPECT_EQ(period_end(noon, TimePeriod::day), date(2024, 12, 31));
  // ISO week Monday 2024-12-30 .. Sunday 2025-01-05: the week crosses the year.
  EXPECT_EQ(period_end(noon, TimePeriod::week), date(2025, 1, 5));
  EXPECT_EQ(period_end(date(2025, 1, 5), TimePeriod::week), date(2025, 1, 5));   // Sunday itself
  EXPECT_EQ(period_end(date(2025, 1, 6), TimePeriod::week), date(2025, 1, 12));  // Monday
  EXPECT_EQ(period_end(noon, TimePeriod::month), date(2024, 12, 31));
  EXPECT_EQ(period_end(date(2024, 2, 10), TimePeriod::month), date(2024, 2, 29));  // leap year
  EXPECT_EQ(period_end(date(2023, 2, 10), TimePeriod::month), date(2023, 2, 28));
  EXPECT_EQ(period_end(date(2006, 12, 29), TimePeriod::year), date(2006, 12, 31));
  EXPECT_EQ(period_end(date(1969, 7, 20) + 1, TimePeriod::year), date(1969, 12, 31));  // pre-epoch
  EXPECT_EQ(periods_per_year(TimePeriod::day), 252.0);
  EXPECT_EQ(periods_per_year(TimePeriod::week), 52.0);
  EXPECT_EQ(periods_per_year(TimePeriod::month), 12.0);
  EXPECT_EQ(periods_per_year(TimePeriod::year), 1.0);
}

TEST(Analyzers, ReturnsAreLogReturnsPerPeriod) {
  const RunResult run = hand_made_run();
  // rtot = ln(126 / 100); 7 days: ravg = ln(1.26) / 7 and rnorm = exp(ln(1.26) / 7 * 252) - 1
  // = 1.26^36 - 1.
  const ReturnsAnalysis days = analyze_returns(run);
  EXPECT_DOUBLE_EQ(days.total, std::log(1.26));
  EXPECT_EQ(days.periods, 7);
  EXPECT_EQ(days.periods_per_year, 252.0);
  EXPECT_DOUBLE_EQ(days.average, std::log(1.26) / 7);
  EXPECT_NEAR(days.annualized, std::pow(1.26, 36) - 1, 1e-12 * std::pow(1.26, 36));
  EXPECT_DOUBLE_EQ(days.annualized_pct, days.annualized * 100);
  // Three months (Dec, Jan, Feb), 12 a year: 1.26^(12/3) - 1 = 1.26^4 - 1 = 1.52047376.
  const ReturnsAnalysis months = analyze_returns(run, {.period = TimePeriod::month});
  EXPECT_EQ(months.periods, 3);
  EXPECT_NEAR(months.annualized, 1.52047376, 1e-12);
  // Two years: 1.26^(1/2) - 1; an explicit tann of 2 gives 1.26^(2/2) - 1 = 0.26.
  EXPECT_NEAR(analyze_returns(run, {.period = TimePeriod::year}).annualized, std::sqrt(1.26) - 1,
              1e-15);
  EXPECT_NEAR(analyze_returns(run, {.period = TimePeriod::year, .periods_per_year = 2}).annualized,
              0.26, 1e-15);
  // Four ISO weeks: ending 2023-12-31, 2024-01-07, 2024-01-14, 2024-02-04.
  EXPECT_EQ(analyze_returns(run, {.period = TimePeriod::week}).periods, 4);
}

TEST(Analyzers, TimeReturnsChainPeriodEndValues) {
  const RunResult run = hand_made_run();
  const auto check = [](const TimeReturns& got, const std::vector<PeriodReturn>& want) {
    ASSERT_EQ(got.returns.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got.returns[i].end, want[i].end) << i;
      EXPECT_NEAR(got.returns[i].return_, want[i].return_, 1e-15) << i;
    }
  };
  // Years: 2023 from the starting cash, 99 / 100 - 1; 2024 from 2023's last value, 126 / 99 - 1.
  check(analyze_time_returns(run, TimePeriod::year),
        {{date(2023, 12, 31), -0.01}, {date(2024, 12, 31), 27.0 / 99}});
  // Months: Dec 99/100 - 1, Jan 132/99 - 1 = 1/3, Feb 126/132 - 1 = -1/22 (key 2024-02-29).
  check(
      analyze_time_returns(run, TimePeriod::month),
      {{date(2023, 12, 31), -0.01}, {date(2024, 1, 31), 1.0 / 3}, {date(2024, 2, 29), -1.0 / 22}});
  // Weeks: 99/100 - 1, 110/99 - 1 = 1/9, 132/110 - 1 = 0.2, 126/132 - 1 = -1/22.
  check(analyze_time_returns(run, TimePeriod::week), {{date(2023, 12, 31), -0.01},
                                                      {date(2024, 1, 7), 1.0 / 9},
                                                      {date(2024, 1, 14), 0.2},
                                                      {date(2024, 2, 4), -1.0 / 22}});
  // Days: each value over the one before, the first over the starting cash.
  check(analyze_time_returns(run, TimePeriod::day), {{date(2023, 12, 28), 0.1},
                                                     {date(2023, 12, 29), -0.1},
                                                     {date(2024, 1, 2), 22.0 / 99},
                                                     {date(2024, 1, 3), -1.0 / 11},
                                                     {date(2024, 1, 8), 0.2},
                                                     {date(2024, 2, 1), -1.0 / 11},
                                                     {date(2024, 2, 2), 0.05}});
  const auto json = to_json(analyze_time_returns(run, TimePeriod::year));
  EXPECT_EQ(json.at("period"), "year");
  EXPECT_EQ(json.at("returns").begin().key(), "2023-12-31");
}

TEST(Analyzers, DrawdownFollowsTheRunningPeak) {
  // The peak starts at the first value, 110 (not the starting cash):
  //   tick 1: 99 under 110 -> 11, 10 %, length 1;  tick 2: 121 a new peak -> length 0
  //   tick 3: 110 under 121 -> 11, 9.09 %, 1;      tick 4: 132 a new peak
  //   tick 5: 120 under 132 -> 12, 9.09 %, 1;      tick 6: 126 -> 6, 100 * 6 / 132 = 4.545 %, 2
  // The largest money drawdown (12, tick 5) is not the deepest one (10 %, tick 1).
  const DrawdownAnalysis dd = analyze_drawdown(hand_made_run());
  EXPECT_DOUBLE_EQ(dd.drawdown_pct, 100.0 * 6 / 132);
  EXPECT_DOUBLE_EQ(dd.moneydown, 6);
  EXPECT_EQ(dd.length, 2);
  EXPECT_DOUBLE_EQ(dd.max_drawdown_pct, 10);
  EXPECT_DOUBLE_EQ(dd.max_moneydown, 12);
  EXPECT_EQ(dd.max_length, 2);
}

TEST(Analyzers, SharpeUsesBacktradersConventions) {
  const RunResult run = hand_made_run();
  // Years (the default), 1 % a year: excess returns a = -0.01 - 0.01 = -0.02 and
  // b = 27/99 - 0.01. With two values, mean = (a + b) / 2 and the population std = (b - a) / 2,
  // so the ratio is (a + b) / (b - a) = (2.67 / 11) / (3.11 / 11) = 267 / 311.
  const SharpeAnalysis yearly = analyze_sharpe(run);
  EXPECT_NEAR(yearly.sharpe_ratio, 267.0 / 311, 1e-14);
  EXPECT_EQ(yearly.periods, 2);
  EXPECT_EQ(yearly.stats_sharpe_ratio, 1.5);  // qbt's own, passed through
  // Annualizing a yearly ratio multiplies by sqrt(1); the sample std is (b - a) / sqrt(2).
  EXPECT_NEAR(analyze_sharpe(run, {.annualize = true}).sharpe_ratio, 267.0 / 311, 1e-14);
  EXPECT_NEAR(analyze_sharpe(run, {.sample_std = true}).sharpe_ratio, 267.0 / 311 / std::sqrt(2.0),
              1e-14);
  // No risk-free rate: a = -0.01, b = 27/99: (a + b) / (b - a) = (26.01 / 99) / (27.99 / 99).
  EXPECT_NEAR(analyze_sharpe(run, {.risk_free_rate = 0}).sharpe_ratio, 26.01 / 27.99, 1e-14);

  // Months, annualized: r = -0.01, 1/3, -1/22 less the monthly rate 1.01^(1/12) - 1, times
  // sqrt(12).
  const double rate = std::pow(1.01, 1.0 / 12) - 1;
  const double r[] = {-0.01 - rate, 1.0 / 3 - rate, -1.0 / 22 - rate};
  const double mean = (r[0] + r[1] + r[2]) / 3;
  const double std = std::sqrt(((r[0] - mean) * (r[0] - mean) + (r[1] - mean) * (r[1] - mean) +
                                (r[2] - mean) * (r[2] - mean)) /
                               3);
  const SharpeAnalysis monthly =
      analyze_sharpe(run, {.period = TimePeriod::month, .annualize = true});
  EXPECT_NEAR(monthly.sharpe_ratio, std::sqrt(12.0) * mean / std, 1e-12);
  // Without convert_rate the monthly returns are compounded to a year, (1 + r)^12 - 1, the rate
  // stays 1 % and nothing is annualized.
  const double y[] = {std::pow(0.99, 12) - 1 - 0.01, std::pow(4.0 / 3, 12) - 1 - 0.01,
                      std::pow(21.0 / 22, 12) - 1 - 0.01};
  const double y_mean = (y[0] + y[1] + y[2]) / 3;
  const double y_std =
      std::sqrt(((y[0] - y_mean) * (y[0] - y_mean) + (y[1] - y_mean) * (y[1] - y_mean) +
                 (y[2] - y_mean) * (y[2] - y_mean)) /
                3);
  EXPECT_NEAR(
      analyze_sharpe(run, {.period = TimePeriod::month, .convert_rate = false}).sharpe_ratio,
      y_mean / y_std, 1e-12);

  // One year of returns has no deviation: backtrader's None, NaN here (null in JSON).
  RunResult one_year = run;
  one_year.clock.resize(2);
  one_year.value.resize(2);
  const SharpeAnalysis none = analyze_sharpe(one_year);
  EXPECT_TRUE(std::isnan(none.sharpe_ratio));
  EXPECT_EQ(none.periods, 1);
  EXPECT_TRUE(to_json(none).at("sharpe_ratio").is_null());
}

TEST(Analyzers, SqnCountsClosedTradesOnly) {
  // Closed pnl 10, -5, 20, 0 (the open trade's 3 is left out): mean 6.25, squared deviations
  // 14.0625 + 126.5625 + 189.0625 + 39.0625 = 368.75, population variance 92.1875,
  // SQN = sqrt(4) * 6.25 / sqrt(92.1875) = 12.5 / 9.6014... = 1.3019...
  const RunResult run = hand_made_run();
  const SqnAnalysis sqn = analyze_sqn(run);
  EXPECT_EQ(sqn.trades, 4);
  EXPECT_NEAR(sqn.sqn, 12.5 / std::sqrt(92.1875), 1e-15);
  // One closed trade: 0 by definition; equal pnl: no deviation, NaN (backtrader's None).
  RunResult one = run;
  one.trades.resize(1);
  EXPECT_EQ(analyze_sqn(one).sqn, 0.0);
  EXPECT_EQ(analyze_sqn(one).trades, 1);
  RunResult flat = run;
  flat.trades.resize(2);
  flat.trades[1].trade.pnl = 10;
  EXPECT_TRUE(std::isnan(analyze_sqn(flat).sqn));
}

TEST(Analyzers, TradeAnalyzerSplitsWinsLossesAndSides) {
  // Closed trades in exit order (pnl, side, length): +10 long 1, -5 long 1, +20 short 2,
  // 0 long 2 (break-even counts as won, as in backtrader); one long trade still open.
  const TradeAnalysis t = analyze_trades(hand_made_run());
  EXPECT_EQ(t.total, 5);
  EXPECT_EQ(t.open, 1);
  EXPECT_EQ(t.closed, 4);
  // W L W W: the won streak ends at 2 (its longest), the lost one at 0 (longest 1).
  EXPECT_EQ(t.won_streak.current, 2);
  EXPECT_EQ(t.won_streak.longest, 2);
  EXPECT_EQ(t.lost_streak.current, 0);
  EXPECT_EQ(t.lost_streak.longest, 1);
  // Gross adds the fees back: 12 - 4 + 22 + 0 = 30, over 4 trades 7.5; net 25, 6.25.
  EXPECT_DOUBLE_EQ(t.gross_pnl_total, 30);
  EXPECT_DOUBLE_EQ(t.gross_pnl_average, 7.5);
  EXPECT_EQ(t.all.count, 4);
  EXPECT_DOUBLE_EQ(t.all.pnl_total, 25);
  EXPECT_DOUBLE_EQ(t.all.pnl_average, 6.25);
  // Won: 10, 20, 0 -> 3, total 30, average 10, max 20. Lost: -5.
  EXPECT_EQ(t.all.won.count, 3);
  EXPECT_DOUBLE_EQ(t.all.won.total, 30);
  EXPECT_DOUBLE_EQ(t.all.won.average, 10);
  EXPECT_DOUBLE_EQ(t.all.won.max, 20);
  EXPECT_EQ(t.all.lost.count, 1);
  EXPECT_DOUBLE_EQ(t.all.lost.total, -5);
  EXPECT_DOUBLE_EQ(t.all.lost.average, -5);
  EXPECT_DOUBLE_EQ(t.all.lost.max, -5);
  // Lengths 1, 1, 2, 2: total 6, average 1.5, max 2, min 1; won 1, 2, 2; lost 1.
  EXPECT_EQ(t.all.length.total, 6);
  EXPECT_DOUBLE_EQ(t.all.length.average, 1.5);
  EXPECT_EQ(t.all.length.max, 2);
  EXPECT_EQ(t.all.length.min, 1);
  EXPECT_EQ(t.all.length_won.total, 5);
  EXPECT_DOUBLE_EQ(t.all.length_won.average, 5.0 / 3);
  EXPECT_EQ(t.all.length_won.max, 2);
  EXPECT_EQ(t.all.length_won.min, 1);
  EXPECT_EQ(t.all.length_lost.total, 1);
  EXPECT_EQ(t.all.length_lost.min, 1);
  // Long: +10 (1), -5 (1), 0 (2): total 5, average 5/3; won 10 + 0 over 2 = 5, max 10;
  // lengths 4 in all, average 4/3, max 2, min 1; won lengths 1 and 2.
  EXPECT_EQ(t.long_trades.count, 3);
  EXPECT_DOUBLE_EQ(t.long_trades.pnl_total, 5);
  EXPECT_DOUBLE_EQ(t.long_trades.pnl_average, 5.0 / 3);
  EXPECT_EQ(t.long_trades.won.count, 2);
  EXPECT_DOUBLE_EQ(t.long_trades.won.average, 5);
  EXPECT_DOUBLE_EQ(t.long_trades.won.max, 10);
  EXPECT_EQ(t.long_trades.lost.count, 1);
  EXPECT_DOUBLE_EQ(t.long_trades.lost.max, -5);
  EXPECT_EQ(t.long_trades.length.total, 4);
  EXPECT_DOUBLE_EQ(t.long_trades.length.average, 4.0 / 3);
  EXPECT_EQ(t.long_trades.length.max, 2);
  EXPECT_EQ(t.long_trades.length.min, 1);
  EXPECT_DOUBLE_EQ(t.long_trades.length_won.average, 1.5);
  // Short: the one +20 trade of 2 ticks; no losing short, so its figures stay 0.
  EXPECT_EQ(t.short_trades.count, 1);
  EXPECT_DOUBLE_EQ(t.short_trades.pnl_total, 20);
  EXPECT_DOUBLE_EQ(t.short_trades.won.max, 20);
  EXPECT_EQ(t.short_trades.lost.count, 0);
  EXPECT_DOUBLE_EQ(t.short_trades.lost.average, 0);
  EXPECT_DOUBLE_EQ(t.short_trades.lost.max, 0);
  EXPECT_EQ(t.short_trades.length.min, 2);
  EXPECT_EQ(t.short_trades.length_lost.min, 0);

  const auto json = to_json(t);
  EXPECT_EQ(json.at("all").at("won").at("count"), 3);
  EXPECT_EQ(json.at("long_trades").at("length").at("total"), 4);

  // No trade at all: everything 0.
  RunResult none = hand_made_run();
  none.trades.clear();
  const TradeAnalysis empty = analyze_trades(none);
  EXPECT_EQ(empty.total, 0);
  EXPECT_EQ(empty.all.pnl_average, 0.0);
  EXPECT_EQ(empty.all.length.min, 0);
}

TEST(Analyzers, TransactionsAreSignedFills) {
  // Buy 2 @ 50 on tick 0: +2, value -100. Sell 2 @ 55 on tick 1: -2, value +110.
  const std::vector<Transaction> t = analyze_transactions(hand_made_run());
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].time, date(2023, 12, 28));
  EXPECT_EQ(t[0].order, 0);
  EXPECT_EQ(t[0].size, 2);
  EXPECT_EQ(t[0].price, 50);
  EXPECT_EQ(t[0].value, -100);
  EXPECT_EQ(t[0].fees, 1);
  EXPECT_EQ(t[1].time, date(2023, 12, 29));
  EXPECT_EQ(t[1].size, -2);
  EXPECT_EQ(t[1].value, 110);
  const auto json = to_json(t);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[1].at("time"), "2023-12-29");
  EXPECT_EQ(json[1].at("value"), 110.0);
}

TEST(Analyzers, PositionsValueIsUnitsTimesMark) {
  // Feed 0: 2 units at 25 on tick 0 -> 50, flat afterwards; feed 1 (resampled) is left out.
  const PositionsValue p = analyze_positions_value(hand_made_run());
  ASSERT_EQ(p.feeds, std::vector<std::size_t>{0});
  ASSERT_EQ(p.values.size(), 1u);
  EXPECT_EQ(p.values[0], (std::vector<double>{50, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(p.cash.front(), 60);
  EXPECT_EQ(p.time.size(), 7u);
  const auto json = to_json(p);
  EXPECT_EQ(json.at("time").front(), "2023-12-28");
  EXPECT_EQ(json.at("values").at(0).at(0), 50.0);
}

TEST(Analyzers, EveryAnalysisHasAJsonForm) {
  const RunResult run = hand_made_run();
  const auto returns = to_json(analyze_returns(run));
  EXPECT_EQ(returns.at("periods"), 7);
  EXPECT_EQ(returns.begin().key(), "total");
  const auto drawdown = to_json(analyze_drawdown(run));
  EXPECT_EQ(drawdown.at("max_moneydown"), 12.0);
  const auto sqn = to_json(analyze_sqn(run));
  EXPECT_EQ(sqn.at("trades"), 4);
  const auto sharpe = to_json(analyze_sharpe(run));
  EXPECT_EQ(sharpe.at("stats_sharpe_ratio"), 1.5);
}

// --- Reference tests: backtrader's analyzer and optimization tests
// (tests/reference/backtrader_analyzers.json, documented in tests/reference/README.md)

/// backtrader's test strategy (tests/test_analyzer-sqn.py, test_analyzer-timereturn.py):
/// CrossOver(close, SMA(period)), buy when flat and the close crosses up, close the position
/// when it crosses down, nothing while an order is pending; with `max_trades`, a buy also needs
/// fewer closed trades than that (the SQN test's `maxtrades`).
class SmaCrossStrategy final : public Strategy {
 public:
  explicit SmaCrossStrategy(std::int32_t period, std::int64_t max_trades = -1)
      : period_(period), max_trades_(max_trades) {}

  void on_start(Context& context) override {
    sma_ = context.indicator("SMA", {{"period", static_cast<double>(period_)}});
    cross_ = context.indicator("CrossOver", {}, {context.feed().close(), sma_.line()});
  }
  void on_order(Context& /*context*/, const Order& order) override {
    if (order.id == pending_ && !order.alive()) {
      pending_ = k_no_order;
    }
  }
  void on_trade(Context& /*context*/, const exec::TradeRecord& /*trade*/,
                std::size_t /*feed*/) override {
    ++closed_trades_;
  }
  void on_bar(Context& context) override {
    if (pending_ != k_no_order) {
      return;
    }
    if (context.position() == 0.0) {
      if (cross_(0) > 0.0 && (max_trades_ < 0 || closed_trades_ < max_trades_)) {
        pending_ = context.buy();
      }
    } else if (cross_(0) < 0.0) {
      pending_ = context.close();
    }
  }

 private:
  std::int32_t period_;
  std::int64_t max_trades_;
  std::int64_t closed_trades_ = 0;
  IndicatorRef sma_;
  IndicatorRef cross_;
  OrderId pending_ = k_no_order;
};

/// backtrader's tests/test_strategy_optimized.py strategy, quirk included: that class has no
/// notify_order, so its pending-order flag, set by the first buy, is never cleared and every
/// later next() returns at once. A run is therefore one market buy at the first up-cross, held
/// to the end, never sold. This reproduces exactly that logic (the latch below never resets);
/// it is not the full cross-over strategy.
class FirstCrossOnlyStrategy final : public Strategy {
 public:
  explicit FirstCrossOnlyStrategy(std::int32_t period) : period_(period) {}

  void on_start(Context& context) override {
    sma_ = context.indicator("SMA", {{"period", static_cast<double>(period_)}});
    cross_ = context.indicator("CrossOver", {}, {context.feed().close(), sma_.line()});
  }
  void on_bar(Context& context) override {
    if (ordered_) {
      return;
    }
    if (context.position() == 0.0) {
      if (cross_(0) > 0.0) {
        ordered_ = context.buy() != k_no_order;
      }
    } else if (cross_(0) < 0.0) {
      ordered_ = context.close() != k_no_order;
    }
  }

 private:
  std::int32_t period_;
  IndicatorRef sma_;
  IndicatorRef cross_;
  bool ordered_ = false;
};

data::BarFrame daily_2006() {
  return data::read_csv(testing::source_path("data/backtrader/2006-day-001.txt")).frame;
}

const nlohmann::json& reference() {
  static const nlohmann::json document = [] {
    std::ifstream file(testing::source_path("tests/reference/backtrader_analyzers.json"));
    return nlohmann::json::parse(file);
  }();
  return document;
}

const nlohmann::json& reference_test(const std::string& id) {
  for (const auto& test : reference().at("tests")) {
    if (test.at("id") == id) {
      return test;
    }
  }
  throw std::runtime_error(id);
}

/// backtrader's futures-like broker: cash 10000, setcommission(commission=2.0, mult=10.0,
/// margin=1000.0).
EngineOptions futures_like() {
  EngineOptions options;
  options.broker.cash = 10'000;
  options.broker.fees.per_unit = 2.0;
  options.broker.instrument.multiplier = 10.0;
  options.broker.instrument.margin = 1000.0;
  return options;
}

RunResult run_sma_cross(const EngineOptions& options, std::int64_t max_trades = -1) {
  Engine engine(options);
  engine.add_feed(daily_2006());
  SmaCrossStrategy strategy(15, max_trades);
  return engine.run(strategy);
}

std::string two_decimals(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

/// Python 3's repr of a double: the shortest text that reads back to it.
std::string python_repr(double value) {
  char text[64];
  const auto [end, error] = std::to_chars(text, text + sizeof text, value);
  EXPECT_EQ(error, std::errc());
  return std::string(text, end);
}

TEST(AnalyzerReference, SqnOfTheFuturesLikeSmaCross) {
  // Asserted upstream: str(sqn)[0:14] == '0.912550316439' and 11 trades; the full double is
  // 0.9125503164393756. qbt forms a trade's pnl as exit value - entry value - fees rather than
  // backtrader's (exit - entry) * mult - fees, so the pnl differ in the last bits and the SQN by
  // ~3e-15 (the README's 1e-12). maxtrades 0 and 1 give SQN 0 with 0 and 1 trades.
  const nlohmann::json& test = reference_test("analyzer_sqn_futureslike");
  for (const auto& variant : test.at("variants")) {
    const std::int64_t max_trades =
        variant.at("maxtrades").is_null() ? -1 : variant.at("maxtrades").get<std::int64_t>();
    const SqnAnalysis sqn = analyze_sqn(run_sma_cross(futures_like(), max_trades));
    const auto& want = variant.at("expected");
    if (want.at("sqn").is_string()) {
      EXPECT_EQ(python_repr(sqn.sqn).substr(0, 14), want.at("sqn").get<std::string>());
      EXPECT_NEAR(sqn.sqn,
                  std::stod(variant.at("derived").at("sqn_full_double").get<std::string>()), 1e-12);
      EXPECT_EQ(std::to_string(sqn.trades), want.at("trades").get<std::string>());
    } else {
      EXPECT_EQ(sqn.sqn, want.at("sqn").get<double>()) << "maxtrades " << max_trades;
      EXPECT_EQ(sqn.trades, want.at("trades").get<std::int64_t>()) << "maxtrades " << max_trades;
    }
  }
}

TEST(AnalyzerReference, YearlyTimeReturnOfTheFuturesLikeSmaCross) {
  // Asserted upstream: one key, 2006-12-31 (the last bar is 2006-12-29), and
  // str(value) == '0.2794999999999983' = 12794.999999999984 / 10000 - 1. The README allows
  // 1e-12 around 0.2795 for an engine that adds up cash in another order; qbt's margin
  // settlement adds in backtrader's order, so it gives the very same double.
  const nlohmann::json& want =
      reference_test("analyzer_timereturn_years_futureslike").at("expected");
  const TimeReturns years = analyze_time_returns(run_sma_cross(futures_like()), TimePeriod::year);
  ASSERT_EQ(years.returns.size(), want.at("keys").size());
  EXPECT_EQ(format_timestamp(years.returns[0].end, true), want.at("keys")[0].get<std::string>());
  EXPECT_NEAR(years.returns[0].return_, 0.2795, 1e-12);
  EXPECT_EQ(python_repr(years.returns[0].return_), want.at("value_py3").get<std::string>());
  EXPECT_EQ(to_json(years).at("returns").begin().key(), "2006-12-31");
}

TEST(AnalyzerReference, OptimizedFuturesLikeSweepOfSmaPeriods) {
  // optstrategy(period=range(5, 45)): 40 independent runs from cash 10000; '%.2f' of the final
  // value and cash, in period order.
  const nlohmann::json& want = reference_test("strategy_optimized_futureslike").at("expected");
  const data::BarFrame bars = daily_2006();
  std::vector<std::string> values;
  std::vector<std::string> cash;
  for (std::int32_t period = 5; period < 45; ++period) {
    Engine engine(futures_like());
    engine.add_feed(bars);
    FirstCrossOnlyStrategy strategy(period);
    const RunResult result = engine.run(strategy);
    values.push_back(two_decimals(result.value.back()));
    cash.push_back(two_decimals(result.cash.back()));
    EXPECT_EQ(result.fills.size(), 1u) << "period " << period;  // the single buy
  }
  EXPECT_EQ(values, want.at("chkvalues").get<std::vector<std::string>>());
  EXPECT_EQ(cash, want.at("chkcash").get<std::vector<std::string>>());
}

TEST(AnalyzerReference, StockLikeCounterpartsDerivedNotAsserted) {
  // Not asserted upstream: recomputed from strategy_unoptimized_stocklike's closed trades
  // (backtrader_analyzers.json, derived_not_asserted).
  const nlohmann::json& derived = reference().at("derived_not_asserted");
  EngineOptions options;
  options.broker.cash = 10'000;
  const RunResult run = run_sma_cross(options);
  const SqnAnalysis sqn = analyze_sqn(run);
  EXPECT_EQ(sqn.trades, derived.at("analyzer_sqn_stocklike").at("trades").get<std::int64_t>());
  EXPECT_NEAR(sqn.sqn, std::stod(derived.at("analyzer_sqn_stocklike").at("sqn").get<std::string>()),
              1e-12);
  const TimeReturns years = analyze_time_returns(run, TimePeriod::year);
  ASSERT_EQ(years.returns.size(), 1u);
  EXPECT_NEAR(
      years.returns[0].return_,
      std::stod(derived.at("analyzer_timereturn_years_stocklike").at("value").get<std::string>()),
      1e-9);
}

}  // namespace
}  // namespace qbt::event
