#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/macd.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

// EMA(2) (alpha 2/3) of 1..6, 10 runs x - 0.5 from its seed 1.5 at bar 1, then 25.5/3 = 8.5;
// EMA(3) (alpha 1/2) runs x - 1 from its seed 2 at bar 2, then 7.5. So macd = 0.5 from bar 2 and
// 1 at bar 6; signal = EMA(2) of macd: 0.5 seeded at bar 3, then 0.5/3 + 2/3 = 5/6 at bar 6.
const std::vector<double> k_in{1, 2, 3, 4, 5, 6, 10};
const std::vector<double> k_macd{k_nan, k_nan, 0.5, 0.5, 0.5, 0.5, 1.0};
const std::vector<double> k_signal{k_nan, k_nan, k_nan, 0.5, 0.5, 0.5, 5.0 / 6.0};

TEST(Macd, FastMinusSlowEmaAndItsSignal) {
  std::vector<double> macd_line(k_in.size());
  std::vector<double> signal_line(k_in.size());
  macd(k_in, 2, 3, 2, macd_line, signal_line);
  EXPECT_TRUE(series_near(macd_line, k_macd, 1e-12));
  EXPECT_TRUE(series_near(signal_line, k_signal, 1e-12));
  Macd state(2, 3, 2);
  for (std::size_t i = 0; i < k_in.size(); ++i) {
    const MacdLines lines = state.update(k_in[i]);
    EXPECT_TRUE(series_near({lines.macd, lines.signal}, {k_macd[i], k_signal[i]}, 1e-12));
  }
}

TEST(Macd, HistogramIsMacdMinusSignal) {
  std::vector<double> m(k_in.size());
  std::vector<double> s(k_in.size());
  std::vector<double> h(k_in.size());
  macd_histo(k_in, 2, 3, 2, m, s, h);
  EXPECT_TRUE(series_near(h, {k_nan, k_nan, k_nan, 0, 0, 0, 1.0 / 6.0}, 1e-12));
  MacdHisto state(2, 3, 2);
  MacdHistoLines last{};
  for (const double x : k_in) {
    last = state.update(x);
  }
  EXPECT_NEAR(last.histo, 1.0 / 6.0, 1e-12);
}

TEST(Macd, LookbackIsThatOfTheSignalLine) {
  EXPECT_EQ(macd_lookback(26, 9), 33);  // backtrader: macd from bar 25, signal from bar 33
  const auto lines = testing::on_backtrader_daily("MACD");
  EXPECT_EQ(testing::first_defined(lines[0]), 25U);
  EXPECT_EQ(testing::first_defined(lines[1]), 33U);
  // python3 src/qbt/indicators/test/momentum_reference.py MACD.macd MACD.signal: seeded
  // EMA(12) - EMA(26) of close and its seeded EMA(9) on data/backtrader/2006-day-001.txt
  // (bar 254 and 33 also asserted upstream, for MACDHisto: 25.821368, 26.469735).
  testing::expect_values_at(
      lines[0], {{25, 23.202674605962784}, {100, -65.0194871376766}, {254, 25.8213683732738}});
  testing::expect_values_at(
      lines[1], {{33, 26.469735014206385}, {100, -46.150499329082656}, {254, 21.977852795277876}});
}

TEST(Macd, RequiresFastBelowSlow) {
  EXPECT_THAT([] { Macd(26, 26); },
              ThrowsMessage<UserInputError>(
                  "MACD: parameter 'period_me1' must be < 'period_me2' (26), got 26"));
  EXPECT_THAT([] { MacdHisto(30, 26); },
              ThrowsMessage<UserInputError>(
                  "MACDHisto: parameter 'period_me1' must be < 'period_me2' (26), got 30"));
  const Indicator& indicator = builtin_indicators().at("MACDHistogram");
  EXPECT_THAT(
      [&] {
        static_cast<void>(indicator.resolve({{"period_me1", 26}}));
      },
      ThrowsMessage<UserInputError>(
          "MACDHisto: parameter 'period_me1' must be < 'period_me2' (26), got 26"));
  EXPECT_THAT([] { Macd(12, 26, 0); },
              ThrowsMessage<UserInputError>("MACD: parameter 'period_signal' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
