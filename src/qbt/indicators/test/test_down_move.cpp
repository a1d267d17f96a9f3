#include "qbt/indicators/basic/down_move.hpp"

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

TEST(DownMove, FallSinceThePreviousValue) {
  const std::vector<double> in{k_nan, 5, 7, 4, k_nan, 6, 6};
  const std::vector<double> expected{k_nan, k_nan, -2, 3, k_nan, k_nan, 0};
  std::vector<double> out(in.size());
  down_move(in, out);
  EXPECT_TRUE(series_near(out, expected));
  EXPECT_TRUE(series_near(stream_all(DownMove(), in), expected));
}

TEST(DownMove, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_downmove.py: minimum period 2.
  const auto lines = testing::on_backtrader_daily("DownMove");
  testing::expect_upstream(lines[0], 2, {"10.720000", "-10.010000", "-14.000000"});
  const Indicator& indicator = builtin_indicators().at("DownMove");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 1);
}

}  // namespace
}  // namespace qbt::indicators
