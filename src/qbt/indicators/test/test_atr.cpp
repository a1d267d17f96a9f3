#include "qbt/indicators/volatility/atr.hpp"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

const std::vector<double> k_high{10, 11, 15, 12, 13};
const std::vector<double> k_low{8, 9, 13, 11, 12};
const std::vector<double> k_close{9, 10, 14, 11.5, 12.5};
// True ranges from bar 1: 2, 5, 3, 1.5 (13 - min(12, 11.5)).

TEST(Atr, WildersSmoothingOfTheTrueRange) {
  // period 2: seed mean(2, 5) = 3.5 at bar 2; 3.5/2 + 3/2 = 3.25; 3.25/2 + 1.5/2 = 2.375.
  const std::vector<double> expected{k_nan, k_nan, 3.5, 3.25, 2.375};
  std::vector<double> out(k_close.size());
  atr(k_high, k_low, k_close, 2, out);
  EXPECT_TRUE(series_near(out, expected));
  Atr state(2);
  std::vector<double> streamed;
  for (std::size_t i = 0; i < k_close.size(); ++i) {
    streamed.push_back(state.update(k_high[i], k_low[i], k_close[i]));
  }
  EXPECT_TRUE(series_near(streamed, expected));
}

TEST(Atr, PeriodOneIsTheTrueRange) {
  std::vector<double> out(k_close.size());
  atr(k_high, k_low, k_close, 1, out);
  EXPECT_TRUE(series_near(out, {k_nan, 2, 5, 3, 1.5}));
}

TEST(Atr, LookbackIsPeriod) {
  EXPECT_EQ(atr_lookback(14), 14);  // backtrader's minimum period for ATR(14) is 15
  const Indicator& indicator = builtin_indicators().at("AverageTrueRange");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 14);
}

TEST(Atr, RejectsBadPeriods) {
  EXPECT_THAT([] { Atr(0); },
              ThrowsMessage<UserInputError>("ATR: parameter 'period' must be >= 1, got 0"));
  std::vector<double> out(k_close.size());
  EXPECT_THROW(atr(k_high, k_low, k_close, 0, out), UserInputError);
}

}  // namespace
}  // namespace qbt::indicators
