#include "qbt/indicators/trend/fractal.hpp"

#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/expect_series.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

const std::vector<double> k_high{1, 2, 5, 3, 2, 4, 4, 1, 0};
const std::vector<double> k_low{5, 4, 1, 3, 4, 1, 6, 7, 8};
// Windows of 5, candidate at position 2, marks 50% away (bardist 0.5):
// highs [1,2,5,3,2] -> 5 * 1.5 at bar 4; [3,2,4,4,1] -> first 4 is at position 2: 6 at bar 7;
// [2,4,4,1,0] -> first 4 at position 1: none. Lows [5,4,1,3,4] -> 0.5 at bar 4; [3,4,1,6,7] ->
// 0.5 at bar 7; [4,1,3,4,1] -> first 1 at position 1: none.
const FractalParams k_params{.period = 5, .bardist = 0.5, .shift_to_potential_fractal = 2};

TEST(Fractal, MarksAConfirmedTurningPointAtTheBarThatConfirmsIt) {
  std::vector<double> bearish(k_high.size());
  std::vector<double> bullish(k_high.size());
  fractal(k_high, k_low, k_params, bearish, bullish);
  EXPECT_TRUE(series_near(bearish, {k_nan, k_nan, k_nan, k_nan, 7.5, k_nan, k_nan, 6, k_nan}));
  EXPECT_TRUE(series_near(bullish, {k_nan, k_nan, k_nan, k_nan, 0.5, k_nan, k_nan, 0.5, k_nan}));
  Fractal state(k_params);
  for (std::size_t i = 0; i < k_high.size(); ++i) {
    const FractalLines lines = state.update(k_high[i], k_low[i]);
    EXPECT_TRUE(series_near(std::vector<double>{lines.fractal_bearish},
                            std::vector<double>{bearish[i]}, 0.0));
    EXPECT_TRUE(series_near(std::vector<double>{lines.fractal_bullish},
                            std::vector<double>{bullish[i]}, 0.0));
  }
}

TEST(Fractal, CandidateAtEitherEnd) {
  // shift 0: the oldest bar must beat every later one (ties with later bars allowed).
  std::vector<double> bearish(5);
  std::vector<double> bullish(5);
  fractal(std::vector<double>{3, 1, 3, 2, 0}, std::vector<double>{1, 1, 1, 1, 1},
          {.period = 3, .bardist = 0.0, .shift_to_potential_fractal = 0}, bearish, bullish);
  EXPECT_TRUE(series_near(bearish, {k_nan, k_nan, 3, k_nan, 3}));
  // lows all equal: the first of the window is always the oldest, so shift 0 always marks.
  EXPECT_TRUE(series_near(bullish, {k_nan, k_nan, 1, 1, 1}));
  // shift period-1: the newest bar must be strictly beyond every older one.
  fractal(std::vector<double>{1, 2, 2, 3, 0}, std::vector<double>{1, 1, 1, 1, 1},
          {.period = 3, .bardist = 0.0, .shift_to_potential_fractal = 2}, bearish, bullish);
  EXPECT_TRUE(series_near(bearish, {k_nan, k_nan, k_nan, 3, k_nan}));
  EXPECT_TRUE(series_near(bullish, {k_nan, k_nan, k_nan, k_nan, k_nan}));
}

TEST(Fractal, NanInTheWindowGivesNoMark) {
  std::vector<double> high = k_high;
  high[0] = k_nan;
  std::vector<double> bearish(high.size());
  std::vector<double> bullish(high.size());
  fractal(high, k_low, k_params, bearish, bullish);
  EXPECT_TRUE(std::isnan(bearish[4]));
  EXPECT_EQ(bearish[7], 6.0);
  EXPECT_EQ(bullish[4], 0.5);
}

TEST(Fractal, MatchesTheDefinitionOnRealData) {
  // Reference values: Python 3, list.index(max(window)) == 2 over every 5-bar window of
  // data/backtrader/2006-day-001.txt (defaults, bardist 0.015): 36 bearish and 34 bullish
  // fractals; the first ones confirmed at bars 7 and 8, the last at 248 and 253.
  const data::BarFrame bars =
      data::read_csv(qbt::testing::source_path("data/backtrader/2006-day-001.txt")).frame;
  std::vector<double> bearish(bars.size());
  std::vector<double> bullish(bars.size());
  fractal(bars.high(), bars.low(), {}, bearish, bullish);
  const auto count = [](const std::vector<double>& v) {
    return std::count_if(v.begin(), v.end(), [](double x) { return !std::isnan(x); });
  };
  EXPECT_EQ(count(bearish), 36);
  EXPECT_EQ(count(bullish), 34);
  EXPECT_NEAR(bearish[7], 3741.2798499999994, 1e-9);
  EXPECT_NEAR(bearish[248], 4209.5907, 1e-9);
  EXPECT_NEAR(bullish[8], 3584.18845, 1e-9);
  EXPECT_NEAR(bullish[253], 4011.5307, 1e-9);
}

TEST(Fractal, RegistrationLookbackAndErrors) {
  const Indicator& indicator = builtin_indicators().at("Fractal");
  EXPECT_TRUE(indicator.nan_after_warmup());
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 4);
  EXPECT_EQ(indicator.outputs(), (std::vector<std::string>{"fractal_bearish", "fractal_bullish"}));
  EXPECT_THAT([&] { (void)indicator.resolve({{"shift_to_potential_fractal", 5}}); },
              ThrowsMessage<UserInputError>("Fractal: parameter 'shift_to_potential_fractal' "
                                            "must be < 'period' (5), got 5"));
  EXPECT_THAT([] { Fractal({.period = 0}); },
              ThrowsMessage<UserInputError>("Fractal: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([] { Fractal({.bardist = -0.1}); },
              ThrowsMessage<UserInputError>("Fractal: parameter 'bardist' must be >= 0, got -0.1"));
}

}  // namespace
}  // namespace qbt::indicators
