#include <cmath>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/momentum/rate_of_change.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::batch_all;
using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

TEST(RateOfChange, FractionNotPercent) {
  const std::vector<double> in{2, 4, 5, 8};
  // (4-2)/2, (5-4)/4, (8-5)/5; and over two bars (5-2)/2, (8-4)/4.
  EXPECT_TRUE(series_near(stream_all(RateOfChange(1), in), {k_nan, 1, 0.25, 0.6}, 1e-15));
  EXPECT_TRUE(series_near(batch_all(&rate_of_change, in, 1), {k_nan, 1, 0.25, 0.6}, 1e-15));
  EXPECT_TRUE(series_near(batch_all(&rate_of_change, in, 2), {k_nan, k_nan, 1.5, 1}, 1e-15));
}

TEST(RateOfChange, ZeroEarlierValueGivesInfinityOrNan) {
  const auto out = stream_all(RateOfChange(1), {0.0, 3.0, 0.0, 0.0});
  EXPECT_TRUE(std::isinf(out[1]));
  EXPECT_TRUE(std::isnan(out[3]));  // 0 / 0
}

TEST(RateOfChange, LookbackAndAliases) {
  EXPECT_EQ(rate_of_change_lookback(12), 12);
  EXPECT_EQ(&builtin_indicators().at("RateOfChange"), &builtin_indicators().at("ROC"));
}

TEST(RateOfChange, RejectsBadPeriods) {
  EXPECT_THAT([] { RateOfChange(0); },
              ThrowsMessage<UserInputError>("ROC: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
