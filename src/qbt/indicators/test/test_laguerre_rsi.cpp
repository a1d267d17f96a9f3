#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/laguerre_rsi.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

// gamma 0.5, input 2, 2, 2 from zero taps:
//   taps (1, -0.5, 0.25, -0.125): rises 1.5 + 0.375, falls 0.75 -> 1.875 / 2.625 = 5/7
//   taps (1.5, 0, -0.375, 0.375): rises 1.5 + 0.375, falls 0.75  -> 5/7
//   taps (1.75, 0.625, -0.5, 0.0625): rises 1.125 + 1.125, falls 0.5625 -> 0.8
TEST(LaguerreRsi, HandComputedTaps) {
  EXPECT_TRUE(
      series_near(stream_all(LaguerreRsi(0.5, 1), {2, 2, 2}), {5.0 / 7, 5.0 / 7, 0.8}, 1e-15));
}

TEST(LaguerreRsi, FilterStartsAtThePeriodthValue) {
  // backtrader runs the filter from its minimum period only: the first period-1 values (here
  // 100, 100) are never seen, so the result is the one above.
  const std::vector<double> in{100, 100, 2, 2, 2};
  const std::vector<double> expected{k_nan, k_nan, 5.0 / 7, 5.0 / 7, 0.8};
  EXPECT_TRUE(series_near(stream_all(LaguerreRsi(0.5, 3), in), expected, 1e-15));
  std::vector<double> out(in.size());
  laguerre_rsi(in, 0.5, 3, out);
  EXPECT_TRUE(series_near(out, expected, 1e-15));
  // Leading NaNs only delay it.
  EXPECT_TRUE(series_near(stream_all(LaguerreRsi(0.5, 3), {k_nan, 100, 100, 2, 2, 2}),
                          {k_nan, k_nan, k_nan, 5.0 / 7, 5.0 / 7, 0.8}, 1e-15));
}

TEST(LaguerreRsi, NoMovementGivesOne) {
  EXPECT_TRUE(series_near(stream_all(LaguerreRsi(0.5, 1), {0, 0}), {1, 1}, 0.0));
}

TEST(LaguerreRsi, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "LRSI(0.5,6)": Ehlers' recursion as
  // backtrader runs it (from bar 5, zero taps) on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("LaguerreRSI");
  EXPECT_EQ(testing::first_defined(lines[0]), 5U);
  testing::expect_values_at(lines[0], {{5, 0.7142857142857142},
                                       {6, 0.7129416933261982},
                                       {100, 0.08259769849394909},
                                       {200, 1.0},
                                       {254, 0.748915407345563}});
}

TEST(LaguerreRsi, RejectsBadParameters) {
  EXPECT_THAT([] { LaguerreRsi(1.5); },
              ThrowsMessage<UserInputError>("LRSI: parameter 'gamma' must be <= 1, got 1.5"));
  EXPECT_THAT([] { LaguerreRsi(0.5, 0); },
              ThrowsMessage<UserInputError>("LRSI: parameter 'period' must be >= 1, got 0"));
}

TEST(LaguerreRsi, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_lrsi.py: chkmin 6, chkvals at bars 254, 5 and halfway.
  const auto lines = testing::on_backtrader_daily("LRSI");
  testing::expect_upstream(lines[0], 6, {"0.748915", "0.714286", "1.000000"});
}

}  // namespace
}  // namespace qbt::indicators
