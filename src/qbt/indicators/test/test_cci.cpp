#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/cci.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

TEST(Cci, BacktradersMeanDeviationOfEachBarFromItsOwnSma) {
  // high = low = close = tp = 1, 3, 2, 6; period 2: SMA -, 2, 2.5, 4; dev -, 1, -0.5, 2;
  // SMA2(|dev|) -, -, 0.75, 1.25 (the textbook mean deviation at bar 2 would be
  // (|3 - 2.5| + |2 - 2.5|) / 2 = 0.5 instead).
  const std::vector<double> tp{1, 3, 2, 6};
  const std::vector<double> expected{k_nan, k_nan, -0.5 / (0.015 * 0.75), 2 / (0.015 * 1.25)};
  std::vector<double> out(tp.size());
  cci(tp, tp, tp, 2, 0.015, out);
  EXPECT_TRUE(series_near(out, expected, 1e-9));
  Cci state(2, 0.015);
  double last = 0.0;
  for (const double x : tp) {
    last = state.update(x, x, x);
  }
  EXPECT_NEAR(last, expected[3], 1e-9);
}

TEST(Cci, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "CCI(20,0.015)": tp = (h + l + c) / 3,
  // dev = tp - SMA20(tp), cci = dev / (0.015 * SMA20(|dev|)) on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("CommodityChannelIndex");
  EXPECT_EQ(testing::first_defined(lines[0]), 38U);  // upstream README: minimum period 39
  testing::expect_values_at(lines[0],
                            {{38, 91.19636287416027},
                             {39, 86.98273844234491},
                             {100, -104.73985443308086},
                             {254, 69.57428687395557}},
                            1e-9);
}

TEST(Cci, RejectsBadParameters) {
  EXPECT_EQ(cci_lookback(20), 38);
  EXPECT_THAT([] { Cci(1); },
              ThrowsMessage<UserInputError>("CCI: parameter 'period' must be >= 2, got 1"));
  EXPECT_THAT([] { Cci(20, 0.0); },
              ThrowsMessage<UserInputError>("CCI: parameter 'factor' must not be 0"));
}

TEST(Cci, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_cci.py: chkmin 39, chkvals at bars 254, 38 and halfway.
  const auto lines = testing::on_backtrader_daily("CCI");
  testing::expect_upstream(lines[0], 39, {"69.574287", "91.196363", "82.175663"});
}

}  // namespace
}  // namespace qbt::indicators
