#include "qbt/indicators/basic/heikin_ashi.hpp"

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

struct Candles {
  std::vector<double> open;
  std::vector<double> high;
  std::vector<double> low;
  std::vector<double> close;
};

Candles batch_candles(const Candles& bars) {
  const std::size_t n = bars.close.size();
  Candles out{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n),
              std::vector<double>(n)};
  heikin_ashi(bars.open, bars.high, bars.low, bars.close, out.open, out.high, out.low,
              out.close);
  return out;
}

Candles stream_candles(const Candles& bars) {
  Candles out;
  HeikinAshi state;
  for (std::size_t i = 0; i < bars.close.size(); ++i) {
    const HeikinAshiLines candle =
        state.update(bars.open[i], bars.high[i], bars.low[i], bars.close[i]);
    out.open.push_back(candle.ha_open);
    out.high.push_back(candle.ha_high);
    out.low.push_back(candle.ha_low);
    out.close.push_back(candle.ha_close);
  }
  return out;
}

TEST(HeikinAshi, AveragedCandles) {
  // Bar 0: ha_close = (10+12+9+11)/4 = 10.5, ha_open seed = (10+11)/2 = 10.5, no high/low yet.
  // Bar 1: ha_close = (11+15+10+14)/4 = 12.5, ha_open = (10.5+10.5)/2 = 10.5,
  //        ha_high = max(15, 10.5, 12.5) = 15, ha_low = min(10, 10.5, 12.5) = 10.
  // Bar 2: ha_close = (14+14+8+9)/4 = 11.25, ha_open = (10.5+12.5)/2 = 11.5,
  //        ha_high = max(14, 11.5, 11.25) = 14, ha_low = min(8, ...) = 8.
  // Bar 3: ha_close = (9+9.5+9+9.2)/4 = 9.175, ha_open = (11.5+11.25)/2 = 11.375,
  //        ha_high = max(9.5, 11.375, 9.175) = 11.375 (the body tops the wick), ha_low = 9.
  const Candles bars{{10, 11, 14, 9}, {12, 15, 14, 9.5}, {9, 10, 8, 9}, {11, 14, 9, 9.2}};
  for (const Candles& got : {batch_candles(bars), stream_candles(bars)}) {
    EXPECT_TRUE(series_near(got.open, {10.5, 10.5, 11.5, 11.375}));
    EXPECT_TRUE(series_near(got.high, {k_nan, 15, 14, 11.375}));
    EXPECT_TRUE(series_near(got.low, {k_nan, 10, 8, 9}));
    EXPECT_TRUE(series_near(got.close, {10.5, 12.5, 11.25, 9.175}));
  }
}

TEST(HeikinAshi, StartsAtTheFirstCompleteBarAndNanIsRecursive) {
  const Candles bars{{k_nan, 10, 11, k_nan, 12}, {k_nan, 12, 15, 13, 13},
                     {k_nan, 9, 10, 11, 11}, {k_nan, 11, 14, 12, 12}};
  for (const Candles& got : {batch_candles(bars), stream_candles(bars)}) {
    EXPECT_TRUE(series_near(got.open, {k_nan, 10.5, 10.5, 11.5, k_nan}));
    EXPECT_TRUE(series_near(got.high, {k_nan, k_nan, 15, k_nan, k_nan}));
    EXPECT_TRUE(series_near(got.close, {k_nan, 10.5, 12.5, k_nan, 12}));
  }
}

TEST(HeikinAshi, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_heikinashi.py (its body is disabled upstream, but these values
  // hold in every run mode; tests/reference/README.md): minimum period 2.
  const auto lines = testing::on_backtrader_daily("HeikinAshi");
  // ha_open (its seed) and ha_close exist on the first bar already.
  testing::expect_upstream(lines[0], 2, {"4119.466107", "3591.732500", "3578.625259"}, true);
  testing::expect_upstream(lines[1], 2, {"4142.010000", "3638.420000", "3662.920000"});
  testing::expect_upstream(lines[2], 2, {"4119.466107", "3591.732500", "3578.625259"});
  testing::expect_upstream(lines[3], 2, {"4128.002500", "3614.670000", "3653.455000"}, true);
  const Indicator& indicator = builtin_indicators().at("HeikinAshi");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 1);
  EXPECT_EQ(indicator.outputs(),
            (std::vector<std::string>{"ha_open", "ha_high", "ha_low", "ha_close"}));
}

}  // namespace
}  // namespace qbt::indicators
