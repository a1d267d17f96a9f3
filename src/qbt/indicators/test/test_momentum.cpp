#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/momentum/momentum.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::batch_all;
using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

const std::vector<double> k_ramp{1, 2, 4, 7, 11, 16};

TEST(Momentum, DifferenceWithTheValuePeriodBarsEarlier) {
  const std::vector<double> expected{k_nan, k_nan, 3, 5, 7, 9};  // 4-1, 7-2, 11-4, 16-7
  EXPECT_TRUE(series_near(stream_all(Momentum(2), k_ramp), expected, 0.0));
  EXPECT_TRUE(series_near(batch_all(&momentum, k_ramp, 2), expected, 0.0));
}

TEST(Momentum, LeadingNanDelaysAndInteriorNanBlanksBothEnds) {
  const std::vector<double> in{k_nan, 1, 2, k_nan, 7, 11, 16};
  // x - x[-1]: undefined at bar 1 (nothing before), at bars 3 and 4 (the NaN is one end).
  const std::vector<double> expected{k_nan, k_nan, 1, k_nan, k_nan, 4, 5};
  EXPECT_TRUE(series_near(stream_all(Momentum(1), in), expected, 0.0));
  EXPECT_TRUE(series_near(batch_all(&momentum, in, 1), expected, 0.0));
}

TEST(Momentum, PeriodLongerThanTheSeriesGivesOnlyNan) {
  const std::vector<double> expected(k_ramp.size(), k_nan);
  EXPECT_TRUE(series_near(batch_all(&momentum, k_ramp, 10), expected));
}

TEST(Momentum, LookbackIsPeriod) {
  EXPECT_EQ(momentum_lookback(12), 12);  // backtrader's minimum period is 13
  const Indicator& indicator = builtin_indicators().at("momentum");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 12);
  EXPECT_EQ(indicator.outputs(), std::vector<std::string>{"momentum"});
}

TEST(Momentum, RejectsBadPeriods) {
  EXPECT_THAT([] { Momentum(0); },
              ThrowsMessage<UserInputError>("Momentum: parameter 'period' must be >= 1, got 0"));
  std::vector<double> out(k_ramp.size());
  EXPECT_THAT([&] { momentum(k_ramp, -3, out); },
              ThrowsMessage<UserInputError>("Momentum: parameter 'period' must be >= 1, got -3"));
}

}  // namespace
}  // namespace qbt::indicators
