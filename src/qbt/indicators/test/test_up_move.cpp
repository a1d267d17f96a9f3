#include "qbt/indicators/basic/up_move.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;

TEST(UpMove, RiseSinceThePreviousValue) {
  const std::vector<double> in{k_nan, 5, 7, 4, k_nan, 6, 6};
  const std::vector<double> expected{k_nan, k_nan, 2, -3, k_nan, k_nan, 0};
  std::vector<double> out(in.size());
  up_move(in, out);
  EXPECT_TRUE(series_near(out, expected));
  EXPECT_TRUE(series_near(stream_all(UpMove(), in), expected));
  std::vector<double> none;
  up_move(none, none);
}

TEST(UpMove, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_upmove.py: minimum period 2.
  const auto lines = testing::on_backtrader_daily("UpMove");
  testing::expect_upstream(lines[0], 2, {"-10.720000", "10.010000", "14.000000"});
  const Indicator& indicator = builtin_indicators().at("upmove");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 1);
}

}  // namespace
}  // namespace qbt::indicators
