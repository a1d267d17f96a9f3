#include <vector>

#include <gtest/gtest.h>

#include "qbt/indicators/momentum/williams_ad.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;

TEST(WilliamsAd, AccumulatesCloseMinusTrueLowOrHigh) {
  const std::vector<double> high{10, 12, 11, 13, 12, 12};
  const std::vector<double> low{8, 9.5, 9, 10, 10, 10};
  const std::vector<double> close{9, 11, 10, 12.5, 11, 11};
  // bar 1 up: 11 - min(9.5, 9) = 2; bar 2 down: 10 - max(11, 11) = -1; bar 3 up:
  // 12.5 - min(10, 10) = 2.5; bar 4 down: 11 - max(12, 12.5) = -1.5; bar 5 unchanged: 0.
  const std::vector<double> expected{k_nan, 2, 1, 3.5, 2, 2};
  std::vector<double> out(close.size());
  williams_ad(high, low, close, out);
  EXPECT_TRUE(series_near(out, expected, 0.0));
}

TEST(WilliamsAd, LeadingNanDelaysLaterNanSticks) {
  WilliamsAd state;
  EXPECT_TRUE(std::isnan(state.update(k_nan, k_nan, k_nan)));
  EXPECT_TRUE(std::isnan(state.update(10, 8, 9)));
  EXPECT_EQ(state.update(12, 9, 11), 2.0);
  EXPECT_TRUE(std::isnan(state.update(12, 9, k_nan)));
  EXPECT_TRUE(std::isnan(state.update(12, 9, 11)));
}

TEST(WilliamsAd, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py WilliamsAD: the running sum of
  // close - min(low, prev close) on up days and close - max(high, prev close) on down days,
  // on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("WilliamsAD");
  EXPECT_EQ(testing::first_defined(lines[0]), 1U);
  testing::expect_values_at(lines[0],
                            {{1, 12.5},
                             {2, 50.61999999999989},
                             {100, 136.8700000000008},
                             {200, 651.1800000000007},
                             {254, 755.0499999999984}},
                            1e-13);
}

TEST(WilliamsAd, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_williamsad.py: chkmin 2, chkvals at bars 254, 1 and halfway.
  const auto lines = testing::on_backtrader_daily("WilliamsAD");
  testing::expect_upstream(lines[0], 2, {"755.050000", "12.500000", "242.980000"});
}

}  // namespace
}  // namespace qbt::indicators
