#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/rmi.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

TEST(Rmi, RsiOfMovesOverLookbackBars) {
  // Moves over 2 bars from bar 2: +1, -1, +1, -1, +1. Wilder(2) seeds at bar 3 with up 0.5,
  // down 0.5 (rs 1); bar 4: 0.75 / 0.25 (rs 3); bar 5: 0.375 / 0.625 (rs 0.6);
  // bar 6: 0.6875 / 0.3125 (rs 2.2).
  const std::vector<double> in{5, 4, 6, 3, 7, 2, 8};
  const std::vector<double> expected{k_nan, k_nan, k_nan, 50, 75, 37.5, 68.75};
  EXPECT_TRUE(series_near(stream_all(Rmi(2, 2), in), expected, 1e-12));
  std::vector<double> out(in.size());
  rmi(in, 2, 2, out);
  EXPECT_TRUE(series_near(out, expected, 1e-12));
}

TEST(Rmi, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "RMI(20,5)": the RSI formula over
  // Wilder(20) of max(+-(close - close[-5]), 0) on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("RelativeMomentumIndex");
  EXPECT_EQ(testing::first_defined(lines[0]), 24U);
  testing::expect_values_at(lines[0], {{24, 59.856229912828205},
                                       {25, 60.006912846908214},
                                       {100, 21.80556485879022},
                                       {200, 84.37430173903506},
                                       {254, 67.78609724735274}});
}

TEST(Rmi, LookbackAndLine) {
  EXPECT_EQ(rmi_lookback(20, 5), 24);
  const Indicator& indicator = builtin_indicators().at("RMI");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 24);
  EXPECT_EQ(indicator.output_index("rsi"), 0);  // backtrader's line, aliased rmi there
}

TEST(Rmi, RejectsBadParameters) {
  EXPECT_THAT([] { Rmi(0, 5); },
              ThrowsMessage<UserInputError>("RMI: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([] { Rmi(20, 0); },
              ThrowsMessage<UserInputError>("RMI: parameter 'lookback' must be >= 1, got 0"));
}

TEST(Rmi, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_rmi.py: chkmin 25, chkvals at bars 254, 24 and halfway.
  const auto lines = testing::on_backtrader_daily("RMI");
  testing::expect_upstream(lines[0], 25, {"67.786097", "59.856230", "38.287526"});
}

}  // namespace
}  // namespace qbt::indicators
