#include "qbt/indicators/basic/percent_change.hpp"

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

std::vector<double> batch_percent_change(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { percent_change(a, p, b); }, in, period);
}

TEST(PercentChange, FractionalChangeOverThePeriod) {
  // 100 -> 110 -> 121 is +10% twice; 121 -> 100 is 100/121 - 1; over 2 bars 100 -> 121 is +21%.
  const std::vector<double> in{100, 110, 121, 100};
  const std::vector<double> one{k_nan, 0.1, 0.1, 100.0 / 121.0 - 1.0};
  EXPECT_TRUE(series_near(batch_percent_change(in, 1), one, 1e-15));
  EXPECT_TRUE(series_near(stream_all(PercentChange(1), in), one, 1e-15));
  EXPECT_TRUE(series_near(batch_percent_change(in, 2), {k_nan, k_nan, 0.21, 100.0 / 110.0 - 1.0},
                          1e-15));
}

TEST(PercentChange, LeadingAndInteriorNans) {
  const std::vector<double> in{k_nan, 2, 4, k_nan, 8, 4};
  const std::vector<double> expected{k_nan, k_nan, 1, k_nan, k_nan, -0.5};
  EXPECT_TRUE(series_near(batch_percent_change(in, 1), expected));
  EXPECT_TRUE(series_near(stream_all(PercentChange(1), in), expected));
}

TEST(PercentChange, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_pctchange.py: PctChange(30), minimum period 31.
  const auto lines = testing::on_backtrader_daily("PctChange");
  testing::expect_upstream(lines[0], 31, {"0.002704", "0.034162", "0.043717"});
}

TEST(PercentChange, LookbackAndParameterErrors) {
  EXPECT_EQ(percent_change_lookback(30), 30);
  const Indicator& indicator = builtin_indicators().at("PercentChange");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 30);
  EXPECT_THAT(
      [] { PercentChange(0); },
      ThrowsMessage<UserInputError>("PercentChange: parameter 'period' must be >= 1, got 0"));
  std::vector<double> in{1, 2};
  std::vector<double> out(2);
  EXPECT_THROW(percent_change(in, 0, out), UserInputError);
}

}  // namespace
}  // namespace qbt::indicators
