#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/kst.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

TEST(Kst, WeightedSumOfSmoothedRocs) {
  // All periods 1: each component is ROC100(1), so kst = (1 + 2 + 3 + 4) * ROC100(1) and
  // signal = kst: 100, 110, 99 gives 10 * 10 and 10 * -10.
  const KstPeriods ones{.roc = {1, 1, 1, 1}, .sma = {1, 1, 1, 1}, .signal = 1};
  std::vector<double> line(3);
  std::vector<double> signal(3);
  kst(std::vector<double>{100, 110, 99}, ones, line, signal);
  EXPECT_TRUE(series_near(line, {k_nan, 100, -100}, 1e-10));
  EXPECT_TRUE(series_near(signal, {k_nan, 100, -100}, 1e-10));
  // Components defined at different bars: kst waits for the slowest (ROC(2) + SMA(1)).
  const KstPeriods mixed{.roc = {1, 2, 1, 1}, .sma = {1, 1, 1, 1}, .signal = 2};
  kst(std::vector<double>{100, 110, 99}, mixed, line, signal);
  // bar 2: 1 * -10 + 2 * (100 * (99 - 100) / 100) + 3 * -10 + 4 * -10 = -82.
  EXPECT_TRUE(series_near(line, {k_nan, k_nan, -82}, 1e-10));
  EXPECT_EQ(kst_line_lookback(mixed), 2);
  EXPECT_EQ(kst_lookback(mixed), 3);
}

TEST(Kst, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py KST.kst KST.signal: ROC100 periods
  // 10, 15, 20, 30, each smoothed by SMA(10), weighted 1..4, signal SMA(9), on
  // data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("KnowSureThing");
  EXPECT_EQ(testing::first_defined(lines[0]), 39U);
  EXPECT_EQ(testing::first_defined(lines[1]), 47U);
  testing::expect_values_at(lines[0], {{39, 37.778433647129},
                                       {40, 39.20482572899357},
                                       {100, -53.586049416063275},
                                       {254, 18.96630034179522}});
  testing::expect_values_at(
      lines[1], {{47, 37.88289000906436}, {200, 28.989636578496704}, {254, 11.12359263749396}});
}

TEST(Kst, RejectsBadPeriods) {
  KstPeriods periods;
  periods.sma[2] = 0;
  EXPECT_THAT([&] { Kst state(periods); },
              ThrowsMessage<UserInputError>("KST: parameter 'rma3' must be >= 1, got 0"));
  const Indicator& indicator = builtin_indicators().at("KST");
  EXPECT_THAT(
      [&] {
        static_cast<void>(indicator.resolve({{"rp4", 0}}));
      },
      ThrowsMessage<UserInputError>("KST: parameter 'rp4' must be >= 1, got 0"));
}

TEST(Kst, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_kst.py: chkmin 48, chkvals at bars 254, 47 and halfway.
  const auto lines = testing::on_backtrader_daily("KST");
  testing::expect_upstream(lines[0], 48, {"18.966300", "33.688645", "27.643797"}, true);
  testing::expect_upstream(lines[1], 48, {"11.123593", "37.882890", "16.602624"});
}

}  // namespace
}  // namespace qbt::indicators
