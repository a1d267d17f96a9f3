#include "qbt/indicators/basic/log_return.hpp"

#include <cmath>
#include <numeric>
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

std::vector<double> batch_log_return(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { log_return(a, p, b); }, in, period);
}

TEST(LogReturn, NaturalLogOfTheRatio) {
  // 1 -> e -> e^3: log returns 1 then 2; over two bars 3.
  const std::vector<double> in{1, std::exp(1.0), std::exp(3.0)};
  EXPECT_TRUE(series_near(batch_log_return(in, 1), {k_nan, 1, 2}, 1e-14));
  EXPECT_TRUE(series_near(stream_all(LogReturn(1), in), {k_nan, 1, 2}, 1e-14));
  EXPECT_TRUE(series_near(batch_log_return(in, 2), {k_nan, k_nan, 3}, 1e-14));
  // A halving is -ln 2.
  EXPECT_NEAR(batch_log_return({8, 4}, 1)[1], -std::log(2.0), 1e-15);
}

TEST(LogReturn, LeadingAndInteriorNans) {
  const std::vector<double> in{k_nan, 1, 1, k_nan, 2, 2};
  const std::vector<double> expected{k_nan, k_nan, 0, k_nan, k_nan, 0};
  EXPECT_TRUE(series_near(batch_log_return(in, 1), expected));
  EXPECT_TRUE(series_near(stream_all(LogReturn(1), in), expected));
}

TEST(LogReturn, OneBarReturnsAddUpAndMatchPython) {
  // Python on the closes of 2006-day-001.txt: math.log(c[i] / c[i - period]).
  const auto one = testing::on_backtrader_daily("LogReturn");
  testing::expect_values_at(one[0], {{1, 0.002773365846074348},
                                     {100, 0.016683096445478232},
                                     {254, -0.002598600352079318}},
                            1e-12);
  const auto five = testing::on_backtrader_daily("LogReturn", {{"period", 5}});
  testing::expect_values_at(five[0], {{5, 0.018540657627229624},
                                      {100, 0.007918476248426122},
                                      {254, 0.00033986852270715626}},
                            1e-12);
  // The 1-bar log returns of the year add up to ln(last close / first close).
  const double total = std::accumulate(one[0].begin() + 1, one[0].end(), 0.0);
  EXPECT_NEAR(total, 0.13370269966645842, 1e-12);
}

TEST(LogReturn, LookbackAndParameterErrors) {
  EXPECT_EQ(log_return_lookback(1), 1);
  const Indicator& indicator = builtin_indicators().at("LogReturn");
  EXPECT_EQ(indicator.lookback(indicator.resolve({{"period", 10}})), 10);
  EXPECT_THAT([] { LogReturn(0); },
              ThrowsMessage<UserInputError>("LogReturn: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
