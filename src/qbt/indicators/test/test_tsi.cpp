#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/tsi.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

TEST(Tsi, DoubleSmoothedMomentumOverMagnitude) {
  // EMA(1) is the identity, so TSI(1, 1) = 100 * pc / |pc|: +-100, NaN for no change (0 / 0).
  EXPECT_TRUE(series_near(stream_all(Tsi(1, 1), {1, 2, 1, 1}), {k_nan, 100, -100, k_nan}, 0.0));
  // TSI(2, 1): EMA(2) of the changes +2, -1 seeded at bar 2 with 0.5, magnitude 1.5; then
  // change +3: 0.5/3 + 2 = 13/6 over 1.5/3 + 2 = 5/2.
  std::vector<double> out(4);
  tsi(std::vector<double>{1, 3, 2, 5}, 2, 1, out);
  EXPECT_TRUE(series_near(out, {k_nan, k_nan, 100.0 / 3.0, 100.0 * (13.0 / 6.0) / 2.5}, 1e-12));
}

TEST(Tsi, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "TSI(25,13)":
  // 100 * EMA13(EMA25(pc)) / EMA13(EMA25(|pc|)), seeded EMAs, pc = close - close[-1], on
  // data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("TrueStrengthIndicator");
  EXPECT_EQ(testing::first_defined(lines[0]), 37U);
  testing::expect_values_at(lines[0], {{37, 22.866306683990235},
                                       {38, 25.109402918868902},
                                       {100, -27.84204987138123},
                                       {254, 16.01236371109897}});
}

TEST(Tsi, LookbackAndErrors) {
  EXPECT_EQ(tsi_lookback(25, 13), 37);
  EXPECT_EQ(tsi_lookback(25, 13, 3), 39);
  EXPECT_THAT([] { Tsi(25, 13, 0); },
              ThrowsMessage<UserInputError>("TSI: parameter 'pchange' must be >= 1, got 0"));
}

TEST(Tsi, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_tsi.py: chkmin 38, chkvals at bars 254, 37 and halfway.
  const auto lines = testing::on_backtrader_daily("TSI");
  testing::expect_upstream(lines[0], 38, {"16.012364", "22.866307", "4.990750"});
}

}  // namespace
}  // namespace qbt::indicators
