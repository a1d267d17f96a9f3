#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/pretty_good_oscillator.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

TEST(PrettyGoodOscillator, DistanceFromTheSmaInAverageTrueRanges) {
  const std::vector<double> high{10, 12, 11, 13};
  const std::vector<double> low{8, 9, 9, 10};
  const std::vector<double> close{9, 11, 10, 12.5};
  // True ranges from bar 1: 3, 2, 3; ATR(2) = 2.5 at bar 2, then 2.5/2 + 3/2 = 2.75.
  // SMA2 of close: 10.5 at bar 2, 11.25 at bar 3.
  std::vector<double> out(close.size());
  pretty_good_oscillator(high, low, close, 2, out);
  EXPECT_TRUE(series_near(out, {k_nan, k_nan, (10 - 10.5) / 2.5, (12.5 - 11.25) / 2.75}, 1e-12));
}

TEST(PrettyGoodOscillator, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "PGO(14)": (close - SMA14) /
  // Wilder(TR, 14) on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("PrettyGoodOscillator");
  EXPECT_EQ(testing::first_defined(lines[0]), 14U);
  testing::expect_values_at(lines[0], {{14, -2.347884094225562},
                                       {15, -2.3840227305116053},
                                       {100, -1.1264807944559259},
                                       {254, 0.5430285331844473}});
}

TEST(PrettyGoodOscillator, NamesAndErrors) {
  EXPECT_EQ(&builtin_indicators().at("PrettyGoodOsc"), &builtin_indicators().at("PGO"));
  EXPECT_EQ(pretty_good_oscillator_lookback(14), 14);
  EXPECT_THAT([] { PrettyGoodOscillator(0); },
              ThrowsMessage<UserInputError>("PGO: parameter 'period' must be >= 1, got 0"));
}

TEST(PrettyGoodOscillator, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_pgo.py: chkmin 15, chkvals at bars 254, 14 and halfway.
  const auto lines = testing::on_backtrader_daily("PGO");
  testing::expect_upstream(lines[0], 15, {"0.543029", "-2.347884", "0.416325"});
}

}  // namespace
}  // namespace qbt::indicators
