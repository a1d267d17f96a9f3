#include "qbt/metrics/stats_accumulator.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"

namespace qbt::metrics {
namespace {

void expect_close(double actual, double expected, double relative = 1e-12) {
  EXPECT_NEAR(actual, expected, relative * std::abs(expected)) << "expected " << expected;
}

// Feed daily bars starting 2020-01-01 and finish.
Stats run(StatsAccumulator& acc, const std::vector<double>& values,
          const std::vector<double>& exposure, const std::vector<bool>& in_market,
          double first_close, double last_close) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    acc.on_bar(static_cast<std::int64_t>(i), values[i], exposure[i], in_market[i]);
  }
  const Timestamp start = from_civil({{2020, 1, 1}, 0, 0, 0, 0});
  StatsContext context;
  context.start = start;
  context.end = start + static_cast<std::int64_t>(values.size() - 1) * k_ns_per_day;
  context.n_bars = static_cast<std::int64_t>(values.size());
  context.bar_ns = k_ns_per_day;
  context.first_close = first_close;
  context.last_close = last_close;
  return acc.finish(context);
}

// Initial cash 100; daily values 101, 99, 102, 98, 97, 103; vectorbt convention (365 days).
// Reference values from python3 (tests' comments show the formulas; statistics.stdev, ddof=1):
//   r = [(v - prev) / prev] with prev starting at 100
//   sharpe  = mean(r) / stdev(r) * sqrt(365)                       = 2.8655017539055643
//   sortino = mean(r) * 365 / (sqrt(mean(min(r,0)^2)) * sqrt(365)) = 5.695958461075327
//   omega   = sum(max(r,0)) / sum(max(-r,0))                       = 1.475817979212149
//   annual volatility = stdev(r) * sqrt(365) * 100                 = 69.92369122009066
//   CAGR = (103/100)^(365/6) - 1, in %                             = 503.8529183903467
//   drawdowns (vectorbt records): peak 101 @0 -> 99, recovered @2 (1 bar, 1.9802 %);
//                                 peak 102 @2 -> 97, recovered @5 (2 bars, 4.9020 %)
//   calmar = CAGR / 0.049019607843137254                           = 102.78599535163086
TEST(StatsAccumulator, DailyScenarioMatchesReference) {
  StatsAccumulator acc(100.0, bars_per_year(k_ns_per_day, StatsOptions{}));
  acc.on_fees(0.5);
  acc.on_fees(0.25);
  // Two closed trades (+3 and -1) and one open trade (+2).
  exec::TradeRecord win;
  win.entry_bar = 0;
  win.exit_bar = 2;
  win.pnl = 3.0;
  win.return_ = 0.03;
  exec::TradeRecord loss;
  loss.entry_bar = 2;
  loss.exit_bar = 4;
  loss.pnl = -1.0;
  loss.return_ = -0.01;
  exec::TradeRecord open;
  open.entry_bar = 4;
  open.exit_bar = 5;
  open.pnl = 2.0;
  open.return_ = 0.02;
  open.is_open = true;
  acc.on_trade(win);
  acc.on_trade(loss);
  acc.on_trade(open);

  const Stats s = run(acc, {101, 99, 102, 98, 97, 103}, {0.5, 0.9, 0.0, 1.2, 0.7, 0.0},
                      {true, true, false, true, true, false}, 100.0, 110.0);
  EXPECT_EQ(format_timestamp(s.start), "2020-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(s.end), "2020-01-06T00:00:00Z");
  EXPECT_EQ(s.period, 6 * k_ns_per_day);
  EXPECT_EQ(s.start_value, 100.0);
  EXPECT_EQ(s.end_value, 103.0);
  expect_close(s.total_return_pct, 3.0);
  expect_close(s.benchmark_return_pct, 10.0);
  expect_close(s.max_gross_exposure_pct, 120.0);
  EXPECT_DOUBLE_EQ(s.total_fees_paid, 0.75);
  expect_close(s.max_drawdown_pct, 4.9019607843137254);
  EXPECT_EQ(s.max_drawdown_duration, 2 * k_ns_per_day);
  EXPECT_EQ(s.total_trades, 3);
  EXPECT_EQ(s.total_closed_trades, 2);
  EXPECT_EQ(s.total_open_trades, 1);
  EXPECT_DOUBLE_EQ(s.open_trade_pnl, 2.0);
  EXPECT_DOUBLE_EQ(s.win_rate_pct, 50.0);
  EXPECT_DOUBLE_EQ(s.best_trade_pct, 3.0);
  EXPECT_DOUBLE_EQ(s.worst_trade_pct, -1.0);
  EXPECT_DOUBLE_EQ(s.avg_winning_trade_pct, 3.0);
  EXPECT_DOUBLE_EQ(s.avg_losing_trade_pct, -1.0);
  EXPECT_DOUBLE_EQ(s.avg_winning_trade_duration, 2.0 * k_ns_per_day);
  EXPECT_DOUBLE_EQ(s.avg_losing_trade_duration, 2.0 * k_ns_per_day);
  EXPECT_DOUBLE_EQ(s.profit_factor, 3.0);
  EXPECT_DOUBLE_EQ(s.expectancy, 1.0);  // 0.5 * 3 - 0.5 * 1
  expect_close(s.sharpe_ratio, 2.8655017539055643);
  expect_close(s.sortino_ratio, 5.695958461075327);
  expect_close(s.calmar_ratio, 102.78599535163086);
  expect_close(s.omega_ratio, 1.475817979212149);
  expect_close(s.cagr_pct, 503.8529183903467);
  expect_close(s.annual_volatility_pct, 69.92369122009066);
  EXPECT_DOUBLE_EQ(s.sqn, 0.5);  // sqrt(2) * mean([3, -1]) / stdev([3, -1]) = 1.414 * 1 / 2.828
  expect_close(s.exposure_pct, 400.0 / 6.0);
}

// Values that start below the initial cash and never reach it: the max drawdown is 1.0309 %
// (97 -> 96), measured from the first bar, not from the initial cash 100: vectorbt's asserted
// Calmar values (pf_stats_mean_abc in tests/reference/vectorbt_portfolio.json) need this.
//   CAGR = (99/100)^(365/4) - 1 = -0.6003208371636886; calmar = CAGR / (1 - 96/97)
TEST(StatsAccumulator, CalmarMeasuresDrawdownFromTheFirstBar) {
  StatsAccumulator acc(100.0, 365.0);
  const Stats s = run(acc, {95, 97, 96, 99}, {1, 1, 1, 1}, {true, true, true, true}, 50, 49);
  expect_close(s.max_drawdown_pct, 100.0 / 97.0);
  EXPECT_EQ(s.max_drawdown_duration, 1 * k_ns_per_day);
  expect_close(s.cagr_pct, -60.03208371636886);
  expect_close(s.calmar_ratio, -0.6003208371636886 / (1.0 - 96.0 / 97.0), 1e-11);
  expect_close(s.sharpe_ratio, -1.0459812606341257);
  expect_close(s.sortino_ratio, -1.498154035414827);
  expect_close(s.omega_ratio, 0.8672402159244263);
  expect_close(s.benchmark_return_pct, -2.0);
  EXPECT_DOUBLE_EQ(s.exposure_pct, 100.0);
}

TEST(StatsAccumulator, ConventionsSwitchAnnualizationSqnAndProfitFactor) {
  // Trades: pnl 50 (return 1 %), pnl -10 (return -4 %), pnl -20 (return -1 %).
  const std::array<std::array<double, 2>, 3> trades = {{{50, 0.01}, {-10, -0.04}, {-20, -0.01}}};
  const auto feed = [&](StatsAccumulator& acc) {
    for (const auto& [pnl, ret] : trades) {
      exec::TradeRecord t;
      t.pnl = pnl;
      t.return_ = ret;
      acc.on_trade(t);
    }
    return run(acc, {100, 99, 101, 102}, {1, 1, 1, 1}, {true, true, true, true}, 10, 11);
  };
  // python3: pnl = [50, -10, -20]; sqrt(3) * mean / stdev = 0.30499714066520933
  //                                sqrt(3) * mean / pstdev = 0.3735436838188142
  const StatsOptions vbt = StatsOptions::convention("vectorbt");
  StatsAccumulator a(100.0, bars_per_year(k_ns_per_day, vbt), vbt);
  const Stats sa = feed(a);
  EXPECT_DOUBLE_EQ(sa.profit_factor, 50.0 / 30.0);
  expect_close(sa.sqn, 0.30499714066520933);

  const StatsOptions bt = StatsOptions::convention("backtesting");
  // Tuesday 2024-01-02 to Friday 2024-01-05: no weekend bars, so 252 trading days.
  std::vector<Timestamp> weekdays;
  for (std::int64_t day = 0; day < 4; ++day) {
    weekdays.push_back((days_from_civil(2024, 1, 2) + day) * k_ns_per_day);
  }
  StatsAccumulator b(100.0, bars_per_year(weekdays, k_ns_per_day, bt), bt);
  const Stats sb = feed(b);
  EXPECT_DOUBLE_EQ(sb.profit_factor, 0.01 / 0.05);
  expect_close(sb.sqn, 0.30499714066520933);
  expect_close(sb.sharpe_ratio, sa.sharpe_ratio * std::sqrt(252.0 / 365.0));

  const StatsOptions btr = StatsOptions::convention("backtrader");
  StatsAccumulator c(100.0, bars_per_year(k_ns_per_day, btr), btr);
  const Stats sc = feed(c);
  EXPECT_DOUBLE_EQ(sc.profit_factor, 50.0 / 30.0);
  expect_close(sc.sqn, 0.3735436838188142);
  expect_close(sc.annual_volatility_pct, sa.annual_volatility_pct * std::sqrt(252.0 / 365.0));
}

TEST(StatsAccumulator, NoBarsLeavesBarStatisticsUndefined) {
  StatsAccumulator acc(1000.0, 365.0);
  StatsContext context;
  const Stats s = acc.finish(context);
  EXPECT_EQ(s.start_value, 1000.0);
  EXPECT_EQ(s.end_value, 1000.0);
  EXPECT_EQ(s.total_return_pct, 0.0);
  EXPECT_TRUE(std::isnan(s.sharpe_ratio));
  EXPECT_TRUE(std::isnan(s.max_drawdown_pct));
  EXPECT_TRUE(std::isnan(s.cagr_pct));
  EXPECT_TRUE(std::isnan(s.exposure_pct));
  EXPECT_TRUE(std::isnan(s.win_rate_pct));
  EXPECT_EQ(s.total_trades, 0);
}

TEST(StatsAccumulator, FlatCurveHasNoDrawdown) {
  StatsAccumulator acc(100.0, 365.0);
  const Stats s = run(acc, {100, 100, 100}, {0, 0, 0}, {false, false, false}, 1, 1);
  EXPECT_EQ(s.max_drawdown_pct, 0.0);
  EXPECT_EQ(s.max_drawdown_duration, 0);
  EXPECT_EQ(s.cagr_pct, 0.0);
  EXPECT_TRUE(std::isnan(s.sharpe_ratio));  // 0 / 0
  EXPECT_TRUE(std::isnan(s.calmar_ratio));  // 0 / 0
  EXPECT_TRUE(std::isnan(s.omega_ratio));
  EXPECT_EQ(s.exposure_pct, 0.0);
  EXPECT_EQ(s.max_gross_exposure_pct, 0.0);
}

TEST(StatsAccumulator, RejectsNonPositiveCash) {
  EXPECT_THROW(StatsAccumulator(0.0, 365.0), UserInputError);
  EXPECT_THROW(StatsAccumulator(-5.0, 365.0), UserInputError);
}

TEST(StatsAccumulator, RunsOfFlatBarsEqualBarByBarBitForBit) {
  // Stretches with fixed cash and position (long, short, flat), NaN closes, drawdowns and
  // recoveries: on_flat_bars must equal on_bar fed the same values, bit for bit.
  std::vector<double> close(400);
  for (std::size_t i = 0; i < close.size(); ++i) {
    close[i] = 100.0 + 10.0 * std::sin(0.07 * static_cast<double>(i)) + 0.01 * static_cast<double>(i % 7);
  }
  close[5] = std::numeric_limits<double>::quiet_NaN();
  close[150] = std::numeric_limits<double>::quiet_NaN();
  struct Stretch {
    std::size_t end;
    double cash;
    double position;
    double free_cash;
  };
  const Stretch stretches[] = {{1, 1000.0, 0.0, 1000.0},   {60, 1000.0, 0.0, 1000.0},
                               {130, 0.0, 9.5, 0.0},        {131, 50.0, 9.0, 50.0},
                               {220, 1900.0, -8.0, 300.0},  {300, 1100.0, 0.0, 1100.0},
                               {400, 300.0, 7.0, 300.0}};
  StatsAccumulator by_bar(1000.0, 365.0);
  StatsAccumulator by_run(1000.0, 365.0);
  double mark_by_bar = std::numeric_limits<double>::quiet_NaN();
  double mark_by_run = mark_by_bar;
  std::size_t begin = 0;
  for (const Stretch& stretch : stretches) {
    for (std::size_t i = begin; i < stretch.end; ++i) {
      mark_by_bar = std::isnan(close[i]) ? mark_by_bar : close[i];
      const double m = std::isnan(mark_by_bar) ? 0.0 : mark_by_bar;
      const double value = stretch.cash + stretch.position * m;
      const double asset = stretch.position * m;
      const double exposure = asset + stretch.free_cash == 0.0 ? 0.0 : asset / (asset + stretch.free_cash);
      by_bar.on_bar(static_cast<std::int64_t>(i), value, exposure, stretch.position != 0.0);
    }
    by_run.on_flat_bars(static_cast<std::int64_t>(begin),
                        std::span<const double>(close).subspan(begin, stretch.end - begin),
                        stretch.cash, stretch.position, stretch.free_cash, mark_by_run);
    EXPECT_EQ(std::memcmp(&mark_by_bar, &mark_by_run, sizeof(double)), 0);
    begin = stretch.end;
  }
  StatsContext context;
  context.n_bars = static_cast<std::int64_t>(close.size());
  context.bar_ns = 86'400'000'000'000;
  context.first_close = close.front();
  context.last_close = close.back();
  const Stats a = by_bar.finish(context);
  const Stats b = by_run.finish(context);
  for (const StatValue& value : stat_values(a)) {
    const StatValue other = stat_value(b, *value.key);
    const double x = value.number();
    const double y = other.number();
    EXPECT_EQ(std::memcmp(&x, &y, sizeof(double)), 0) << value.key->name << " " << x << " vs " << y;
  }
  EXPECT_GT(a.max_drawdown_pct, 1.0);
}

TEST(Annualization, BarsPerYear) {
  const StatsOptions vbt;
  EXPECT_DOUBLE_EQ(bars_per_year(k_ns_per_day, vbt), 365.0);
  EXPECT_DOUBLE_EQ(bars_per_year(k_ns_per_minute, vbt), 525'600.0);
  EXPECT_DOUBLE_EQ(bars_per_year(k_ns_per_hour, StatsOptions::convention("backtrader")),
                   252.0 * 24.0);
  EXPECT_DOUBLE_EQ(bars_per_year(k_ns_per_day, StatsOptions::convention("backtesting", true)),
                   365.0);
  StatsOptions fixed;
  fixed.bars_per_year = 98'280.0;  // 252 days * 390 minutes
  EXPECT_DOUBLE_EQ(bars_per_year(k_ns_per_minute, fixed), 98'280.0);
  EXPECT_DOUBLE_EQ(bars_per_year(0, fixed), 98'280.0);
  EXPECT_TRUE(std::isnan(bars_per_year(0, vbt)));  // irregular, no override

  StatsOptions bad;
  bad.bars_per_year = -1.0;
  EXPECT_THROW((void)bars_per_year(k_ns_per_day, bad), UserInputError);
  bad = StatsOptions{};
  bad.year_days = 0.0;
  EXPECT_THROW((void)bars_per_year(k_ns_per_day, bad), UserInputError);
}

TEST(Annualization, Conventions) {
  const StatsOptions vbt = StatsOptions::convention("vectorbt");
  EXPECT_EQ(vbt.year_days, 365.0);
  EXPECT_EQ(vbt.sqn_std, StatsOptions::SqnStd::sample);
  EXPECT_EQ(vbt.profit_factor_basis, StatsOptions::ProfitFactorBasis::pnl);
  const StatsOptions qbt = StatsOptions::convention("qbt");
  EXPECT_TRUE(qbt.calendar);
  EXPECT_TRUE(std::isnan(qbt.year_days));
  EXPECT_FALSE(vbt.calendar);
  const StatsOptions bt = StatsOptions::convention("backtesting");
  EXPECT_TRUE(bt.calendar);
  EXPECT_TRUE(std::isnan(bt.year_days));
  EXPECT_EQ(StatsOptions::convention("backtesting", true).year_days, 365.0);
  EXPECT_EQ(bt.sqn_std, StatsOptions::SqnStd::sample);
  EXPECT_EQ(bt.profit_factor_basis, StatsOptions::ProfitFactorBasis::returns);
  const StatsOptions btr = StatsOptions::convention("backtrader");
  EXPECT_EQ(btr.year_days, 252.0);
  EXPECT_EQ(btr.sqn_std, StatsOptions::SqnStd::population);
  EXPECT_EQ(btr.profit_factor_basis, StatsOptions::ProfitFactorBasis::pnl);
  EXPECT_EQ(StatsOptions::convention_names().size(), 4U);
  try {
    (void)StatsOptions::convention("zipline");
    FAIL() << "no exception";
  } catch (const UserInputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("zipline"), std::string::npos) << message;
    EXPECT_NE(message.find("vectorbt, backtesting, backtrader"), std::string::npos) << message;
  }
}

TEST(Annualization, CalendarCountsTradingDaysAndSessionBars) {
  const StatsOptions qbt;  // calendar annualization
  // Two weekdays of 390 one-minute bars (a US equity session): 252 * 390 bars a year.
  std::vector<Timestamp> minutes;
  for (std::int64_t day : {0, 1}) {
    const Timestamp open = (days_from_civil(2024, 1, 2) + day) * k_ns_per_day + 14 * k_ns_per_hour + 30 * k_ns_per_minute;
    for (std::int64_t m = 0; m < 390; ++m) {
      minutes.push_back(open + m * k_ns_per_minute);
    }
  }
  EXPECT_DOUBLE_EQ(bars_per_year(minutes, k_ns_per_minute, qbt), 98'280.0);
  EXPECT_DOUBLE_EQ(bars_per_year(minutes, k_ns_per_minute, StatsOptions::convention("vectorbt")), 525'600.0);
  // Daily bars on every day of the week: a 365-day year.
  std::vector<Timestamp> every_day;
  for (std::int64_t day = 0; day < 14; ++day) {
    every_day.push_back((days_from_civil(2024, 1, 1) + day) * k_ns_per_day);
  }
  EXPECT_DOUBLE_EQ(bars_per_year(every_day, k_ns_per_day, qbt), 365.0);
  EXPECT_DOUBLE_EQ(bars_per_year(std::span(every_day).first(5), k_ns_per_day, qbt), 252.0);
  EXPECT_DOUBLE_EQ(bars_per_year(every_day, 7 * k_ns_per_day, qbt), 365.25 / 7.0);
  StatsOptions fixed;
  fixed.bars_per_year = 12.0;
  EXPECT_EQ(bars_per_year(every_day, k_ns_per_day, fixed), 12.0);
  EXPECT_EQ(resolve_bars_per_year(qbt, minutes, k_ns_per_minute).bars_per_year, 98'280.0);
}

TEST(Annualization, WeekendBars) {
  const Timestamp monday = from_civil({{2024, 1, 1}, 0, 0, 0, 0});  // a Monday
  std::vector<Timestamp> weekdays;
  std::vector<Timestamp> every_day;
  for (std::int64_t d = 0; d < 28; ++d) {
    every_day.push_back(monday + d * k_ns_per_day);
    if (d % 7 < 5) {
      weekdays.push_back(monday + d * k_ns_per_day);
    }
  }
  EXPECT_FALSE(has_weekend_bars(weekdays));
  EXPECT_TRUE(has_weekend_bars(every_day));
  EXPECT_FALSE(has_weekend_bars({}));
}

}  // namespace
}  // namespace qbt::metrics
