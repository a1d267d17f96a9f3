#include "qbt/indicators/trend/sma.hpp"

#include <cstdint>
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
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

std::vector<double> batch_sma(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { sma(a, p, b); }, in, period);
}

TEST(Sma, MeansOfEachWindowAfterWarmup) {
  const std::vector<double> in{1, 2, 3, 4, 5, 6};
  const std::vector<double> expected{k_nan, k_nan, 2, 3, 4, 5};
  EXPECT_TRUE(series_near(batch_sma(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Sma(3), in), expected));
}

TEST(Sma, UnevenValues) {
  // (4+8+15)/3 = 9, (8+15+16)/3 = 13, (15+16+23)/3 = 18, (16+23+42)/3 = 27.
  const std::vector<double> in{4, 8, 15, 16, 23, 42};
  EXPECT_TRUE(series_near(batch_sma(in, 3), {k_nan, k_nan, 9, 13, 18, 27}));
}

TEST(Sma, PeriodOneIsTheInput) {
  const std::vector<double> in{3.5, -1, 7.25};
  EXPECT_TRUE(series_near(batch_sma(in, 1), in));
}

TEST(Sma, ShorterThanPeriodIsAllNan) {
  EXPECT_TRUE(series_near(batch_sma({1, 2}, 3), {k_nan, k_nan}));
  EXPECT_TRUE(batch_sma({}, 3).empty());
}

TEST(Sma, LeadingNansDelayTheWarmup) {
  const std::vector<double> in{k_nan, k_nan, 1, 2, 3, 4};
  const std::vector<double> expected{k_nan, k_nan, k_nan, 1.5, 2.5, 3.5};
  EXPECT_TRUE(series_near(batch_sma(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(Sma(2), in), expected));
}

TEST(Sma, InteriorNanBlanksOnlyTheWindowsHoldingIt) {
  const std::vector<double> in{1, 2, 3, k_nan, 5, 6, 7, 8};
  const std::vector<double> expected{k_nan, k_nan, 2, k_nan, k_nan, k_nan, 6, 7};
  EXPECT_TRUE(series_near(batch_sma(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Sma(3), in), expected));
}

TEST(Sma, InfinityBlanksTheWindowsHoldingIt) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(series_near(batch_sma({1, inf, 2, 3, 4}, 2), {k_nan, k_nan, k_nan, 2.5, 3.5}));
}

TEST(Sma, CompensatedSumDoesNotLoseSmallValuesAfterLargeOnes) {
  // 1e16 + 1 is not representable; a plain running sum keeps 1e16, then subtracting 1e16 leaves
  // 0 and every later window mean is off by 0.5. The true window means are exactly 1.
  const std::vector<double> in{1e16, 1, 1, 1, 1};
  const auto out = batch_sma(in, 2);
  EXPECT_EQ(out[2], 1.0);
  EXPECT_EQ(out[3], 1.0);
  EXPECT_EQ(out[4], 1.0);
  const auto streamed = stream_all(Sma(2), in);
  EXPECT_EQ(streamed[4], 1.0);
}

TEST(Sma, MatchesTheDirectDefinitionOnALongSeries) {
  // Each window summed from scratch in long double is the definition; the O(1) running sum
  // must still agree after a million bars of values spanning ten orders of magnitude.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> in(1'000'000);
  for (std::size_t i = 0; i < in.size(); ++i) {
    in[i] = (i % 3 == 0 ? 1e8 : 1.0) * unit(rng) + (i % 1000 == 0 ? 1e10 : 0.0);
  }
  constexpr std::int32_t k_period = 7;
  const auto out = batch_sma(in, k_period);
  for (std::size_t i = in.size() - 1000; i < in.size(); ++i) {
    long double sum = 0;
    for (std::size_t j = i + 1 - k_period; j <= i; ++j) {
      sum += in[j];
    }
    const auto expected = static_cast<double>(sum / k_period);
    ASSERT_NEAR(out[i], expected, 1e-15 * expected) << "at " << i;
  }
}

TEST(Sma, LookbackIsPeriodMinusOne) {
  EXPECT_EQ(sma_lookback(30), 29);
  const Indicator& indicator = builtin_indicators().at("SMA");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 29);
  EXPECT_EQ(indicator.lookback(indicator.resolve({{"period", 5}})), 4);
}

TEST(Sma, RejectsBadPeriods) {
  EXPECT_THAT([] { Sma(0); },
              ThrowsMessage<UserInputError>("SMA: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([] { Sma(-3); }, ThrowsMessage<UserInputError>(HasSubstr("got -3")));
  std::vector<double> in{1, 2};
  std::vector<double> out(2);
  EXPECT_THROW(sma(in, 0, out), UserInputError);
  EXPECT_THROW(sma(in, k_max_period + 1, out), UserInputError);
}

TEST(Sma, RegistryRejectsBadParameters) {
  const Indicator& indicator = builtin_indicators().at("sma");
  EXPECT_THAT([&] { (void)indicator.resolve({{"period", 0}}); },
              ThrowsMessage<UserInputError>("SMA: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([&] { (void)indicator.resolve({{"period", 2.5}}); },
              ThrowsMessage<UserInputError>("SMA: parameter 'period' must be an integer, got 2.5"));
  EXPECT_THAT([&] { (void)indicator.resolve({{"periodd", 3}}); },
              ThrowsMessage<UserInputError>("SMA: unknown parameter 'periodd' (known: period)"));
}

}  // namespace
}  // namespace qbt::indicators
