#include "qbt/indicators/basic/crossover.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/expect_series.hpp"
#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;

struct Crossings {
  std::vector<double> over;
  std::vector<double> up;
  std::vector<double> down;
};

Crossings batch_crossings(const std::vector<double>& a, const std::vector<double>& b) {
  Crossings out{std::vector<double>(a.size()), std::vector<double>(a.size()),
                std::vector<double>(a.size())};
  cross_over(a, b, out.over);
  cross_up(a, b, out.up);
  cross_down(a, b, out.down);
  return out;
}

Crossings stream_crossings(const std::vector<double>& a, const std::vector<double>& b) {
  Crossings out;
  CrossOver over;
  CrossUp up;
  CrossDown down;
  for (std::size_t i = 0; i < a.size(); ++i) {
    out.over.push_back(over.update(a[i], b[i]));
    out.up.push_back(up.update(a[i], b[i]));
    out.down.push_back(down.update(a[i], b[i]));
  }
  return out;
}

void expect_crossings(const std::vector<double>& a, const std::vector<double>& b,
                      const std::vector<double>& over) {
  std::vector<double> up(over.size());
  std::vector<double> down(over.size());
  for (std::size_t i = 0; i < over.size(); ++i) {
    up[i] = std::isnan(over[i]) ? k_nan : (over[i] > 0 ? 1.0 : 0.0);
    down[i] = std::isnan(over[i]) ? k_nan : (over[i] < 0 ? 1.0 : 0.0);
  }
  for (const Crossings& got : {batch_crossings(a, b), stream_crossings(a, b)}) {
    EXPECT_TRUE(series_near(got.over, over));
    EXPECT_TRUE(series_near(got.up, up));
    EXPECT_TRUE(series_near(got.down, down));
  }
}

const std::vector<double> k_twos(5, 2.0);

TEST(CrossOver, UpThenDownThroughALevel) {
  // a - b: -1 (seed), 0, +1, 0, -1. The touch at bar 1 keeps the side (nzd = -1), so going
  // through at bar 2 is an up-cross although a[1] == b[1]; likewise down at bar 4.
  expect_crossings({1, 2, 3, 2, 1}, k_twos, {k_nan, 0, 1, 0, -1});
}

TEST(CrossOver, TouchingAndTurningBackIsNoCross) {
  expect_crossings({1, 2, 1, 2, 1}, k_twos, {k_nan, 0, 0, 0, 0});
  expect_crossings({3, 2, 3, 3, 2}, k_twos, {k_nan, 0, 0, 0, 0});
}

TEST(CrossOver, StartingOnTheLevelNeedsASideFirst) {
  // The seed difference is 0, which is neither below nor above: no cross until a side is set.
  expect_crossings({2, 3, 1, 3}, {2, 2, 2, 2}, {k_nan, 0, -1, 1});
}

TEST(CrossOver, WarmupStartsWhenBothSeriesAreDefined) {
  // b is an average still warming up: the first bar with both defined seeds the difference.
  expect_crossings({5, 5, 1, 3}, {k_nan, k_nan, 2, 2}, {k_nan, k_nan, k_nan, 1});
}

TEST(CrossOver, NanAfterTheWarmupGivesZeroAsInBacktrader) {
  // Bar 2: NaN compares false -> 0, and its NaN difference becomes nzd, so bar 3 (below) is no
  // down-cross; bar 4 crosses up again from the side set at bar 3.
  expect_crossings({1, 3, k_nan, 1, 3}, k_twos, {k_nan, 1, 0, 0, 1});
}

TEST(CrossOver, ReproducesTheSignalsOfBacktradersSmaCrossStrategy) {
  // backtrader tests/test_strategy_unoptimized.py: CrossOver(close, SMA(close, 15)) on
  // 2006-day-001.txt. Its buy orders are created at the closes of every +1 bar and its sell
  // orders at every -1 bar (shared/expectations/backtrader_strategies.json, as %.2f strings).
  const auto& bars = testing::backtrader_daily();
  const auto close = bars.close();
  std::vector<double> average(close.size());
  sma(close, 15, average);
  std::vector<double> cross(close.size());
  cross_over(close, average, cross);
  std::vector<std::string> buys;
  std::vector<std::string> sells;
  for (std::size_t i = 0; i < cross.size(); ++i) {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.2f", close[i]);
    if (cross[i] > 0) {
      buys.emplace_back(text.data());
    } else if (cross[i] < 0) {
      sells.emplace_back(text.data());
    }
  }
  EXPECT_EQ(buys, (std::vector<std::string>{"3641.42", "3798.46", "3874.61", "3860.00",
                                            "3843.08", "3648.33", "3526.84", "3632.93",
                                            "3788.96", "3841.31", "4045.22", "4052.89"}));
  EXPECT_EQ(sells, (std::vector<std::string>{"3763.73", "3811.45", "3823.11", "3821.97",
                                             "3837.86", "3604.33", "3562.56", "3772.21",
                                             "3780.18", "3974.62", "4048.16"}));
  EXPECT_EQ(testing::first_defined(cross), 15U);  // the strategy's next() starts at bar 15
}

TEST(CrossOver, RegisteredWithTwoInputsAndBacktradersLineNames) {
  const Indicator& over = builtin_indicators().at("CrossOver");
  EXPECT_EQ(over.inputs().size(), 2U);
  EXPECT_EQ(over.outputs(), std::vector<std::string>{"crossover"});
  EXPECT_EQ(over.lookback(over.defaults()), 1);
  EXPECT_EQ(builtin_indicators().at("CrossUp").outputs(), std::vector<std::string>{"cross"});
  EXPECT_EQ(builtin_indicators().at("CrossDown").outputs(), std::vector<std::string>{"cross"});
}

}  // namespace
}  // namespace qbt::indicators
