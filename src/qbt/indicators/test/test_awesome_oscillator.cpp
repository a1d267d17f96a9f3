#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/awesome_oscillator.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

TEST(AwesomeOscillator, FastMinusSlowSmaOfTheMedianPrice) {
  // Medians 9, 10.5, 10; AO(1, 2) = median - SMA(2): 10.5 - 9.75, 10 - 10.25.
  std::vector<double> out(3);
  awesome_oscillator(std::vector<double>{10, 12, 11}, std::vector<double>{8, 9, 9}, 1, 2, out);
  EXPECT_TRUE(series_near(out, {k_nan, 0.75, -0.25}, 1e-12));
  AwesomeOscillator state(1, 2);
  state.update(10, 8);
  EXPECT_NEAR(state.update(12, 9), 0.75, 1e-12);
}

TEST(AwesomeOscillator, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "AO(5,34)": SMA5 - SMA34 of
  // (high + low) / 2 on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("AwesomeOsc");
  EXPECT_EQ(testing::first_defined(lines[0]), 33U);
  testing::expect_values_at(lines[0], {{33, 72.9837352941172},
                                       {34, 77.8811470588239},
                                       {100, -194.3277352941177},
                                       {254, 50.80420588235256}});
}

TEST(AwesomeOscillator, NamesAndErrors) {
  EXPECT_EQ(&builtin_indicators().at("AwesomeOscillator"), &builtin_indicators().at("AO"));
  EXPECT_EQ(awesome_oscillator_lookback(5, 34), 33);
  EXPECT_THAT([] { AwesomeOscillator(0, 34); },
              ThrowsMessage<UserInputError>("AO: parameter 'fast' must be >= 1, got 0"));
}

TEST(AwesomeOscillator, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_awesomeoscillator.py: chkmin 34, chkvals at bars 254, 33 and halfway.
  const auto lines = testing::on_backtrader_daily("AO");
  testing::expect_upstream(lines[0], 34, {"50.804206", "72.983735", "33.655941"});
}

}  // namespace
}  // namespace qbt::indicators
