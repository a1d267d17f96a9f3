#include "qbt/indicators/volatility/true_range.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;

// Bars: an inside bar, a gap up (previous close below the low), a gap down (previous close
// above the high).
const std::vector<double> k_high{10, 11, 15, 12};
const std::vector<double> k_low{8, 9, 13, 11};
const std::vector<double> k_close{9, 10, 14, 11.5};
// 11 - min(9, 9) = 2; 15 - min(13, 10) = 5; max(12, 14) - 11 = 3.
const std::vector<double> k_expected{k_nan, 2, 5, 3};

TEST(TrueRange, UsesThePreviousCloseAcrossGaps) {
  std::vector<double> out(4);
  true_range(k_high, k_low, k_close, out);
  EXPECT_TRUE(series_near(out, k_expected));
  TrueRange state;
  for (std::size_t i = 0; i < k_close.size(); ++i) {
    const double value = state.update(k_high[i], k_low[i], k_close[i]);
    EXPECT_TRUE(series_near(std::vector<double>{value}, std::vector<double>{k_expected[i]}));
  }
}

TEST(TrueRange, NanInAnyInputGivesNan) {
  EXPECT_TRUE(std::isnan(true_range_of(k_nan, 1, 2)));
  EXPECT_TRUE(std::isnan(true_range_of(3, k_nan, 2)));
  EXPECT_TRUE(std::isnan(true_range_of(3, 1, k_nan)));
  EXPECT_EQ(true_range_of(3, 1, 2), 2);
}

TEST(TrueRange, RegisteredWithHighLowCloseInputs) {
  const Indicator& indicator = builtin_indicators().at("TrueRange");
  EXPECT_EQ(indicator.name(), "TR");
  EXPECT_EQ(indicator.inputs(), (std::vector<Field>{Field::high, Field::low, Field::close}));
  EXPECT_EQ(indicator.outputs(), std::vector<std::string>{"tr"});
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 1);
  EXPECT_TRUE(indicator.params().empty());
}

}  // namespace
}  // namespace qbt::indicators
