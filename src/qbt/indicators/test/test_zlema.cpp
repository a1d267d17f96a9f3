#include "qbt/indicators/trend/zlema.hpp"

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

std::vector<double> batch_zlema(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { zlema(a, p, b); }, in, period);
}

TEST(Zlema, EmaOfTheMomentumAdjustedSeries) {
  // period 3: lag 1, so the EMA (alpha 1/2) runs over 2x - x[-1] = 3, 6, 10, 15 from bar 1;
  // seed (3 + 6 + 10) / 3 = 19/3 at bar 3, then 19/3 / 2 + 15 / 2 = 32/3.
  const std::vector<double> in{1, 2, 4, 7, 11};
  const std::vector<double> expected{k_nan, k_nan, k_nan, 19.0 / 3, 32.0 / 3};
  EXPECT_TRUE(series_near(batch_zlema(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Zlema(3), in), expected));
}

TEST(Zlema, PeriodOneAndTwoHaveNoLag) {
  // lag (period - 1) / 2 = 0: 2x - x = x, and EMA(1) is the input; EMA(2) has alpha 2/3.
  const std::vector<double> in{3, -1, 8};
  EXPECT_TRUE(series_near(batch_zlema(in, 1), in));
  EXPECT_TRUE(series_near(stream_all(Zlema(1), in), in));
  EXPECT_TRUE(series_near(batch_zlema(in, 2), {k_nan, 1, 1.0 / 3 + 16.0 / 3}));
}

TEST(Zlema, NanIsLeadingOrSticky) {
  const std::vector<double> in{k_nan, 1, 2, 4, 7, k_nan, 5};
  const std::vector<double> expected{k_nan, k_nan, k_nan, k_nan, 19.0 / 3, k_nan, k_nan};
  EXPECT_TRUE(series_near(batch_zlema(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Zlema(3), in), expected));
}

TEST(Zlema, MatchesAnIndependentComputationOnBacktraderData) {
  // Python on the closes of 2006-day-001.txt: seeded EMA(2c - c[-4], 10), lag (10 - 1) // 2.
  const auto lines = testing::on_backtrader_daily("ZeroLagEma", {{"period", 10}});
  EXPECT_EQ(testing::first_defined(lines[0]), 13U);
  testing::expect_values_at(lines[0], {{13, 3626.614},
                                       {100, 3586.1758161001517},
                                       {254, 4120.2212017974225}});
}

TEST(Zlema, LookbackAndParameterErrors) {
  EXPECT_EQ(zlema_lookback(30), 43);  // backtrader's minimum period 44
  EXPECT_EQ(zlema_lookback(1), 0);
  EXPECT_EQ(zlema_lag(30), 14);
  EXPECT_THAT([] { Zlema(0); },
              ThrowsMessage<UserInputError>("ZLEMA: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
