#include "qbt/indicators/basic/z_score.hpp"

#include <cmath>
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

std::vector<double> batch_z_score(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { z_score(a, p, b); }, in, period);
}

TEST(ZScore, DistanceFromTheMeanInPopulationDeviations) {
  // {1, 2, 3}: mean 2, deviation sqrt(2/3), so 3 is 1 / sqrt(2/3) = 1.2247... deviations up.
  // {2, 3, 1}: mean 2, same deviation, 1 is as far down.
  const std::vector<double> in{1, 2, 3, 1};
  const double z = 1.0 / std::sqrt(2.0 / 3.0);
  const std::vector<double> expected{k_nan, k_nan, z, -z};
  EXPECT_TRUE(series_near(batch_z_score(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(ZScore(3), in), expected));
  EXPECT_NEAR(z, 1.224744871391589, 1e-15);
}

TEST(ZScore, ConstantWindowIsUndefined) {
  // 0 / 0: the value sits on the mean of a window without spread.
  const auto out = batch_z_score({4, 4, 4, 7}, 3);
  EXPECT_TRUE(std::isnan(out[2]));
  // {4, 4, 7}: mean 5, deviation sqrt(2), so 7 is 2 / sqrt(2) = sqrt(2) deviations up.
  EXPECT_NEAR(out[3], std::sqrt(2.0), 1e-12);
}

TEST(ZScore, LeadingNansDelayTheWarmup) {
  const std::vector<double> in{k_nan, k_nan, 1, 3, 3};
  // {1, 3}: mean 2, deviation 1 -> 3 is +1; {3, 3}: constant -> NaN.
  const std::vector<double> expected{k_nan, k_nan, k_nan, 1, k_nan};
  EXPECT_TRUE(series_near(batch_z_score(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(ZScore(2), in), expected));
}

TEST(ZScore, MatchesAnIndependentComputationOnBacktraderData) {
  // Python on the closes of 2006-day-001.txt: (c - fsum(window)/20) / sqrt(|mean(c^2) -
  // mean(c)^2|) over 20 bars.
  const auto lines = testing::on_backtrader_daily("ZScore");
  testing::expect_values_at(lines[0], {{19, 1.415817320664432},
                                       {100, -0.9549829999434725},
                                       {254, 0.8656001848599604}},
                            1e-9);
  EXPECT_EQ(testing::first_defined(lines[0]), 19U);
}

TEST(ZScore, LookbackAndParameterErrors) {
  EXPECT_EQ(z_score_lookback(20), 19);
  const Indicator& indicator = builtin_indicators().at("zscore");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 19);
  EXPECT_THAT([] { ZScore(0); },
              ThrowsMessage<UserInputError>("ZScore: parameter 'period' must be >= 1, got 0"));
  std::vector<double> in{1, 2};
  std::vector<double> out(2);
  EXPECT_THROW(z_score(in, -1, out), UserInputError);
}

}  // namespace
}  // namespace qbt::indicators
