#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/dv2.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

TEST(Dv2, PercentRankOfTheSmoothedCloseToMidpointRatio) {
  // high = 2 * close, low = 0: the ratio close / midpoint is 1 on every bar, so with
  // maperiod 1 the window is all ties and nothing is strictly below: 0.
  // With high = low = 1 the ratio is the close itself: 1, 3, 2, 4 with period 3 and
  // maperiod 1 ranks 2 among {1, 3, 2} (one below: 100/3) and 4 among {3, 2, 4} (two: 200/3).
  const std::vector<double> ones{1, 1, 1, 1};
  const std::vector<double> close{1, 3, 2, 4};
  std::vector<double> out(4);
  dv2(ones, ones, close, 3, 1, out);
  EXPECT_TRUE(series_near(out, {k_nan, k_nan, 100.0 / 3, 200.0 / 3}, 1e-12));
  // maperiod 2 averages the ratios first: 2, 2.5, 3 ranked over period 2: 100/2 each.
  dv2(ones, ones, close, 2, 2, out);
  EXPECT_TRUE(series_near(out, {k_nan, k_nan, 50, 50}, 1e-12));
  Dv2 state(2, 2);
  double last = 0.0;
  for (std::size_t i = 0; i < close.size(); ++i) {
    last = state.update(ones[i], ones[i], close[i]);
  }
  EXPECT_NEAR(last, 50, 1e-12);
}

TEST(Dv2, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "DV2(252,2)" "DV2(10,2)":
  // 100 * fsum(x < newest for x in the window) / period over SMA2(close / ((high + low) / 2))
  // on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("DV2");
  EXPECT_EQ(testing::first_defined(lines[0]), 252U);
  testing::expect_values_at(
      lines[0], {{252, 55.952380952380956}, {253, 80.55555555555556}, {254, 17.46031746031746}});
  const auto short_lines = testing::on_backtrader_daily("DV2", {{"period", 10}});
  EXPECT_EQ(testing::first_defined(short_lines[0]), 10U);
  testing::expect_values_at(short_lines[0], {{10, 20.0}, {11, 30.0}, {100, 90.0}, {254, 10.0}});
}

TEST(Dv2, LookbackAndErrors) {
  EXPECT_EQ(dv2_lookback(252, 2), 252);
  EXPECT_THAT([] { Dv2(252, 0); },
              ThrowsMessage<UserInputError>("DV2: parameter 'maperiod' must be >= 1, got 0"));
}

TEST(Dv2, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_dv2.py: chkmin 253, chkvals at bars 254, 252 and halfway.
  const auto lines = testing::on_backtrader_daily("DV2");
  testing::expect_upstream(lines[0], 253, {"17.460317", "55.952381", "80.555556"});
}

}  // namespace
}  // namespace qbt::indicators
