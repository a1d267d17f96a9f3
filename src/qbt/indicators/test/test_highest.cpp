#include "qbt/indicators/basic/highest.hpp"

#include <limits>
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

std::vector<double> batch_highest(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { highest(a, p, b); }, in, period);
}

TEST(Highest, MaximumOfEachWindow) {
  const std::vector<double> in{1, 3, 2, 5, 4, 4, 1, 0};
  const std::vector<double> expected{k_nan, k_nan, 3, 5, 5, 5, 4, 4};
  EXPECT_TRUE(series_near(batch_highest(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Highest(3), in), expected));
}

TEST(Highest, DecreasingInputExpiresTheOldMaximum) {
  EXPECT_TRUE(series_near(batch_highest({9, 8, 7, 6, 5}, 2), {k_nan, 9, 8, 7, 6}));
}

TEST(Highest, NanBlanksOnlyTheWindowsHoldingIt) {
  const std::vector<double> in{k_nan, 1, 3, k_nan, 2, 5, 4};
  EXPECT_TRUE(series_near(batch_highest(in, 2), {k_nan, k_nan, 3, k_nan, k_nan, 5, 5}));
}

TEST(Highest, InfinitiesAreOrdinaryValues) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(series_near(batch_highest({-inf, 1, inf, 2, 3}, 2), {k_nan, 1, inf, inf, 3}));
}

TEST(Highest, AgeCountsBarsSinceTheNewestMaximum) {
  Highest state(3);
  state.update(5);
  EXPECT_EQ(state.age(), -1);
  state.update(1);
  state.update(5);  // ties keep the newest occurrence
  EXPECT_EQ(state.age(), 0);
  state.update(2);
  EXPECT_EQ(state.age(), 1);
  state.update(0);
  EXPECT_EQ(state.age(), 2);
  EXPECT_EQ(state.update(1), 2);
  EXPECT_EQ(state.age(), 2);
}

TEST(Highest, LookbackAndErrors) {
  EXPECT_EQ(highest_lookback(14), 13);
  const Indicator& indicator = builtin_indicators().at("MaxN");
  EXPECT_EQ(indicator.name(), "Highest");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 13);
  EXPECT_THAT([] { Highest(0); },
              ThrowsMessage<UserInputError>("Highest: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
