#include <cmath>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/momentum_oscillator.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::batch_all;
using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

TEST(MomentumOscillator, PercentOfTheEarlierValue) {
  const std::vector<double> in{2, 4, 5, 8};
  const std::vector<double> expected{k_nan, 200, 125, 160};  // 100*4/2, 100*5/4, 100*8/5
  EXPECT_TRUE(series_near(stream_all(MomentumOscillator(1), in), expected, 1e-12));
  EXPECT_TRUE(series_near(batch_all(&momentum_oscillator, in, 1), expected, 1e-12));
  EXPECT_TRUE(series_near(batch_all(&momentum_oscillator, in, 2), {k_nan, k_nan, 250, 200}));
}

TEST(MomentumOscillator, ZeroEarlierValueGivesInfinity) {
  const auto out = stream_all(MomentumOscillator(1), {0.0, 3.0});
  EXPECT_TRUE(std::isinf(out[1]));
}

TEST(MomentumOscillator, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "MomentumOscillator(12)":
  // 100 * (close / close[-12]) on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("MomentumOsc");
  EXPECT_EQ(testing::first_defined(lines[0]), 12U);
  testing::expect_values_at(lines[0], {{12, 99.05225104249611},
                                       {100, 93.42215505764673},
                                       {200, 103.27943773690136},
                                       {254, 101.65437502621586}});
}

TEST(MomentumOscillator, RejectsBadPeriods) {
  EXPECT_THAT(
      [] { MomentumOscillator(0); },
      ThrowsMessage<UserInputError>("MomentumOscillator: parameter 'period' must be >= 1, got 0"));
}

TEST(MomentumOscillator, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_momentumoscillator.py: chkmin 13, chkvals at bars 254, 12 and
  // halfway.
  const auto lines = testing::on_backtrader_daily("MomentumOscillator");
  testing::expect_upstream(lines[0], 13, {"101.654375", "99.052251", "101.904990"});
}

}  // namespace
}  // namespace qbt::indicators
