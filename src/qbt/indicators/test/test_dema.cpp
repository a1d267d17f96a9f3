#include "qbt/indicators/trend/dema.hpp"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::batch_all;
using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

std::vector<double> batch_dema(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { dema(a, p, b); }, in, period);
}

TEST(Dema, HandComputedWithNestedSeeds) {
  // period 2, alpha = 2/3. e1: seed mean(0, 0) = 0 at 1, then 0/3 + 3*2/3 = 2, 2/3 + 0 = 2/3.
  // e2 over e1 from index 1: seed mean(0, 2) = 1 at 2, then 1/3 + (2/3)*(2/3) = 7/9.
  // DEMA = 2*e1 - e2: 4 - 1 = 3 at 2, 4/3 - 7/9 = 5/9 at 3.
  const std::vector<double> in{0, 0, 3, 0};
  const std::vector<double> expected{k_nan, k_nan, 3, 5.0 / 9};
  EXPECT_TRUE(series_near(batch_dema(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(Dema(2), in), expected));
}

TEST(Dema, FollowsALinearTrendWithoutLag) {
  // On x = 1, 2, 3, ... e1 = x - 0.5 and e2 = x - 1 once seeded, so 2*e1 - e2 = x.
  EXPECT_TRUE(series_near(batch_dema({1, 2, 3, 4, 5}, 2), {k_nan, k_nan, 3, 4, 5}));
}

TEST(Dema, LeadingNansAreSkipped) {
  EXPECT_TRUE(series_near(batch_dema({k_nan, 1, 2, 3, 4, 5}, 2), {k_nan, k_nan, k_nan, 3, 4, 5}));
}

TEST(Dema, LookbackIsTwicePeriodMinusOne) {
  EXPECT_EQ(dema_lookback(30), 58);  // backtrader's minimum period for DEMA(30) is 59
  const Indicator& indicator = builtin_indicators().at("DoubleExponentialMovingAverage");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 58);
}

TEST(Dema, RejectsBadPeriods) {
  EXPECT_THAT([] { Dema(0); },
              ThrowsMessage<UserInputError>("DEMA: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
