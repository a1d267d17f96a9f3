#include "qbt/indicators/trend/tema.hpp"

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

std::vector<double> batch_tema(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { tema(a, p, b); }, in, period);
}

TEST(Tema, HandComputedWithNestedSeeds) {
  // period 2, alpha = 2/3, x = 0, 0, 3, 0, 0.
  // e1 from 1: 0, 2, 2/3, 2/9.   e2 from 2: seed mean(0, 2) = 1, then 1/3 + 4/9 = 7/9,
  // then 7/27 + 4/27 = 11/27.    e3 from 3: seed mean(1, 7/9) = 8/9, then 8/27 + 22/81 = 46/81.
  // TEMA = 3*e1 - 3*e2 + e3: 2 - 7/3 + 8/9 = 5/9 at 3; 2/3 - 11/9 + 46/81 = 1/81 at 4.
  const std::vector<double> in{0, 0, 3, 0, 0};
  const std::vector<double> expected{k_nan, k_nan, k_nan, 5.0 / 9, 1.0 / 81};
  EXPECT_TRUE(series_near(batch_tema(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(Tema(2), in), expected));
}

TEST(Tema, FollowsALinearTrendWithoutLag) {
  EXPECT_TRUE(series_near(batch_tema({1, 2, 3, 4, 5}, 2), {k_nan, k_nan, k_nan, 4, 5}));
}

TEST(Tema, LookbackIsThreeTimesPeriodMinusOne) {
  EXPECT_EQ(tema_lookback(30), 87);  // backtrader's minimum period for TEMA(30) is 88
  const Indicator& indicator = builtin_indicators().at("tema");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 87);
}

TEST(Tema, RejectsBadPeriods) {
  EXPECT_THAT([] { Tema(-1); },
              ThrowsMessage<UserInputError>("TEMA: parameter 'period' must be >= 1, got -1"));
}

}  // namespace
}  // namespace qbt::indicators
