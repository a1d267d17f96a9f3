#include "qbt/indicators/trend/wma.hpp"

#include <random>
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

std::vector<double> batch_wma(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { wma(a, p, b); }, in, period);
}

TEST(Wma, NewestValueWeighsMost) {
  // period 3, weights 1, 2, 3 over 6: (1+4+9)/6, (2+6+30)/6, (3+20+0)/6.
  const std::vector<double> in{1, 2, 3, 10, 0};
  const std::vector<double> expected{k_nan, k_nan, 14.0 / 6, 38.0 / 6, 23.0 / 6};
  EXPECT_TRUE(series_near(batch_wma(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Wma(3), in), expected));
}

TEST(Wma, PeriodOneIsTheInput) {
  EXPECT_TRUE(series_near(batch_wma({3, -2, 8}, 1), {3, -2, 8}));
}

TEST(Wma, NanBlanksOnlyTheWindowsHoldingIt) {
  // period 2, weights 1, 2 over 3.
  const std::vector<double> in{k_nan, 3, 6, k_nan, 3, 9};
  const std::vector<double> expected{k_nan, k_nan, 5, k_nan, k_nan, 7};
  EXPECT_TRUE(series_near(batch_wma(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(Wma(2), in), expected));
}

TEST(Wma, MatchesTheDirectDefinitionOnALongSeries) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> in(500'000);
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = 4000.0 + 100.0 * unit(rng) + (i % 997 == 0 ? 1e9 : 0.0);
  }
  constexpr std::int32_t k_period = 9;
  const auto out = batch_wma(in, k_period);
  for (std::size_t i = in.size() - 2000; i < in.size(); ++i) {
    long double weighted = 0;
    for (std::int32_t k = 1; k <= k_period; ++k) {
      weighted += static_cast<long double>(k) * in[i + static_cast<std::size_t>(k) - k_period];
    }
    const auto expected = static_cast<double>(weighted * 2 / (k_period * (k_period + 1)));
    ASSERT_NEAR(out[i], expected, 1e-14 * expected) << "at " << i;
  }
}

TEST(Wma, LookbackAndErrors) {
  EXPECT_EQ(wma_lookback(30), 29);
  EXPECT_THAT([] { Wma(0); },
              ThrowsMessage<UserInputError>("WMA: parameter 'period' must be >= 1, got 0"));
  const Indicator& indicator = builtin_indicators().at("MovingAverageWeighted");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 29);
}

}  // namespace
}  // namespace qbt::indicators
