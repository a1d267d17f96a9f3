#include "qbt/exec/trade_tracker.hpp"

#include <functional>
#include <vector>

#include <gtest/gtest.h>

namespace qbt::exec {
namespace {

struct Collected {
  std::vector<TradeRecord> trades;
  void operator()(const TradeRecord& trade) { trades.push_back(trade); }
};

TEST(TradeTracker, PartialExitsCloseAgainstTheAverageEntryWithProRataFees) {
  TradeTracker tracker;
  std::vector<TradeRecord> trades;
  const auto collect = [&](const TradeRecord& trade) { trades.push_back(trade); };
  tracker.on_fill(0, Fill{Side::buy, 2.0, 10.0, 1.0}, 0.0, collect);
  tracker.on_fill(1, Fill{Side::buy, 2.0, 14.0, 1.0}, 2.0, collect);
  EXPECT_DOUBLE_EQ(tracker.average_entry_price(), 12.0);
  tracker.on_fill(3, Fill{Side::sell, 1.0, 15.0, 0.5}, 4.0, collect);
  ASSERT_EQ(trades.size(), 1u);
  EXPECT_EQ(trades[0].entry_bar, 0);
  EXPECT_EQ(trades[0].exit_bar, 3);
  EXPECT_DOUBLE_EQ(trades[0].entry_price, 12.0);
  EXPECT_DOUBLE_EQ(trades[0].entry_fees, 0.5);  // 1 of the 4 units carries 1/4 of 2.0
  EXPECT_DOUBLE_EQ(trades[0].pnl, 3.0 - 0.5 - 0.5);
  EXPECT_DOUBLE_EQ(trades[0].return_, 2.0 / 12.0);
  EXPECT_FALSE(trades[0].is_open);

  const auto open = tracker.open_trade(4, 11.0);
  ASSERT_TRUE(open.has_value());
  EXPECT_DOUBLE_EQ(open->size, 3.0);
  EXPECT_DOUBLE_EQ(open->entry_fees, 1.5);
  EXPECT_DOUBLE_EQ(open->pnl, -3.0 - 1.5);
  EXPECT_TRUE(open->is_open);

  tracker.on_fill(5, Fill{Side::sell, 3.0, 11.0, 1.0}, 3.0, collect);
  ASSERT_EQ(trades.size(), 2u);
  EXPECT_DOUBLE_EQ(trades[1].pnl, -3.0 - 1.5 - 1.0);
  EXPECT_EQ(trades[1].duration_bars(), 5);
  EXPECT_FALSE(tracker.is_open());
  EXPECT_FALSE(tracker.open_trade(6, 11.0).has_value());
}

TEST(TradeTracker, ShortTradesGainWhenPriceFalls) {
  TradeTracker tracker;
  Collected out;
  tracker.on_fill(2, Fill{Side::sell, 5.0, 20.0, 0.0}, 0.0, std::ref(out));
  tracker.on_fill(4, Fill{Side::buy, 5.0, 18.0, 1.0}, -5.0, std::ref(out));
  ASSERT_EQ(out.trades.size(), 1u);
  EXPECT_FALSE(out.trades[0].is_long);
  EXPECT_DOUBLE_EQ(out.trades[0].pnl, 10.0 - 1.0);
  EXPECT_DOUBLE_EQ(out.trades[0].return_, 9.0 / 100.0);
}

TEST(TradeTracker, AFillThroughZeroClosesAndOpensTheOtherSide) {
  TradeTracker tracker;
  Collected out;
  tracker.on_fill(0, Fill{Side::buy, 1.0, 10.0, 0.0}, 0.0, std::ref(out));
  tracker.on_fill(1, Fill{Side::sell, 3.0, 12.0, 3.0}, 1.0, std::ref(out));
  ASSERT_EQ(out.trades.size(), 1u);
  EXPECT_DOUBLE_EQ(out.trades[0].size, 1.0);
  EXPECT_DOUBLE_EQ(out.trades[0].exit_fees, 1.0);  // a third of the fill's fees
  const auto open = tracker.open_trade(2, 11.0);
  ASSERT_TRUE(open.has_value());
  EXPECT_FALSE(open->is_long);
  EXPECT_DOUBLE_EQ(open->size, 2.0);
  EXPECT_DOUBLE_EQ(open->entry_fees, 2.0);
  EXPECT_EQ(open->entry_bar, 1);
}

}  // namespace
}  // namespace qbt::exec
