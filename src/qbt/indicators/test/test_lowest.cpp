#include "qbt/indicators/basic/lowest.hpp"

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

std::vector<double> batch_lowest(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { lowest(a, p, b); }, in, period);
}

TEST(Lowest, MinimumOfEachWindow) {
  const std::vector<double> in{1, 3, 2, 5, 4, 4, 1, 0};
  const std::vector<double> expected{k_nan, k_nan, 1, 2, 2, 4, 1, 0};
  EXPECT_TRUE(series_near(batch_lowest(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(Lowest(3), in), expected));
}

TEST(Lowest, IncreasingInputExpiresTheOldMinimum) {
  EXPECT_TRUE(series_near(batch_lowest({1, 2, 3, 4, 5}, 2), {k_nan, 1, 2, 3, 4}));
}

TEST(Lowest, NanBlanksOnlyTheWindowsHoldingIt) {
  EXPECT_TRUE(series_near(batch_lowest({4, 2, k_nan, 6, 7, 1}, 2),
                          {k_nan, 2, k_nan, k_nan, 6, 1}));
}

TEST(Lowest, AgeCountsBarsSinceTheNewestMinimum) {
  Lowest state(3);
  state.update(1);
  state.update(2);
  state.update(3);
  EXPECT_EQ(state.age(), 2);
  EXPECT_EQ(state.update(4), 2);
  EXPECT_EQ(state.age(), 2);
}

TEST(Lowest, LookbackAndErrors) {
  EXPECT_EQ(lowest_lookback(14), 13);
  const Indicator& indicator = builtin_indicators().at("minn");
  EXPECT_EQ(indicator.name(), "Lowest");
  EXPECT_THAT([] { Lowest(0); },
              ThrowsMessage<UserInputError>("Lowest: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
