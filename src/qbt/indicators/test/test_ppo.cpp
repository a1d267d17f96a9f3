#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/ppo.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

TEST(Ppo, PercentOfTheLongOrShortEma) {
  // As in test_macd: EMA(2) = x - 0.5 and EMA(3) = x - 1 on this ramp, so at bar 2:
  // ppo = 100 * 0.5 / 2 = 25 (PPOShort: 100 * 0.5 / 2.5 = 20); bar 3: 100 * 0.5 / 3 and
  // 100 * 0.5 / 3.5. signal = EMA(2) of ppo, seeded with their mean at bar 3.
  const std::vector<double> in{1, 2, 3, 4};
  std::vector<double> ppo_line(4);
  std::vector<double> signal(4);
  std::vector<double> histo(4);
  ppo(in, 2, 3, 2, ppo_line, signal, histo);
  EXPECT_TRUE(series_near(ppo_line, {k_nan, k_nan, 25, 50.0 / 3}, 1e-12));
  EXPECT_TRUE(series_near(signal, {k_nan, k_nan, k_nan, (25 + 50.0 / 3) / 2}, 1e-12));
  EXPECT_TRUE(series_near(histo, {k_nan, k_nan, k_nan, (50.0 / 3 - 25) / 2}, 1e-12));
  ppo(in, 2, 3, 2, ppo_line, signal, histo, PpoDenominator::short_average);
  EXPECT_TRUE(series_near(ppo_line, {k_nan, k_nan, 20, 100.0 / 7}, 1e-12));
  Ppo state(2, 3, 2, PpoDenominator::short_average);
  PpoLines last{};
  for (const double x : in) {
    last = state.update(x);
  }
  EXPECT_NEAR(last.ppo, 100.0 / 7, 1e-12);
  EXPECT_NEAR(last.signal, (20 + 100.0 / 7) / 2, 1e-12);
}

TEST(Ppo, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py PPO.ppo PPO.signal PPO.histo
  // PPOShort.ppo PPOShort.signal: 100 * (EMA12 - EMA26) / EMA26 (or / EMA12), seeded EMAs,
  // signal = EMA9, on data/backtrader/2006-day-001.txt.
  const auto lines = testing::on_backtrader_daily("PercentagePriceOscillator");
  EXPECT_EQ(testing::first_defined(lines[0]), 25U);
  EXPECT_EQ(testing::first_defined(lines[1]), 33U);
  testing::expect_values_at(
      lines[0], {{25, 0.6379839701263251}, {100, -1.7427980528201243}, {254, 0.6334392618988706}});
  testing::expect_values_at(
      lines[1], {{33, 0.7241358680581744}, {200, 1.0761091782020558}, {254, 0.5405158546599889}});
  testing::expect_values_at(
      lines[2], {{33, 0.1594158360701562}, {100, -0.5121055356127451}, {254, 0.0929234072388817}});
  const auto short_lines = testing::on_backtrader_daily("PPOShort");
  testing::expect_values_at(
      short_lines[0],
      {{25, 0.6339395374968025}, {100, -1.7737102403516438}, {254, 0.6294520653819082}});
  testing::expect_values_at(short_lines[1], {{33, 0.7188517698927729}, {254, 0.5371933136258127}});
}

TEST(Ppo, LookbackAndNames) {
  EXPECT_EQ(ppo_lookback(12, 26, 9), 33);
  EXPECT_EQ(ppo_lookback(26, 12, 9), 33);  // backtrader accepts either order
  const auto& registry = builtin_indicators();
  EXPECT_EQ(&registry.at("PercPriceOsc"), &registry.at("PPO"));
  EXPECT_EQ(&registry.at("PercentagePriceOscillatorShort"), &registry.at("PPOShort"));
  EXPECT_EQ(&registry.at("PercPriceOscShort"), &registry.at("PPOShort"));
}

TEST(Ppo, RejectsBadPeriods) {
  EXPECT_THAT([] { Ppo(0); },
              ThrowsMessage<UserInputError>("PPO: parameter 'period1' must be >= 1, got 0"));
  EXPECT_THAT(
      [] { Ppo(12, 26, 0, PpoDenominator::short_average); },
      ThrowsMessage<UserInputError>("PPOShort: parameter 'period_signal' must be >= 1, got 0"));
}

TEST(Ppo, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_ppo.py: chkmin 34, chkvals at bars 254, 33 and halfway.
  const auto lines = testing::on_backtrader_daily("PPO");
  testing::expect_upstream(lines[0], 34, {"0.633439", "0.883552", "0.049430"}, true);
  testing::expect_upstream(lines[1], 34, {"0.540516", "0.724136", "-0.079820"});
  testing::expect_upstream(lines[2], 34, {"0.092923", "0.159416", "0.129250"});
}

TEST(Ppo, MatchesBacktradersOwnTestShort) {
  // backtrader tests/test_ind_pposhort.py: chkmin 34, chkvals at bars 254, 33 and halfway.
  const auto lines = testing::on_backtrader_daily("PPOShort");
  testing::expect_upstream(lines[0], 34, {"0.629452", "0.875813", "0.049405"}, true);
  testing::expect_upstream(lines[1], 34, {"0.537193", "0.718852", "-0.080645"});
  testing::expect_upstream(lines[2], 34, {"0.092259", "0.156962", "0.130050"});
}

}  // namespace
}  // namespace qbt::indicators
