#include "qbt/indicators/trend/dma.hpp"

#include <random>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

std::vector<double> batch_dma(const std::vector<double>& in, std::int32_t period,
                              std::int32_t gainlimit, std::int32_t hperiod) {
  std::vector<double> out(in.size());
  dma(in, period, gainlimit, hperiod, out);
  return out;
}

TEST(Dma, MeanOfTheZeroLagIndicatorAndTheHullAverage) {
  // period 3 on 2, 4, 6, 8: the zero-lag indicator is NaN, NaN, 4, 8 (see its test); HMA(2) is
  // (4x - x[-1]) / 3 = NaN, 14/3, 20/3, 26/3. Their means: NaN, NaN, 16/3, 25/3.
  const std::vector<double> in{2, 4, 6, 8};
  const std::vector<double> expected{k_nan, k_nan, 16.0 / 3, 25.0 / 3};
  EXPECT_TRUE(series_near(batch_dma(in, 3, 50, 2), expected));
  Dma state(3, 50, 2);
  std::vector<double> streamed;
  for (const double x : in) {
    streamed.push_back(state.update(x));
  }
  EXPECT_TRUE(series_near(streamed, expected));
}

TEST(Dma, WarmupIsTheLongerOfTheTwo) {
  // HMA(16) needs 15 + 3 bars, longer than ZLIndicator(3)'s 2.
  EXPECT_EQ(dma_lookback(3, 16), 18);
  EXPECT_EQ(dma_lookback(30, 7), 29);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> price(90.0, 110.0);
  std::vector<double> in(40);
  for (double& x : in) {
    x = price(rng);
  }
  EXPECT_EQ(testing::first_defined(batch_dma(in, 3, 50, 16)), 18U);
}

TEST(Dma, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_dma.py: DMA(30, 50, 7), minimum period 30.
  const auto lines = testing::on_backtrader_daily("DicksonMA");
  testing::expect_upstream(lines[0], 30, {"4121.903804", "3677.634675", "3579.962958"});
  // Python transcription of dma.py with period 20, gainlimit 30, hperiod 5.
  const auto other = testing::on_backtrader_daily(
      "DMA", {{"period", 20}, {"gainlimit", 30}, {"hperiod", 5}});
  EXPECT_EQ(testing::first_defined(other[0]), 19U);
  testing::expect_values_at(other[0], {{19, 3659.7696111111113},
                                       {100, 3628.2972727423603},
                                       {254, 4121.828890211313}});
}

TEST(Dma, ParameterErrorsNameTheDma) {
  const Indicator& indicator = builtin_indicators().at("DicksonMovingAverage");
  EXPECT_EQ(indicator.defaults().to_string(), "DMA(period=30, gainlimit=50, hperiod=7)");
  EXPECT_THAT([] { Dma(30, 50, 1); },
              ThrowsMessage<UserInputError>("DMA: parameter 'hperiod' must be >= 2, got 1"));
  EXPECT_THAT([] { Dma(0, 50, 7); },
              ThrowsMessage<UserInputError>("DMA: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([] { Dma(30, -2, 7); },
              ThrowsMessage<UserInputError>("DMA: parameter 'gainlimit' must be >= 0, got -2"));
}

}  // namespace
}  // namespace qbt::indicators
