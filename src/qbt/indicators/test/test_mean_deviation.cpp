#include "qbt/indicators/basic/mean_deviation.hpp"

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

std::vector<double> batch_mean_deviation(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { mean_deviation(a, p, b); }, in, period);
}

TEST(MeanDeviation, EachValueAgainstItsOwnWindowsMean) {
  // period 2: SMA = NaN, 2, 2.5, 5; |x - SMA| = NaN, 1, 0.5, 3; their SMA = NaN, NaN, 0.75,
  // 1.75. The textbook definition (distances from the newest mean) would give 0.5 and 3 here.
  const std::vector<double> in{1, 3, 2, 8};
  const std::vector<double> expected{k_nan, k_nan, 0.75, 1.75};
  EXPECT_TRUE(series_near(batch_mean_deviation(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(MeanDeviation(2), in), expected));
}

TEST(MeanDeviation, LeadingAndInteriorNans) {
  // period 2 on 1, 3, 5, 7 after two NaNs: deviations 1, 1, 1 from the second value on.
  const std::vector<double> in{k_nan, k_nan, 1, 3, 5, 7, k_nan, 1, 1, 1, 1};
  // After the NaN: SMA defined again at 8 (1, 1 -> 1), deviation 0 at 8, 9, 10 -> mean 0 at 9.
  const std::vector<double> expected{k_nan, k_nan, k_nan, k_nan, 1, 1,
                                     k_nan, k_nan, k_nan, 0,     0};
  EXPECT_TRUE(series_near(batch_mean_deviation(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(MeanDeviation(2), in), expected));
}

TEST(MeanDeviation, MatchesAnIndependentComputationOnBacktraderData) {
  // Python on the closes of 2006-day-001.txt: fsum(|c - SMA20(c)|)/20 over 20 bars, i.e.
  // backtrader's SMA(abs(data - SMA(data))) with period 20; first value at bar 38.
  const auto lines = testing::on_backtrader_daily("MeanDev");
  testing::expect_values_at(
      lines[0], {{38, 68.746775}, {100, 92.91692500000003}, {254, 60.63722499999992}}, 1e-9);
  EXPECT_EQ(testing::first_defined(lines[0]), 38U);
}

TEST(MeanDeviation, LookbackAndParameterErrors) {
  EXPECT_EQ(mean_deviation_lookback(20), 38);
  const Indicator& indicator = builtin_indicators().at("MeanDeviation");
  EXPECT_EQ(indicator.lookback(indicator.resolve({{"period", 5}})), 8);
  EXPECT_THAT(
      [] { MeanDeviation(0); },
      ThrowsMessage<UserInputError>("MeanDeviation: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
