#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/dpo.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

TEST(Dpo, BacktradersShiftIsPeriodMinusOneOverTwo) {
  // Python: -(-period // 2 + 1) with floor division.
  EXPECT_EQ(dpo_lag(20), 9);  // the textbook DPO would use 11
  EXPECT_EQ(dpo_lag(21), 10);
  EXPECT_EQ(dpo_lag(3), 1);
  EXPECT_EQ(dpo_lag(2), 0);
  EXPECT_EQ(dpo_lag(1), 0);
  EXPECT_EQ(dpo_lookback(20), 28);  // upstream README: minimum period 29
}

TEST(Dpo, ValueMinusTheShiftedSma) {
  // period 3, lag 1: SMA3 of 1, 2, 4, 7, 11 is -, -, 7/3, 13/3, 22/3; dpo = x - SMA[-1].
  const std::vector<double> in{1, 2, 4, 7, 11};
  const std::vector<double> expected{k_nan, k_nan, k_nan, 7 - 7.0 / 3, 11 - 13.0 / 3};
  EXPECT_TRUE(series_near(stream_all(Dpo(3), in), expected, 1e-12));
  std::vector<double> out(in.size());
  dpo(in, 3, out);
  EXPECT_TRUE(series_near(out, expected, 1e-12));
  EXPECT_TRUE(series_near(stream_all(Dpo(1), in), {0, 0, 0, 0, 0}, 0.0));
}

TEST(Dpo, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "DPO(20)": close - SMA20[-9] on
  // data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("DetrendedPriceOscillator");
  EXPECT_EQ(testing::first_defined(lines[0]), 28U);
  testing::expect_values_at(lines[0], {{28, 105.625},
                                       {29, 70.78549999999996},
                                       {100, -207.23550000000023},
                                       {254, 83.27099999999928}});
}

TEST(Dpo, RejectsBadPeriods) {
  EXPECT_THAT([] { Dpo(0); },
              ThrowsMessage<UserInputError>("DPO: parameter 'period' must be >= 1, got 0"));
}

TEST(Dpo, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_dpo.py: chkmin 29, chkvals at bars 254, 28 and halfway.
  const auto lines = testing::on_backtrader_daily("DPO");
  testing::expect_upstream(lines[0], 29, {"83.271000", "105.625000", "1.187000"});
}

}  // namespace
}  // namespace qbt::indicators
