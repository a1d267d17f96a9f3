#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/trix.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

TEST(Trix, PercentRateOfChangeOfTheTripleEma) {
  // EMA(1) is the identity, so TRIX(1) = 100 * (x / x[-1] - 1).
  const std::vector<double> in{100, 110, 99};
  EXPECT_TRUE(series_near(stream_all(Trix(1), in), {k_nan, 10, -10}, 1e-12));
  std::vector<double> out(in.size());
  trix(in, 1, out, 2);  // _rocperiod 2: 100 * (99 / 100 - 1)
  EXPECT_TRUE(series_near(out, {k_nan, k_nan, -1}, 1e-12));
}

TEST(Trix, SignalIsTheEmaOfTrix) {
  // TRIX(1) of 100, 110, 99, 99: -, 10, -10, 0; EMA(2) of that seeded at bar 2 with 0, then
  // 0/3 + 0 * 2/3 = 0.
  std::vector<double> line(4);
  std::vector<double> signal(4);
  trix_signal(std::vector<double>{100, 110, 99, 99}, 1, 2, line, signal);
  EXPECT_TRUE(series_near(signal, {k_nan, k_nan, 0, 0}, 1e-12));
}

TEST(Trix, LookbacksAndPythonValuesOnBacktraderData) {
  EXPECT_EQ(trix_lookback(15), 43);  // backtrader's minimum period for Trix(15) is 44
  EXPECT_EQ(trix_signal_lookback(15, 9), 51);
  // python3 src/qbt/indicators/test/momentum_reference.py TrixSignal.trix TrixSignal.signal:
  // 100 * (e3 / e3[-1] - 1) of the triple seeded EMA(15) and its seeded EMA(9) on
  // data/backtrader/2006-day-001.txt (TRIX at bar 254 is asserted upstream: 0.071304).
  const auto lines = testing::on_backtrader_daily("TrixSignal");
  EXPECT_EQ(testing::first_defined(lines[0]), 43U);
  EXPECT_EQ(testing::first_defined(lines[1]), 51U);
  testing::expect_values_at(
      lines[0],
      {{43, 0.18147981164531313}, {100, -0.16934442610471168}, {254, 0.07130435163018589}});
  testing::expect_values_at(lines[1], {{51, 0.14422171596915057},
                                       {52, 0.13793611220634716},
                                       {200, 0.13111809068778185},
                                       {254, 0.05104936261763128}});
}

TEST(Trix, RejectsBadPeriods) {
  EXPECT_THAT([] { Trix(0); },
              ThrowsMessage<UserInputError>("Trix: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT(
      [] { TrixSignal(15, 0); },
      ThrowsMessage<UserInputError>("TrixSignal: parameter 'sigperiod' must be >= 1, got 0"));
  EXPECT_THAT([] { Trix(15, 0); },
              ThrowsMessage<UserInputError>("Trix: parameter '_rocperiod' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
