#include "qbt/indicators/trend/kama.hpp"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

std::vector<double> batch_kama(const std::vector<double>& in, std::int32_t period,
                               std::int32_t fast, std::int32_t slow) {
  std::vector<double> out(in.size());
  kama(in, period, fast, slow, out);
  return out;
}

TEST(Kama, SeedFromTheSecondValueThenAdaptiveSmoothing) {
  // period 2, fast 1 (alpha 1), slow 3 (alpha 1/2): seed at bar 2 = (2 + 4) / 2 = 3 (bar 0 is
  // only the first difference's base). Bar 3: direction 3 - 2 = 1, volatility 1 + 2 = 3,
  // er 1/3, sc = (1/3 * 1/2 + 1/2)^2 = 4/9, kama = 3 * 5/9 + 3 * 4/9 = 3. Bar 4: direction
  // 6 - 4 = 2, volatility 3 + 1 = 4, er 1/2, sc = (3/4)^2, kama = 3 * 7/16 + 6 * 9/16 = 4.6875.
  const std::vector<double> in{1, 2, 4, 3, 6};
  const std::vector<double> expected{k_nan, k_nan, 3, 3, 4.6875};
  EXPECT_TRUE(series_near(batch_kama(in, 2, 1, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Kama(2, 1, 3), in), expected));
}

TEST(Kama, AWindowWithoutChangeUsesEfficiencyOne) {
  // period 2, fast 2 (alpha 2/3), slow 3 (alpha 1/2): seed 5 at bar 2; bar 3: er 6/14,
  // sc = (3/7 * 1/6 + 1/2)^2 = 16/49 -> 229/49; bar 4: er 1, sc 4/9 -> 1929/441; bar 5: no
  // change over the window (0/0 in backtrader): er 1 as in TA-Lib, sc 4/9 -> 16701/3969.
  const std::vector<double> in{0, 10, 0, 4, 4, 4};
  const std::vector<double> expected{k_nan, k_nan, 5, 229.0 / 49, 1929.0 / 441,
                                     16701.0 / 3969};
  EXPECT_TRUE(series_near(batch_kama(in, 2, 2, 3), expected, 1e-12));
  EXPECT_TRUE(series_near(stream_all(Kama(2, 2, 3), in), expected, 1e-12));
}

TEST(Kama, NanIsLeadingOrSticky) {
  const std::vector<double> in{k_nan, 1, 2, 4, 3, 6, k_nan, 5};
  const std::vector<double> expected{k_nan, k_nan, k_nan, 3, 3, 4.6875, k_nan, k_nan};
  EXPECT_TRUE(series_near(batch_kama(in, 2, 1, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Kama(2, 1, 3), in), expected));
}

TEST(Kama, MatchesAnIndependentComputationOnBacktraderData) {
  // Python on the closes of 2006-day-001.txt with the formula of backtrader's kama.py (the
  // default KAMA(30, 2, 30) is checked by tests/reference).
  const auto lines = testing::on_backtrader_daily(
      "MovingAverageAdaptive", {{"period", 10}, {"fast", 3}, {"slow", 20}});
  EXPECT_EQ(testing::first_defined(lines[0]), 10U);
  testing::expect_values_at(lines[0], {{10, 3651.322},
                                       {100, 3688.9839663226853},
                                       {254, 4084.962506994253}});
}

TEST(Kama, LookbackAndParameterErrors) {
  EXPECT_EQ(kama_lookback(30), 30);  // backtrader's minimum period 31
  const Indicator& indicator = builtin_indicators().at("AdaptiveMovingAverage");
  EXPECT_EQ(indicator.name(), "KAMA");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 30);
  EXPECT_EQ(indicator.defaults().to_string(), "KAMA(period=30, fast=2, slow=30)");
  EXPECT_THAT([] { Kama(0, 2, 30); },
              ThrowsMessage<UserInputError>("KAMA: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([] { Kama(30, 0, 30); },
              ThrowsMessage<UserInputError>("KAMA: parameter 'fast' must be >= 1, got 0"));
  EXPECT_THAT([] { Kama(30, 2, -4); },
              ThrowsMessage<UserInputError>("KAMA: parameter 'slow' must be >= 1, got -4"));
}

}  // namespace
}  // namespace qbt::indicators
