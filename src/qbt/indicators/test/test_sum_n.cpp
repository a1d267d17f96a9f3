#include "qbt/indicators/basic/sum_n.hpp"

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

std::vector<double> batch_sum_n(const std::vector<double>& in, std::int32_t period) {
  return batch_all([](auto a, auto p, auto b) { sum_n(a, p, b); }, in, period);
}

TEST(SumN, SumOfEachWindow) {
  const std::vector<double> in{1, 3, 2, 5, 4, 4, 1};
  const std::vector<double> expected{k_nan, k_nan, 6, 10, 11, 13, 9};
  EXPECT_TRUE(series_near(batch_sum_n(in, 3), expected));
  EXPECT_TRUE(series_near(stream_all(SumN(3), in), expected));
}

TEST(SumN, NanBlanksOnlyTheWindowsHoldingIt) {
  const std::vector<double> in{k_nan, 1, 2, k_nan, 3, 4, 5};
  const std::vector<double> expected{k_nan, k_nan, 3, k_nan, k_nan, 7, 9};
  EXPECT_TRUE(series_near(batch_sum_n(in, 2), expected));
  EXPECT_TRUE(series_near(stream_all(SumN(2), in), expected));
}

TEST(SumN, SmallValuesSurviveAHugeOneLeavingTheWindow) {
  // A plain running sum absorbs 0.1 and 0.2 into 1e20 and is left with 0 once 1e20 leaves, so
  // it reports 0 for every later window; the compensated sum keeps them (to an ulp of 0.6).
  const std::vector<double> in{1e20, 0.1, 0.2, 0.3, 0.1, 0.2, 0.3};
  const auto out = batch_sum_n(in, 3);
  EXPECT_NEAR(out[3], 0.6, 1e-15);
  EXPECT_NEAR(out[6], 0.6, 1e-15);
  EXPECT_EQ(stream_all(SumN(3), in)[6], out[6]);
}

TEST(SumN, LookbackAndErrors) {
  EXPECT_EQ(sum_n_lookback(14), 13);
  const Indicator& indicator = builtin_indicators().at("SUMN");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 13);
  EXPECT_THAT([] { SumN(0); },
              ThrowsMessage<UserInputError>("SumN: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
