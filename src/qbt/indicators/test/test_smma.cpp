#include "qbt/indicators/trend/smma.hpp"

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

std::vector<double> batch_smma(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { smma(a, p, b); }, in, period);
}

TEST(Smma, WildersSmoothingSeededWithTheSma) {
  // period 3: alpha = 1/3. Seed mean(1, 2, 3) = 2; then 2*2/3 + 10/3 = 14/3 and
  // (14/3)*(2/3) + 0 = 28/9.
  const std::vector<double> in{1, 2, 3, 10, 0};
  const std::vector<double> expected{k_nan, k_nan, 2, 14.0 / 3, 28.0 / 9};
  EXPECT_TRUE(series_near(batch_smma(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Smma(3), in), expected));
}

TEST(Smma, ConstantInputStaysConstant) {
  EXPECT_TRUE(series_near(batch_smma({4, 4, 4, 4, 4}, 2), {k_nan, 4, 4, 4, 4}));
}

TEST(Smma, LeadingNansAreSkippedAndLaterOnesPropagate) {
  const std::vector<double> in{k_nan, 1, 2, 3, 10, k_nan, 1};
  const std::vector<double> expected{k_nan, k_nan, k_nan, 2, 14.0 / 3, k_nan, k_nan};
  EXPECT_TRUE(series_near(batch_smma(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Smma(3), in), expected));
}

TEST(Smma, LookbackIsPeriodMinusOne) {
  EXPECT_EQ(smma_lookback(14), 13);
  const Indicator& indicator = builtin_indicators().at("WilderMA");
  EXPECT_EQ(indicator.name(), "SMMA");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 29);
}

TEST(Smma, RejectsBadPeriods) {
  EXPECT_THAT([] { Smma(0); },
              ThrowsMessage<UserInputError>("SMMA: parameter 'period' must be >= 1, got 0"));
  std::vector<double> in{1, 2};
  EXPECT_THROW(smma(in, 0, in), UserInputError);
}

}  // namespace
}  // namespace qbt::indicators
