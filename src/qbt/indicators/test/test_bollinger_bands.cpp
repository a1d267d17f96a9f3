#include "qbt/indicators/volatility/bollinger_bands.hpp"

#include <cmath>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

// Windows of 3 over {1, 2, 3, 6}: {1, 2, 3} has mean 2 and population deviation sqrt(2/3);
// {2, 3, 6} has mean 11/3 and deviation sqrt(26)/3 (variance 49/3 - 121/9 = 26/9).
const std::vector<double> k_in{1, 2, 3, 6};
const double k_sd1 = std::sqrt(2.0 / 3.0);
const double k_sd2 = std::sqrt(26.0) / 3.0;

TEST(BollingerBands, MeanPlusMinusDevfactorDeviations) {
  std::vector<double> mid(4);
  std::vector<double> top(4);
  std::vector<double> bot(4);
  bollinger_bands(k_in, 3, 2.0, mid, top, bot);
  EXPECT_TRUE(series_near(mid, {k_nan, k_nan, 2.0, 11.0 / 3.0}));
  EXPECT_TRUE(series_near(top, {k_nan, k_nan, 2.0 + 2 * k_sd1, 11.0 / 3.0 + 2 * k_sd2}));
  EXPECT_TRUE(series_near(bot, {k_nan, k_nan, 2.0 - 2 * k_sd1, 11.0 / 3.0 - 2 * k_sd2}));
  // Independent decimal values (Python): 3.632993161855452, 7.066013009061856, ...
  EXPECT_NEAR(top[2], 3.632993161855452, 1e-12);
  EXPECT_NEAR(bot[3], 0.267320324271477, 1e-12);

  BollingerBands state(3, 2.0);
  for (std::size_t i = 0; i < k_in.size(); ++i) {
    const BollingerLines lines = state.update(k_in[i]);
    EXPECT_TRUE(series_near(std::vector<double>{lines.mid, lines.top, lines.bot},
                            {mid[i], top[i], bot[i]}, 0.0))
        << "row " << i;
  }
}

TEST(BollingerBands, PercentBPlacesTheValueBetweenTheBands) {
  // %B = (x - bot) / (top - bot) = 1/2 + (x - mid) / (2 * devfactor * sd).
  std::vector<double> mid(4);
  std::vector<double> top(4);
  std::vector<double> bot(4);
  std::vector<double> pctb(4);
  bollinger_bands_pct(k_in, 3, 2.0, mid, top, bot, pctb);
  EXPECT_TRUE(series_near(pctb, {k_nan, k_nan, 0.5 + 1.0 / (4 * k_sd1),
                                 0.5 + (6.0 - 11.0 / 3.0) / (4 * k_sd2)}));
  EXPECT_NEAR(pctb[2], 0.8061862178478972, 1e-12);
  EXPECT_NEAR(pctb[3], 0.8432032364918222, 1e-12);
  BollingerBandsPct state(3, 2.0);
  (void)state.update(1);
  (void)state.update(2);
  EXPECT_NEAR(state.update(3).pctb, pctb[2], 1e-15);
}

TEST(BollingerBands, ZeroDevfactorCollapsesTheBandsAndPercentBIsUndefined) {
  std::vector<double> mid(4);
  std::vector<double> top(4);
  std::vector<double> bot(4);
  std::vector<double> pctb(4);
  bollinger_bands_pct(k_in, 3, 0.0, mid, top, bot, pctb);
  EXPECT_EQ(top[3], mid[3]);
  EXPECT_EQ(bot[3], mid[3]);
  EXPECT_TRUE(std::isinf(pctb[3]));  // (6 - 11/3) / 0
}

TEST(BollingerBands, MatchesBacktraderOnItsTestData) {
  // backtrader's test_ind_bbands.py values are checked by tests/reference; here the %B line,
  // from Python on the same closes: (c - bot) / (top - bot) with BBands(20, 2).
  const auto lines = testing::on_backtrader_daily("BollingerBandsPct");
  testing::expect_values_at(lines[3], {{19, 0.8539543301661082},
                                       {100, 0.2612542500141317},
                                       {254, 0.7164000462149889}},
                            1e-9);
  testing::expect_values_at(lines[0], {{19, 3621.185}, {254, 4065.884}}, 1e-12);
  EXPECT_EQ(testing::first_defined(lines[3]), 19U);
}

TEST(BollingerBands, NamesLinesAndLookback) {
  const Indicator& bbands = builtin_indicators().at("BollingerBands");
  EXPECT_EQ(bbands.name(), "BBands");
  EXPECT_EQ(bbands.outputs(), (std::vector<std::string>{"mid", "top", "bot"}));
  EXPECT_EQ(bbands.lookback(bbands.defaults()), 19);
  const Indicator& pct = builtin_indicators().at("BollingerBandsPct");
  EXPECT_EQ(pct.outputs(), (std::vector<std::string>{"mid", "top", "bot", "pctb"}));
  EXPECT_EQ(pct.defaults().to_string(), "BollingerBandsPct(period=20, devfactor=2)");
}

TEST(BollingerBands, RejectsBadParameters) {
  EXPECT_THAT([] { BollingerBands(0, 2.0); },
              ThrowsMessage<UserInputError>("BBands: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([] { BollingerBands(20, -1.0); },
              ThrowsMessage<UserInputError>("BBands: parameter 'devfactor' must be >= 0, got -1"));
  EXPECT_THAT(
      [] { BollingerBandsPct(20, -0.5); },
      ThrowsMessage<UserInputError>(
          "BollingerBandsPct: parameter 'devfactor' must be >= 0, got -0.5"));
  const Indicator& bbands = builtin_indicators().at("BBands");
  EXPECT_THAT([&] { (void)bbands.resolve({{"devfactor", -1}}); },
              ThrowsMessage<UserInputError>("BBands: parameter 'devfactor' must be >= 0, got -1"));
}

}  // namespace
}  // namespace qbt::indicators
