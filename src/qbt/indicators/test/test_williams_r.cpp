#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/momentum/williams_r.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

TEST(WilliamsR, DistanceBelowThePeriodHigh) {
  const std::vector<double> high{10, 12, 11, 13, 12};
  const std::vector<double> low{8, 9, 9, 10, 10};
  const std::vector<double> close{9, 11, 10, 12.5, 11};
  // period 2: -100 * (HH - c) / (HH - LL) with HH 12, 12, 13, 13 and LL 8, 9, 9, 10.
  const std::vector<double> expected{k_nan, -25, -200.0 / 3.0, -12.5, -200.0 / 3.0};
  std::vector<double> out(close.size());
  williams_r(high, low, close, 2, out);
  EXPECT_TRUE(series_near(out, expected, 1e-12));
  WilliamsR state(2);
  for (std::size_t i = 0; i < close.size(); ++i) {
    EXPECT_TRUE(series_near({state.update(high[i], low[i], close[i])}, {expected[i]}, 1e-12));
  }
}

TEST(WilliamsR, LookbackIsPeriodMinusOne) {
  EXPECT_EQ(williams_r_lookback(14), 13);  // backtrader's minimum period is 14
  const Indicator& indicator = builtin_indicators().at("williamsr");
  EXPECT_EQ(indicator.outputs(), std::vector<std::string>{"percR"});
}

TEST(WilliamsR, RejectsBadPeriods) {
  EXPECT_THAT([] { WilliamsR(0); },
              ThrowsMessage<UserInputError>("WilliamsR: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
