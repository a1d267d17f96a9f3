#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/momentum/ultimate_oscillator.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

const std::vector<double> k_high{10, 12, 11, 13};
const std::vector<double> k_low{8, 9.5, 9, 10};
const std::vector<double> k_close{9, 11, 10, 12.5};
// From bar 1: true range max(h, pc) - min(l, pc) = 3, 2, 3; buying pressure
// c - min(l, pc) = 2, 1, 2.5.

TEST(UltimateOscillator, WeightedPressureOverRange) {
  std::vector<double> out(k_close.size());
  // One-bar windows: 100/7 * (4 + 2 + 1) * bp/tr = 100 * bp / tr.
  ultimate_oscillator(k_high, k_low, k_close, 1, 1, 1, out);
  EXPECT_TRUE(series_near(out, {k_nan, 200.0 / 3, 50, 250.0 / 3}, 1e-12));
  // Windows 1, 2, 3: at bar 3, 4 * 2.5/3 + 2 * 3.5/5 + 5.5/8, times 100/7.
  ultimate_oscillator(k_high, k_low, k_close, 1, 2, 3, out);
  EXPECT_TRUE(series_near(
      out, {k_nan, k_nan, k_nan, 100.0 / 7 * (4 * 2.5 / 3 + 2 * 3.5 / 5 + 5.5 / 8)}, 1e-12));
}

TEST(UltimateOscillator, StreamingMatches) {
  UltimateOscillator state(1, 2, 3);
  double last = 0.0;
  for (std::size_t i = 0; i < k_close.size(); ++i) {
    last = state.update(k_high[i], k_low[i], k_close[i]);
  }
  EXPECT_NEAR(last, 100.0 / 7 * (4 * 2.5 / 3 + 2 * 3.5 / 5 + 5.5 / 8), 1e-12);
}

TEST(UltimateOscillator, LookbackIsTheLongestWindow) {
  EXPECT_EQ(ultimate_oscillator_lookback(7, 14, 28), 28);  // backtrader: minimum period 29
  EXPECT_EQ(ultimate_oscillator_lookback(28, 14, 7), 28);
}

TEST(UltimateOscillator, RejectsBadPeriods) {
  EXPECT_THAT(
      [] { UltimateOscillator(7, 0); },
      ThrowsMessage<UserInputError>("UltimateOscillator: parameter 'p2' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
