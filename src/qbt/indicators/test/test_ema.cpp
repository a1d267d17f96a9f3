#include "qbt/indicators/trend/ema.hpp"

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

std::vector<double> batch_ema(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { ema(a, p, b); }, in, period);
}

TEST(Ema, SeededWithTheSmaThenSmoothed) {
  // period 3: alpha = 2/4 = 0.5. Seed at index 2 = mean(1, 2, 3) = 2; then
  // 2*0.5 + 10*0.5 = 6 and 6*0.5 + 0*0.5 = 3.
  const std::vector<double> in{1, 2, 3, 10, 0};
  const std::vector<double> expected{k_nan, k_nan, 2, 6, 3};
  EXPECT_TRUE(series_near(batch_ema(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Ema(3), in), expected));
}

TEST(Ema, AlphaIsTwoOverPeriodPlusOne) {
  // period 4: alpha = 0.4. Seed mean(2, 4, 6, 8) = 5; next 5*0.6 + 10*0.4 = 7.
  EXPECT_TRUE(series_near(batch_ema({2, 4, 6, 8, 10}, 4), {k_nan, k_nan, k_nan, 5, 7}));
}

TEST(Ema, PeriodOneIsTheInput) {
  EXPECT_TRUE(series_near(batch_ema({3, -2, 8}, 1), {3, -2, 8}));
}

TEST(Ema, LeadingNansAreSkipped) {
  const std::vector<double> in{k_nan, k_nan, 1, 2, 3, 10};
  const std::vector<double> expected{k_nan, k_nan, k_nan, k_nan, 2, 6};
  EXPECT_TRUE(series_near(batch_ema(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Ema(3), in), expected));
}

TEST(Ema, LaterNanPropagatesForever) {
  const std::vector<double> in{1, 2, 3, k_nan, 5, 6};
  const std::vector<double> expected{k_nan, k_nan, 2, k_nan, k_nan, k_nan};
  EXPECT_TRUE(series_near(batch_ema(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Ema(3), in), expected));
}

TEST(Ema, BatchMayRunInPlace) {
  std::vector<double> values{1, 2, 3, 10, 0};
  ema(values, 3, values);
  EXPECT_TRUE(series_near(values, {k_nan, k_nan, 2, 6, 3}));
}

TEST(Ema, LookbackIsPeriodMinusOne) {
  EXPECT_EQ(ema_lookback(30), 29);
  const Indicator& indicator = builtin_indicators().at("ExponentialMovingAverage");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 29);
}

TEST(Ema, RejectsBadPeriods) {
  EXPECT_THAT([] { Ema(0); },
              ThrowsMessage<UserInputError>("EMA: parameter 'period' must be >= 1, got 0"));
  std::vector<double> in{1, 2};
  EXPECT_THROW(ema(in, -1, in), UserInputError);
  EXPECT_THAT([] { (void)builtin_indicators().at("EMA").resolve({{"period", 1.5}}); },
              ThrowsMessage<UserInputError>("EMA: parameter 'period' must be an integer, got 1.5"));
}

}  // namespace
}  // namespace qbt::indicators
