#include "qbt/indicators/trend/vortex.hpp"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/expect_series.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

const std::vector<double> k_high{10, 12, 11, 13};
const std::vector<double> k_low{8, 9, 7, 9};
const std::vector<double> k_close{9, 11, 8, 12};
// From bar 1: |h - l[-1]| = 4, 2, 6;  |l - h[-1]| = 1, 5, 2;
// max(|h - l|, |h - c[-1]|, |l - c[-1]|) = max(3,3,0) = 3, max(4,0,4) = 4, max(4,5,1) = 5.
// Period 2: bar 2: VI+ = (4+2)/(3+4), VI- = (1+5)/(3+4); bar 3: (2+6)/(4+5), (5+2)/(4+5).

TEST(Vortex, HandComputedSums) {
  Vortex state(2);
  std::vector<double> plus;
  std::vector<double> minus;
  for (std::size_t i = 0; i < k_close.size(); ++i) {
    const VortexLines lines = state.update(k_high[i], k_low[i], k_close[i]);
    plus.push_back(lines.vi_plus);
    minus.push_back(lines.vi_minus);
  }
  EXPECT_TRUE(series_near(plus, {k_nan, k_nan, 6.0 / 7.0, 8.0 / 9.0}));
  EXPECT_TRUE(series_near(minus, {k_nan, k_nan, 6.0 / 7.0, 7.0 / 9.0}));
  std::vector<double> batch_plus(k_close.size());
  std::vector<double> batch_minus(k_close.size());
  vortex(k_high, k_low, k_close, 2, batch_plus, batch_minus);
  EXPECT_TRUE(series_near(batch_plus, plus, 0.0));
  EXPECT_TRUE(series_near(batch_minus, minus, 0.0));
}

TEST(Vortex, MatchesTheDefinitionOnRealData) {
  // Reference values: Python 3, from the formula in vortex.hpp with math.fsum over each window of
  // 14 bars of data/backtrader/2006-day-001.txt (the file's rows 14, 100 and 254).
  const data::BarFrame bars =
      data::read_csv(qbt::testing::source_path("data/backtrader/2006-day-001.txt")).frame;
  std::vector<double> plus(bars.size());
  std::vector<double> minus(bars.size());
  vortex(bars.high(), bars.low(), bars.close(), 14, plus, minus);
  EXPECT_TRUE(std::isnan(plus[13]));
  EXPECT_NEAR(plus[14], 0.921075672295, 1e-12);
  EXPECT_NEAR(minus[14], 0.966374817594, 1e-12);
  EXPECT_NEAR(plus[100], 0.712099469034, 1e-12);
  EXPECT_NEAR(minus[100], 1.223600319810, 1e-12);
  EXPECT_NEAR(plus[254], 1.245434248716, 1e-12);
  EXPECT_NEAR(minus[254], 0.707948202724, 1e-12);
}

TEST(Vortex, NanBarBlanksTheWindowsHoldingIt) {
  std::vector<double> high{10, 12, 11, 13, 12, 14, 15};
  std::vector<double> low{8, 9, 7, 9, 10, 11, 13};
  std::vector<double> close{9, 11, 8, 12, 11, 13, 14};
  close[3] = k_nan;
  std::vector<double> plus(high.size());
  std::vector<double> minus(high.size());
  vortex(high, low, close, 2, plus, minus);
  // Bar 3's terms and bar 4's (close[-1]) are undefined: windows ending at 3, 4, 5 hold one.
  for (std::size_t i = 3; i <= 5; ++i) {
    EXPECT_TRUE(std::isnan(plus[i])) << i;
  }
  EXPECT_FALSE(std::isnan(plus[6]));
}

TEST(Vortex, LookbackAndErrors) {
  EXPECT_EQ(vortex_lookback(14), 14);
  const Indicator& indicator = builtin_indicators().at("vortex");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 14);
  EXPECT_EQ(indicator.outputs(), (std::vector<std::string>{"vi_plus", "vi_minus"}));
  EXPECT_THAT([] { Vortex(0); },
              ThrowsMessage<UserInputError>("Vortex: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
