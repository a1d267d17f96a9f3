#include <cmath>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/rsi.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

// Moves from bar 1: +1, -0.5, +1, -0.5, +1; so up = 1,0,1,0,1 and down = 0,.5,0,.5,0.
const std::vector<double> k_zigzag{10, 11, 10.5, 11.5, 11, 12};

std::vector<double> batch_rsi(const std::vector<double>& in, std::int32_t period,
                              RsiAverage average = RsiAverage::smoothed,
                              RsiSafeDivision safe = {}) {
  std::vector<double> out(in.size());
  rsi(in, period, out, 1, average, safe);
  return out;
}

TEST(Rsi, WildersSmoothingOfUpAndDownMoves) {
  // Seed at bar 2: up 0.5, down 0.25 (rs 2); then y = y/2 + x/2:
  // bar 3: 0.75 / 0.125 (rs 6); bar 4: 0.375 / 0.3125 (rs 1.2); bar 5: 0.6875 / 0.15625 (rs 4.4).
  const std::vector<double> expected{k_nan,
                                     k_nan,
                                     100.0 - 100.0 / 3.0,
                                     100.0 - 100.0 / 7.0,
                                     100.0 - 100.0 / 2.2,
                                     100.0 - 100.0 / 5.4};
  EXPECT_TRUE(series_near(stream_all(Rsi(2), k_zigzag), expected, 1e-12));
  EXPECT_TRUE(series_near(batch_rsi(k_zigzag, 2), expected, 1e-12));
}

TEST(Rsi, SimpleAndExponentialAverages) {
  // SMA(2) of the moves: every window holds one up (1) and one down (0.5): rs = 1 / 0.5 = 2.
  const double two_thirds = 100.0 - 100.0 / 3.0;
  EXPECT_TRUE(series_near(batch_rsi(k_zigzag, 2, RsiAverage::simple),
                          {k_nan, k_nan, two_thirds, two_thirds, two_thirds, two_thirds}, 1e-12));
  // EMA(2), alpha 2/3, same seed; bar 3: up 0.5/3 + 2/3 = 5/6, down 0.25/3 = 1/12: rs = 10.
  const auto ema = batch_rsi(k_zigzag, 2, RsiAverage::exponential);
  EXPECT_NEAR(ema[2], two_thirds, 1e-12);
  EXPECT_NEAR(ema[3], 100.0 - 100.0 / 11.0, 1e-12);
}

TEST(Rsi, DivisionByZeroWithAndWithoutSafeDiv) {
  const std::vector<double> rising{1, 2, 3, 4};
  const std::vector<double> flat{5, 5, 5, 5};
  // Plain: x/0 = inf gives 100; 0/0 stays NaN (backtrader raises ZeroDivisionError).
  EXPECT_TRUE(series_near(batch_rsi(rising, 2), {k_nan, k_nan, 100, 100}));
  EXPECT_TRUE(series_near(batch_rsi(flat, 2), {k_nan, k_nan, k_nan, k_nan}));
  // safediv: x/0 -> safehigh, 0/0 -> safelow, through rs = -100 / (safe - 100) - 1.
  const RsiSafeDivision safe{.enabled = true, .high = 80.0, .low = 50.0};
  EXPECT_TRUE(
      series_near(batch_rsi(rising, 2, RsiAverage::smoothed, safe), {k_nan, k_nan, 80, 80}, 1e-12));
  EXPECT_TRUE(
      series_near(batch_rsi(flat, 2, RsiAverage::smoothed, safe), {k_nan, k_nan, 50, 50}, 1e-12));
}

TEST(Rsi, LeadingNanDelaysAndLaterNanSticks) {
  const std::vector<double> in{k_nan, k_nan, 10, 11, 10.5, k_nan, 11, 12};
  const auto out = stream_all(Rsi(2), in);
  EXPECT_TRUE(std::isnan(out[3]));
  EXPECT_NEAR(out[4], 100.0 - 100.0 / 3.0, 1e-12);  // the zigzag's bar 2, two bars later
  EXPECT_TRUE(std::isnan(out[5]));
  EXPECT_TRUE(std::isnan(out[7]));  // Wilder's smoothing never recovers, as in backtrader
}

TEST(Rsi, LookbackAndNames) {
  EXPECT_EQ(rsi_lookback(14), 14);  // backtrader's minimum period for RSI(14) is 15
  EXPECT_EQ(rsi_lookback(20, 5), 24);
  const auto& registry = builtin_indicators();
  for (const char* alias : {"RelativeStrengthIndex", "RSI_SMMA", "RSI_Wilder"}) {
    EXPECT_EQ(&registry.at(alias), &registry.at("RSI")) << alias;
  }
  EXPECT_EQ(&registry.at("RSI_Cutler"), &registry.at("RSI_SMA"));
  EXPECT_TRUE(registry.at("RSI_Safe").defaults().boolean("safediv"));
  EXPECT_FALSE(registry.at("RSI").defaults().boolean("safediv"));
}

TEST(Rsi, VariantsMatchPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "RSI_SMA(14)" "RSI_EMA(14)": the RSI
  // formula over SMA(14) / seeded EMA(14) of max(+-(close - close[-1]), 0) on
  // data/backtrader/2006-day-001.txt.
  const auto sma = testing::on_backtrader_daily("RSI_SMA");
  EXPECT_EQ(testing::first_defined(sma[0]), 14U);
  testing::expect_values_at(sma[0], {{14, 41.630968387480095},
                                     {15, 38.92946346707131},
                                     {100, 31.071846625960973},
                                     {200, 90.73107049608365},
                                     {254, 66.78937419162264}});
  const auto ema = testing::on_backtrader_daily("RSI_EMA");
  testing::expect_values_at(ema[0], {{14, 41.630968387480095},
                                     {15, 39.88753816903839},
                                     {100, 43.021270756904},
                                     {200, 84.72173713150258},
                                     {254, 57.51622490796114}});
  // No zero division on this data, so RSI_Safe is RSI (checked upstream: 57.644284 at bar 254).
  const auto safe = testing::on_backtrader_daily("RSI_Safe");
  const auto plain = testing::on_backtrader_daily("RSI");
  EXPECT_TRUE(series_near(std::vector<double>(safe[0].begin(), safe[0].end()),
                          std::vector<double>(plain[0].begin(), plain[0].end()), 0.0));
}

TEST(Rsi, RejectsBadParameters) {
  EXPECT_THAT([] { Rsi(0); },
              ThrowsMessage<UserInputError>("RSI: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([] { Rsi(14, 0); },
              ThrowsMessage<UserInputError>("RSI: parameter 'lookback' must be >= 1, got 0"));
  const Indicator& safe = builtin_indicators().at("RSI_Safe");
  EXPECT_THAT(
      [&] {
        static_cast<void>(safe.resolve({{"safehigh", 101}}));
      },
      ThrowsMessage<UserInputError>("RSI_Safe: parameter 'safehigh' must be <= 100, got 101"));
}

TEST(Rsi, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_rsi_safe.py: chkmin 15, chkvals at bars 254, 14 and halfway.
  const auto lines = testing::on_backtrader_daily("RSI_Safe");
  testing::expect_upstream(lines[0], 15, {"57.644284", "41.630968", "53.352553"});
}

}  // namespace
}  // namespace qbt::indicators
