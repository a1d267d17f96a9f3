#include "qbt/indicators/basic/percent_rank.hpp"

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

using testing::batch_all;
using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

std::vector<double> batch_percent_rank(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { percent_rank(a, p, b); }, in, period);
}

TEST(PercentRank, FractionOfTheWindowStrictlyBelowTheNewestValue) {
  // period 3: [3, 1, 2] -> only 1 is below 2; [1, 2, 5] -> two below 5; [2, 5, 4] -> one.
  const std::vector<double> in{3, 1, 2, 5, 4};
  const std::vector<double> expected{k_nan, k_nan, 1.0 / 3, 2.0 / 3, 1.0 / 3};
  EXPECT_TRUE(series_near(batch_percent_rank(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(PercentRank(3), in), expected));
}

TEST(PercentRank, TiesAndTheValueItselfDoNotCount) {
  EXPECT_TRUE(series_near(batch_percent_rank({2, 2, 2, 1}, 3), {k_nan, k_nan, 0, 0}));
  EXPECT_TRUE(series_near(batch_percent_rank({5, 7}, 1), {0, 0}));
}

TEST(PercentRank, NanBlanksTheWindowsHoldingIt) {
  const std::vector<double> in{k_nan, 1, 2, k_nan, 3, 4, 1};
  // period 2 windows: [1, 2] -> 0.5; after the NaN: [3, 4] -> 0.5, [4, 1] -> 0.
  const std::vector<double> expected{k_nan, k_nan, 0.5, k_nan, k_nan, 0.5, 0};
  EXPECT_TRUE(series_near(batch_percent_rank(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(PercentRank(2), in), expected));
}

TEST(PercentRank, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_pctrank.py: PercentRank(50), minimum period 50.
  const auto lines = testing::on_backtrader_daily("PctRank");
  testing::expect_upstream(lines[0], 50, {"0.900000", "0.880000", "0.980000"});
}

TEST(PercentRank, LookbackAndParameterErrors) {
  EXPECT_EQ(percent_rank_lookback(50), 49);
  const Indicator& indicator = builtin_indicators().at("PercentRank");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 49);
  EXPECT_THAT(
      [] { PercentRank(0); },
      ThrowsMessage<UserInputError>("PercentRank: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
