#include <cmath>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/stochastic.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

const std::vector<double> k_high{10, 12, 11, 13, 12};
const std::vector<double> k_low{8, 9, 9, 10, 10};
const std::vector<double> k_close{9, 11, 10, 12.5, 11};
// period 2: highest high -, 12, 12, 13, 13; lowest low -, 8, 9, 9, 10; so the raw
// k = 100 * (c - LL) / (HH - LL) = -, 75, 100/3, 87.5, 100/3.
constexpr double k_third = 100.0 / 3.0;
const std::vector<double> k_raw{k_nan, 75, k_third, 87.5, k_third};
// SMA(2) of k: -, -, (75 + 100/3)/2, (100/3 + 87.5)/2 twice.
const std::vector<double> k_dfast{k_nan, k_nan, (75 + k_third) / 2, (k_third + 87.5) / 2,
                                  (87.5 + k_third) / 2};
// SMA(2) of that.
const std::vector<double> k_dslow{k_nan, k_nan, k_nan, (k_dfast[2] + k_dfast[3]) / 2, k_dfast[3]};

TEST(Stochastic, SlowFastAndFullLines) {
  std::vector<double> a(5);
  std::vector<double> b(5);
  std::vector<double> c(5);
  stochastic(k_high, k_low, k_close, 2, 2, 2, a, b);
  EXPECT_TRUE(series_near(a, k_dfast, 1e-12));
  EXPECT_TRUE(series_near(b, k_dslow, 1e-12));
  stochastic_fast(k_high, k_low, k_close, 2, 2, a, b);
  EXPECT_TRUE(series_near(a, k_raw, 1e-12));
  EXPECT_TRUE(series_near(b, k_dfast, 1e-12));
  stochastic_full(k_high, k_low, k_close, 2, 2, 2, a, b, c);
  EXPECT_TRUE(series_near(a, k_raw, 1e-12));
  EXPECT_TRUE(series_near(b, k_dfast, 1e-12));
  EXPECT_TRUE(series_near(c, k_dslow, 1e-12));
}

TEST(Stochastic, StreamingStateMatches) {
  Stochastic state(2, 2, 2);
  for (std::size_t i = 0; i < k_close.size(); ++i) {
    const StochasticLines lines = state.update(k_high[i], k_low[i], k_close[i]);
    EXPECT_TRUE(series_near({lines.perc_k, lines.perc_d}, {k_dfast[i], k_dslow[i]}, 1e-12));
  }
}

TEST(Stochastic, FlatRangeAndBacktradersSafeDivisionQuirk) {
  const std::vector<double> flat{5, 5};
  std::vector<double> k(2);
  std::vector<double> d(2);
  stochastic_fast(flat, flat, flat, 1, 1, k, d);
  EXPECT_TRUE(std::isnan(k[0]));  // 0 / 0; backtrader raises ZeroDivisionError
  // safediv: the ratio becomes safezero and is then multiplied by 100 like any other ratio.
  stochastic_fast(flat, flat, flat, 1, 1, k, d, {.enabled = true, .zero = 0.5});
  EXPECT_TRUE(series_near(k, {50, 50}, 0.0));
  stochastic_fast(flat, flat, flat, 1, 1, k, d, {.enabled = true});
  EXPECT_TRUE(series_near(k, {0, 0}, 0.0));
}

TEST(Stochastic, LookbacksAndNames) {
  EXPECT_EQ(stochastic_lookback(14, 3, 3), 17);  // backtrader: percK from 15, percD from 17
  EXPECT_EQ(stochastic_fast_lookback(14, 3), 15);
  const auto& registry = builtin_indicators();
  EXPECT_EQ(&registry.at("StochasticSlow"), &registry.at("Stochastic"));
  EXPECT_EQ(registry.at("StochasticFull").outputs(),
            (std::vector<std::string>{"percK", "percD", "percDSlow"}));
  EXPECT_EQ(registry.at("StochasticFast").param_index("period_dslow"), -1);
}

TEST(Stochastic, FastAndFullMatchPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py StochasticFast.percK
  // StochasticFast.percD StochasticFull.percDSlow: 100 * (c - LL14) / (HH14 - LL14) and its
  // SMA(3)s on data/backtrader/2006-day-001.txt (the slow Stochastic's values, upstream).
  const auto fast = testing::on_backtrader_daily("StochasticFast");
  EXPECT_EQ(testing::first_defined(fast[0]), 13U);
  EXPECT_EQ(testing::first_defined(fast[1]), 15U);
  testing::expect_values_at(fast[0], {{13, 31.701391445188815},
                                      {14, 0.47117720680286224},
                                      {100, 29.14810314567297},
                                      {254, 83.54126679462543}});
  testing::expect_values_at(
      fast[1], {{15, 16.426662442465094}, {200, 98.9275429029749}, {254, 88.66762635956472}});
  const auto full = testing::on_backtrader_daily("StochasticFull");
  EXPECT_EQ(testing::first_defined(full[2]), 17U);
  testing::expect_values_at(full[2], {{17, 15.71005866434268},
                                      {18, 23.683941550424265},
                                      {100, 17.458964725116893},
                                      {254, 82.84585003496734}});
}

TEST(Stochastic, RejectsBadPeriods) {
  EXPECT_THAT([] { Stochastic(0); },
              ThrowsMessage<UserInputError>("Stochastic: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT(
      [] { Stochastic(14, 0); },
      ThrowsMessage<UserInputError>("Stochastic: parameter 'period_dfast' must be >= 1, got 0"));
  EXPECT_THAT([] { StochasticFull(14, 3, 0); },
              ThrowsMessage<UserInputError>(
                  "StochasticFull: parameter 'period_dslow' must be >= 1, got 0"));
  EXPECT_THAT([] { StochasticFast(14, -1); },
              ThrowsMessage<UserInputError>(
                  "StochasticFast: parameter 'period_dfast' must be >= 1, got -1"));
}

TEST(Stochastic, MatchesBacktradersOwnTest) {
  // backtrader tests/test_ind_stochasticfull.py: chkmin 18, chkvals at bars 254, 17 and halfway.
  const auto lines = testing::on_backtrader_daily("StochasticFull");
  testing::expect_upstream(lines[0], 18, {"83.541267", "36.818395", "41.769503"}, true);
  testing::expect_upstream(lines[1], 18, {"88.667626", "21.409626", "63.796187"}, true);
  testing::expect_upstream(lines[2], 18, {"82.845850", "15.710059", "77.642219"});
}

}  // namespace
}  // namespace qbt::indicators
