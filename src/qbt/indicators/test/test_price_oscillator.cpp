#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/price_oscillator.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

TEST(PriceOscillator, ShortMinusLongEma) {
  // EMA(2) = x - 0.5 from bar 1 and EMA(3) = x - 1 from bar 2 on a ramp (see test_macd).
  const std::vector<double> in{1, 2, 3, 4, 5};
  const std::vector<double> expected{k_nan, k_nan, 0.5, 0.5, 0.5};
  EXPECT_TRUE(series_near(stream_all(PriceOscillator(2, 3), in), expected, 1e-12));
  std::vector<double> out(in.size());
  price_oscillator(in, 2, 3, out);
  EXPECT_TRUE(series_near(out, expected, 1e-12));
  price_oscillator(in, 3, 2, out);  // either order, as in backtrader
  EXPECT_TRUE(series_near(out, {k_nan, k_nan, -0.5, -0.5, -0.5}, 1e-12));
}

TEST(PriceOscillator, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "PriceOscillator(12,26)": seeded
  // EMA(12) - EMA(26) of close on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("AbsolutePriceOscillator");
  EXPECT_EQ(testing::first_defined(lines[0]), 25U);
  testing::expect_values_at(lines[0], {{25, 23.202674605962784},
                                       {26, 23.137082326018117},
                                       {200, 49.21985396657965},
                                       {254, 25.8213683732738}});
}

TEST(PriceOscillator, NamesAndErrors) {
  const auto& registry = builtin_indicators();
  for (const char* alias : {"PriceOsc", "AbsolutePriceOscillator", "APO", "AbsPriceOsc"}) {
    EXPECT_EQ(&registry.at(alias), &registry.at("PriceOscillator")) << alias;
  }
  EXPECT_EQ(price_oscillator_lookback(12, 26), 25);
  EXPECT_THAT(
      [] { PriceOscillator(12, 0); },
      ThrowsMessage<UserInputError>("PriceOscillator: parameter 'period2' must be >= 1, got 0"));
}

TEST(PriceOscillator, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_priceosc.py: chkmin 26, chkvals at bars 254, 25 and halfway.
  const auto lines = testing::on_backtrader_daily("PriceOsc");
  testing::expect_upstream(lines[0], 26, {"25.821368", "23.202675", "-9.927422"});
}

}  // namespace
}  // namespace qbt::indicators
