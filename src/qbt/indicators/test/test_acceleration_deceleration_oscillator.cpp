#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/acceleration_deceleration_oscillator.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using ::testing::ThrowsMessage;

TEST(AccelerationDecelerationOscillator, ZeroOnALinearRamp) {
  // On a ramp the AO is constant, SMA5 - SMA34 = (i - 2) - (i - 16.5) = 14.5, so AO minus its
  // SMA is 0 from the first defined bar, 33 + 4 = 37.
  std::vector<double> ramp(50);
  for (std::size_t i = 0; i < ramp.size(); ++i) {
    ramp[i] = static_cast<double>(i);
  }
  std::vector<double> out(ramp.size());
  acceleration_deceleration_oscillator(ramp, ramp, 5, out);
  EXPECT_EQ(testing::first_defined(out), 37U);
  for (std::size_t i = 37; i < out.size(); ++i) {
    EXPECT_NEAR(out[i], 0.0, 1e-12) << i;
  }
}

TEST(AccelerationDecelerationOscillator, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "AccDeOsc(5)": AO(5, 34) - SMA5(AO)
  // on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("AccelerationDecelerationOscillator");
  EXPECT_EQ(testing::first_defined(lines[0]), 37U);
  testing::expect_values_at(lines[0],
                            {{37, 14.156647058823182},
                             {38, 16.39309411764698},
                             {100, -13.118400000000008},
                             {254, -2.0974411764709657}},
                            1e-9);
}

TEST(AccelerationDecelerationOscillator, LookbackAndErrors) {
  EXPECT_EQ(acceleration_deceleration_oscillator_lookback(5), 37);
  EXPECT_THAT([] { AccelerationDecelerationOscillator(0); },
              ThrowsMessage<UserInputError>("AccDeOsc: parameter 'period' must be >= 1, got 0"));
}

TEST(AccelerationDecelerationOscillator, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_accdecosc.py: chkmin 38, chkvals at bars 254, 37 and halfway.
  const auto lines = testing::on_backtrader_daily("AccelerationDecelerationOscillator");
  testing::expect_upstream(lines[0], 38, {"-2.097441", "14.156647", "30.408335"});
}

}  // namespace
}  // namespace qbt::indicators
