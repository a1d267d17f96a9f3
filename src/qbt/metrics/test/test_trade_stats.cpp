#include "qbt/metrics/trade_stats.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace qbt::metrics {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();

exec::TradeRecord trade(double pnl, double ret, std::int64_t entry, std::int64_t exit,
                        bool open = false) {
  exec::TradeRecord record;
  record.entry_bar = entry;
  record.exit_bar = exit;
  record.pnl = pnl;
  record.return_ = ret;
  record.is_open = open;
  return record;
}

// Five closed trades and one open one.
//   pnl     50    -20     0    30    -40   | open: 7
//   return  0.05  -0.02   0    0.025 -0.04 | open: 0.007
//   bars    10     3      2     6     1
TradeStats sample_trades() {
  TradeStats stats;
  stats.add(trade(50, 0.05, 0, 10));
  stats.add(trade(-20, -0.02, 12, 15));
  stats.add(trade(0, 0.0, 16, 18));
  stats.add(trade(30, 0.025, 20, 26));
  stats.add(trade(-40, -0.04, 30, 31));
  stats.add(trade(7, 0.007, 40, 45, /*open=*/true));
  return stats;
}

TEST(TradeStats, CountsAllAndOpenTrades) {
  const TradeStats stats = sample_trades();
  EXPECT_EQ(stats.total_trades(), 6);
  EXPECT_EQ(stats.closed_trades(), 5);
  EXPECT_EQ(stats.open_trades(), 1);
  EXPECT_DOUBLE_EQ(stats.open_trade_pnl(), 7.0);
  EXPECT_EQ(stats.winning_trades(), 2);
  EXPECT_EQ(stats.losing_trades(), 2);
}

TEST(TradeStats, ClosedTradeStatisticsByHand) {
  const TradeStats stats = sample_trades();
  EXPECT_DOUBLE_EQ(stats.win_rate(), 0.4);  // 2 wins / 5 closed; the break-even trade counts
  EXPECT_DOUBLE_EQ(stats.best_trade_return(), 0.05);
  EXPECT_DOUBLE_EQ(stats.worst_trade_return(), -0.04);
  EXPECT_DOUBLE_EQ(stats.avg_winning_trade_return(), 0.0375);      // (0.05 + 0.025) / 2
  EXPECT_DOUBLE_EQ(stats.avg_losing_trade_return(), -0.03);        // (-0.02 - 0.04) / 2
  EXPECT_DOUBLE_EQ(stats.avg_winning_trade_duration_bars(), 8.0);  // (10 + 6) / 2
  EXPECT_DOUBLE_EQ(stats.avg_losing_trade_duration_bars(), 2.0);   // (3 + 1) / 2
  EXPECT_DOUBLE_EQ(stats.profit_factor(), 80.0 / 60.0);
  EXPECT_DOUBLE_EQ(stats.return_profit_factor(), 0.075 / 0.06);
  // vectorbt: win_rate * avg_win - (1 - win_rate) * |avg_loss| = 0.4 * 40 - 0.6 * 30 = -2
  EXPECT_DOUBLE_EQ(stats.expectancy(), -2.0);
}

// python3: pnl = [50, -20, 0, 30, -40]
//   sqrt(5) * statistics.mean(pnl) / statistics.stdev(pnl)  = 0.24525573579398632
//   sqrt(5) * statistics.mean(pnl) / statistics.pstdev(pnl) = 0.2742042485535409
TEST(TradeStats, SqnSampleAndPopulation) {
  const TradeStats stats = sample_trades();
  EXPECT_NEAR(stats.sqn(1), 0.24525573579398632, 1e-14);
  EXPECT_NEAR(stats.sqn(0), 0.2742042485535409, 1e-14);
}

TEST(TradeStats, UndefinedWithoutClosedTrades) {
  TradeStats stats;
  stats.add(trade(7, 0.007, 40, 45, /*open=*/true));
  EXPECT_EQ(stats.total_trades(), 1);
  EXPECT_TRUE(std::isnan(stats.win_rate()));
  EXPECT_TRUE(std::isnan(stats.best_trade_return()));
  EXPECT_TRUE(std::isnan(stats.worst_trade_return()));
  EXPECT_TRUE(std::isnan(stats.avg_winning_trade_return()));
  EXPECT_TRUE(std::isnan(stats.avg_losing_trade_duration_bars()));
  EXPECT_TRUE(std::isnan(stats.profit_factor()));
  EXPECT_TRUE(std::isnan(stats.return_profit_factor()));
  EXPECT_TRUE(std::isnan(stats.expectancy()));
  EXPECT_TRUE(std::isnan(stats.sqn(1)));
  EXPECT_TRUE(std::isnan(stats.sqn(0)));
}

TEST(TradeStats, OnlyWinsOrOnlyBreakEven) {
  TradeStats wins;
  wins.add(trade(10, 0.01, 0, 2));
  wins.add(trade(30, 0.03, 3, 5));
  EXPECT_EQ(wins.profit_factor(), k_inf);
  EXPECT_EQ(wins.return_profit_factor(), k_inf);
  EXPECT_DOUBLE_EQ(wins.expectancy(), 20.0);  // 1 * 20 - 0 * |0|
  EXPECT_TRUE(std::isnan(wins.avg_losing_trade_return()));

  TradeStats even;
  even.add(trade(0, 0.0, 0, 1));
  even.add(trade(0, 0.0, 1, 2));
  EXPECT_EQ(even.win_rate(), 0.0);
  EXPECT_TRUE(std::isnan(even.profit_factor()));  // 0 / 0
  EXPECT_EQ(even.expectancy(), 0.0);
  EXPECT_TRUE(std::isnan(even.sqn(1)));  // mean 0, std 0

  TradeStats losses;
  losses.add(trade(-10, -0.01, 0, 1));
  EXPECT_EQ(losses.profit_factor(), 0.0);
  EXPECT_TRUE(std::isnan(losses.sqn(1)));  // one trade has no sample std
  EXPECT_EQ(losses.sqn(0), -k_inf);        // population std 0, mean < 0
}

TEST(TradeStats, WorksWithSettledTrades) {
  exec::TradeRecord record;
  record.entry_bar = 2;
  record.exit_bar = 7;
  record.size = 10.0;
  record.entry_price = 100.0;
  record.exit_price = 110.0;
  record.entry_fees = 1.0;
  record.exit_fees = 1.0;
  exec::settle_trade(record);  // pnl = 100 - 2 = 98, return = 98 / 1000
  TradeStats stats;
  stats.add(record);
  EXPECT_DOUBLE_EQ(stats.best_trade_return(), 0.098);
  EXPECT_DOUBLE_EQ(stats.avg_winning_trade_duration_bars(), 5.0);
  EXPECT_DOUBLE_EQ(stats.expectancy(), 98.0);
}

}  // namespace
}  // namespace qbt::metrics
