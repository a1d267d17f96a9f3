#include "qbt/report/portfolio_csv.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"

namespace qbt::report {
namespace {

vector::Portfolio sample() {
  vector::Portfolio p;
  p.cash = {0.0, 120.0};
  p.position = {10.0, 0.0};
  p.value = {100.0, 120.0};
  p.orders = {{0, exec::Side::buy, exec::OrderReason::signal, 10.0, 10.0, 0.0},
              {1, exec::Side::sell, exec::OrderReason::stop_loss, 10.0, 12.0, 0.5}};
  exec::TradeRecord t;
  t.entry_bar = 0;
  t.exit_bar = 1;
  t.size = 10.0;
  t.entry_price = 10.0;
  t.exit_price = 12.0;
  t.exit_fees = 0.5;
  exec::settle_trade(t);
  p.trades = {t};
  return p;
}

const std::vector<Timestamp> k_times = {days_from_civil(2024, 1, 2) * k_ns_per_day,
                                        days_from_civil(2024, 1, 3) * k_ns_per_day + k_ns_per_hour};

TEST(PortfolioCsv, TradesOrdersAndEquity) {
  const vector::Portfolio p = sample();
  EXPECT_EQ(format_trades_csv(p, k_times),
            "entry_time,exit_time,direction,status,size,entry_price,exit_price,entry_fees,"
            "exit_fees,pnl,return,duration_bars,entry_bar,exit_bar\n"
            "2024-01-02T00:00:00Z,2024-01-03T01:00:00Z,long,closed,10,10,12,0,0.5,19.5,0.195,1,0,1\n");
  EXPECT_EQ(format_orders_csv(p, k_times),
            "time,side,reason,size,price,fees,bar\n"
            "2024-01-02T00:00:00Z,buy,signal,10,10,0,0\n"
            "2024-01-03T01:00:00Z,sell,stop_loss,10,12,0.5,1\n");
  EXPECT_EQ(format_equity_csv(p, k_times),
            "time,cash,position,value\n"
            "2024-01-02T00:00:00Z,0,10,100\n"
            "2024-01-03T01:00:00Z,120,0,120\n");
}

TEST(PortfolioCsv, UnwritablePathIsAnIoError) {
  EXPECT_THROW(write_text_file("/nonexistent-dir/x.csv", "a"), IoError);
}

}  // namespace
}  // namespace qbt::report
