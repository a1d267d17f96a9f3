#include "qbt/indicators/basic/standard_deviation.hpp"

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

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

std::vector<double> batch_std_dev(const std::vector<double>& in, std::int32_t period,
                                  bool safepow = true) {
  std::vector<double> out(in.size());
  std_dev(in, period, safepow, out);
  return out;
}

TEST(StdDev, PopulationDeviationOfEachWindow) {
  // The classic example: {2, 4, 4, 4, 5, 5, 7, 9} has mean 5 and population deviation 2.
  const std::vector<double> in{2, 4, 4, 4, 5, 5, 7, 9};
  const auto out = batch_std_dev(in, 8);
  EXPECT_NEAR(out[7], 2.0, 1e-12);
  EXPECT_TRUE(std::isnan(out[6]));
  // period 2: {1, 3} -> 1, {3, 6} -> 1.5 (half the distance of two values).
  const std::vector<double> pairs{1, 3, 6};
  const std::vector<double> expected{k_nan, 1.0, 1.5};
  EXPECT_TRUE(series_near(batch_std_dev(pairs, 2), expected));
  EXPECT_TRUE(series_near(stream_all(StdDev(2), pairs), expected));
}

TEST(StdDev, PeriodOneIsZero) {
  EXPECT_TRUE(series_near(batch_std_dev({3.5, -2, 8}, 1), {0, 0, 0}));
}

TEST(StdDev, LeadingNansDelayAndInteriorNansBlankTheWindow) {
  const std::vector<double> in{k_nan, 1, 3, k_nan, 5, 9, 5};
  const std::vector<double> expected{k_nan, k_nan, 1, k_nan, k_nan, 2, 2};
  EXPECT_TRUE(series_near(batch_std_dev(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(StdDev(2), in), expected));
}

TEST(StdDev, SafepowTakesTheAbsoluteValueOfARoundingNegativeVariance) {
  // mean(x^2) - mean(x)^2 of three 0.1s rounds to about -1.7e-18 (checked in Python with
  // math.fsum, as backtrader sums): backtrader's default safepow gives sqrt of its absolute
  // value, a tiny positive deviation; without it the root of a negative number is NaN here.
  const std::vector<double> in{0.1, 0.1, 0.1};
  const auto safe = batch_std_dev(in, 3, true);
  EXPECT_GT(safe[2], 0.0);
  EXPECT_LT(safe[2], 1e-8);
  EXPECT_TRUE(std::isnan(batch_std_dev(in, 3, false)[2]));
  EXPECT_TRUE(std::isnan(stream_all(StdDev(3, false), in)[2]));
}

TEST(StdDev, MatchesAnIndependentComputationOnBacktraderData) {
  // Python: sqrt(|fsum(c^2 over 20)/20 - (fsum(c over 20)/20)^2|) on the closes of
  // 2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("StdDev");
  testing::expect_values_at(lines[0], {{19, 45.411932077386176},
                                       {100, 119.149764976691},
                                       {254, 62.44915487020765}},
                            1e-9);
  EXPECT_EQ(testing::first_defined(lines[0]), 19U);
}

TEST(StdDev, LookbackAndNames) {
  EXPECT_EQ(std_dev_lookback(20), 19);
  const Indicator& indicator = builtin_indicators().at("StandardDeviation");
  EXPECT_EQ(indicator.name(), "StdDev");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 19);
  EXPECT_EQ(indicator.outputs(), std::vector<std::string>{"stddev"});
}

TEST(StdDev, RejectsBadPeriods) {
  EXPECT_THAT([] { StdDev(0); },
              ThrowsMessage<UserInputError>("StdDev: parameter 'period' must be >= 1, got 0"));
  std::vector<double> in{1, 2};
  std::vector<double> out(2);
  EXPECT_THROW(std_dev(in, 0, true, out), UserInputError);
  const Indicator& indicator = builtin_indicators().at("StdDev");
  EXPECT_THAT([&] { (void)indicator.resolve({{"safepow", 2}}); },
              ThrowsMessage<UserInputError>(::testing::HasSubstr("safepow")));
}

}  // namespace
}  // namespace qbt::indicators
