#include "qbt/vector/from_orders.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"

namespace qbt::vector {
namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

Portfolio run(const std::vector<double>& close, const std::vector<double>& sizes, SizeType type,
              Direction direction = Direction::both) {
  std::vector<Timestamp> ts(close.size());
  for (std::size_t i = 0; i < ts.size(); ++i) {
    ts[i] = static_cast<Timestamp>(i) * k_ns_per_day;
  }
  SimulationOptions options;
  options.init_cash = 100;
  options.size_type = type;
  options.size = 1;  // only checked for validity; the per-bar sizes are the orders
  options.direction = direction;
  return from_orders(PriceColumns::close_only(close), TimeAxis{ts, k_ns_per_day}, sizes, options);
}

TEST(FromOrders, AmountsBuyAndSellUnits) {
  const Portfolio p = run({10, 11, 12, 13}, {2, k_nan, -1, k_nan}, SizeType::amount);
  ASSERT_EQ(p.orders.size(), 2u);
  EXPECT_DOUBLE_EQ(p.cash[0], 80.0);
  EXPECT_DOUBLE_EQ(p.cash[2], 92.0);
  EXPECT_DOUBLE_EQ(p.value[3], 105.0);
  ASSERT_EQ(p.trades.size(), 2u);  // one closed unit, one open
  EXPECT_DOUBLE_EQ(p.trades[0].pnl, 2.0);
  EXPECT_TRUE(p.trades[1].is_open);
}

TEST(FromOrders, TargetPercentRebalances) {
  const Portfolio p = run({10, 20, 20}, {0.5, 0.5, k_nan}, SizeType::target_percent);
  EXPECT_DOUBLE_EQ(p.position[0], 5.0);
  EXPECT_DOUBLE_EQ(p.position[1], 3.75);
  EXPECT_DOUBLE_EQ(p.cash[1], 75.0);
  EXPECT_DOUBLE_EQ(p.value[2], 150.0);
}

TEST(FromOrders, ValueAndPercent) {
  EXPECT_DOUBLE_EQ(run({10, 10}, {50, k_nan}, SizeType::value).position[1], 5.0);
  EXPECT_DOUBLE_EQ(run({10, 10}, {0.25, k_nan}, SizeType::percent).position[1], 2.5);
}

TEST(FromOrders, LongOnlyNeverSellsBelowZero) {
  const Portfolio p = run({10, 10}, {1, -5}, SizeType::amount, Direction::long_only);
  EXPECT_EQ(p.position[1], 0.0);
  EXPECT_DOUBLE_EQ(p.cash[1], 100.0);
  const Portfolio shorted = run({10, 10}, {-5, k_nan}, SizeType::amount, Direction::both);
  EXPECT_DOUBLE_EQ(shorted.position[1], -5.0);
}

TEST(FromOrders, RejectsMismatchedSizes) {
  EXPECT_THROW((void)run({10, 11}, {1}, SizeType::amount), UserInputError);
}

}  // namespace
}  // namespace qbt::vector
