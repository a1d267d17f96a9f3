#include "qbt/indicators/trend/hma.hpp"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::batch_all;
using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

std::vector<double> batch_hma(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { hma(a, p, b); }, in, period);
}

TEST(Hma, PeriodTwoIsFourThirdsOfTheValueMinusAThirdOfThePrevious) {
  // period 2: WMA(x, 1) = x, WMA(x, 2) = (x[-1] + 2x) / 3, outer WMA over floor(sqrt 2) = 1:
  // hma = 2x - (x[-1] + 2x) / 3 = (4x - x[-1]) / 3: (24 - 3) / 3 = 7, (0 - 6) / 3 = -2.
  const std::vector<double> in{3, 6, 0};
  const std::vector<double> expected{k_nan, 7, -2};
  EXPECT_TRUE(series_near(batch_hma(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(Hma(2), in), expected));
}

TEST(Hma, FollowsAStraightLineWithoutLag) {
  // On x = t: WMA(x, 2) lags 1/3, WMA(x, 4) lags 1, so 2*WMA2 - WMA4 = x + 1/3 and its WMA
  // over 2 lags 1/3 again: the HMA is the line itself, from bar 3 + 1 = 4 on.
  const std::vector<double> in{1, 2, 3, 4, 5, 6, 7};
  const std::vector<double> expected{k_nan, k_nan, k_nan, k_nan, 5, 6, 7};
  EXPECT_TRUE(series_near(batch_hma(in, 4), expected, 1e-12));
  EXPECT_TRUE(series_near(stream_all(Hma(4), in), expected, 1e-12));
}

TEST(Hma, LeadingNansDelayTheWarmupAndInteriorNansPass) {
  const std::vector<double> in{k_nan, 3, 6, 0, k_nan, 3, 6, 0};
  const std::vector<double> expected{k_nan, k_nan, 7, -2, k_nan, k_nan, 7, -2};
  EXPECT_TRUE(series_near(batch_hma(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(Hma(2), in), expected));
}

TEST(Hma, MatchesAnIndependentComputationOnBacktraderData) {
  // Python on the closes of 2006-day-001.txt, from backtrader's formula
  // WMA(2 * WMA(c, 4) - WMA(c, 9), 3) (the default HMA(30) is checked by tests/reference).
  const auto lines = testing::on_backtrader_daily("HullMA", {{"period", 9}});
  EXPECT_EQ(testing::first_defined(lines[0]), 10U);
  testing::expect_values_at(lines[0], {{10, 3648.208185185186},
                                       {100, 3580.724703703704},
                                       {254, 4121.53262962963}});
}

TEST(Hma, Lookback) {
  EXPECT_EQ(hma_lookback(30), 33);  // backtrader: "the final minimum period ... is 34"
  EXPECT_EQ(hma_lookback(2), 1);
  EXPECT_EQ(hma_lookback(16), 18);  // perfect square: sqrt exactly 4
  EXPECT_EQ(hma_sqrt_period(15), 3);
  const Indicator& indicator = builtin_indicators().at("HullMovingAverage");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 33);
}

TEST(Hma, RejectsPeriodsBelowTwo) {
  EXPECT_THAT([] { Hma(1); },
              ThrowsMessage<UserInputError>("HMA: parameter 'period' must be >= 2, got 1"));
  std::vector<double> in{1, 2};
  std::vector<double> out(2);
  EXPECT_THROW(hma(in, 0, out), UserInputError);
  const Indicator& indicator = builtin_indicators().at("HMA");
  EXPECT_THAT([&] { (void)indicator.resolve({{"period", 1}}); },
              ThrowsMessage<UserInputError>("HMA: parameter 'period' must be >= 2, got 1"));
}

}  // namespace
}  // namespace qbt::indicators
