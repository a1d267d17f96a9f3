#include "qbt/indicators/trend/aroon.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

// Period 2: windows of 3 bars, 50 points per bar of distance.
const std::vector<double> k_high{1, 3, 2, 3, 1, 0};
const std::vector<double> k_low{5, 4, 6, 3, 3, 7};
// Highs: [1,3,2] max 1 bar ago -> 50; [3,2,3] tie, the newest counts (0 ago) -> 100;
// [2,3,1] -> 50; [3,1,0] 2 ago -> 0.
const std::vector<double> k_up{k_nan, k_nan, 50, 100, 50, 0};
// Lows: [5,4,6] -> 50; [4,6,3] -> 100; [6,3,3] tie, newest -> 100; [3,3,7] newest 3 is 1 ago -> 50.
const std::vector<double> k_down{k_nan, k_nan, 50, 100, 100, 50};
const std::vector<double> k_osc{k_nan, k_nan, 0, 0, -50, -50};

TEST(Aroon, UpAndDownCountBarsSinceTheNewestExtreme) {
  EXPECT_TRUE(series_near(testing::stream_all(AroonUp(2), k_high), k_up));
  EXPECT_TRUE(series_near(testing::stream_all(AroonDown(2), k_low), k_down));
  std::vector<double> up(k_high.size());
  std::vector<double> down(k_low.size());
  aroon_up(k_high, 2, up);
  aroon_down(k_low, 2, down);
  EXPECT_TRUE(series_near(up, k_up));
  EXPECT_TRUE(series_near(down, k_down));
}

TEST(Aroon, CombinedStatesAndBatch) {
  AroonUpDownOscillator all(2);
  AroonOscillator osc(2);
  std::vector<double> up;
  std::vector<double> down;
  std::vector<double> diff;
  std::vector<double> osc_only;
  for (std::size_t i = 0; i < k_high.size(); ++i) {
    const AroonOscillatorLines lines = all.update(k_high[i], k_low[i]);
    up.push_back(lines.aroonup);
    down.push_back(lines.aroondown);
    diff.push_back(lines.aroonosc);
    osc_only.push_back(osc.update(k_high[i], k_low[i]));
  }
  EXPECT_TRUE(series_near(up, k_up));
  EXPECT_TRUE(series_near(down, k_down));
  EXPECT_TRUE(series_near(diff, k_osc));
  EXPECT_TRUE(series_near(osc_only, k_osc));
  std::vector<double> batch_osc(k_high.size());
  aroon(k_high, k_low, 2, {}, {}, batch_osc);
  EXPECT_TRUE(series_near(batch_osc, k_osc));
}

TEST(Aroon, PeriodOneLooksAtTwoBars) {
  EXPECT_TRUE(series_near(testing::stream_all(AroonUp(1), std::vector<double>{1, 2, 1, 1}),
                          {k_nan, 100, 0, 100}));
}

TEST(Aroon, NanInsideTheWindowBlanksItUntilItLeaves) {
  std::vector<double> high = k_high;
  high[2] = k_nan;
  // windows ending at bars 2, 3 and 4 hold the NaN; bar 5's window [3,1,0] does not.
  EXPECT_TRUE(series_near(testing::stream_all(AroonUp(2), high), {k_nan, k_nan, k_nan, k_nan, k_nan, 0}));
}

TEST(Aroon, RegistersBacktradersFiveIndicators) {
  using V = std::vector<std::string>;
  const auto& registry = builtin_indicators();
  EXPECT_EQ(registry.at("AroonUp").outputs(), (V{"aroonup"}));
  EXPECT_EQ(registry.at("AroonDown").outputs(), (V{"aroondown"}));
  EXPECT_EQ(registry.at("AroonIndicator").outputs(), (V{"aroonup", "aroondown"}));
  EXPECT_EQ(registry.at("AroonOsc").outputs(), (V{"aroonosc"}));
  EXPECT_EQ(registry.at("AroonUpDownOsc").outputs(), (V{"aroonup", "aroondown", "aroonosc"}));
  EXPECT_EQ(registry.at("AroonUpDown").name(), "AroonUpDown");
  const Indicator& indicator = registry.at("AroonUpDownOscillator");
  const std::vector<std::span<const double>> inputs{k_high, k_low};
  const LineColumns lines = indicator.compute(indicator.resolve({{"period", 2}}), inputs);
  EXPECT_TRUE(series_near(std::vector<double>(lines[2].begin(), lines[2].end()), k_osc));
}

TEST(Aroon, LookbackIsPeriod) {
  EXPECT_EQ(aroon_lookback(14), 14);  // backtrader's minimum period is 15 (ind_aroonupdown)
  const Indicator& indicator = builtin_indicators().at("AroonUpDown");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 14);
}

TEST(Aroon, RejectsBadPeriods) {
  EXPECT_THAT([] { AroonUp(0); },
              ThrowsMessage<UserInputError>("AroonUp: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT([] { AroonUpDown(-1); },
              ThrowsMessage<UserInputError>("AroonUpDown: parameter 'period' must be >= 1, got -1"));
  const Indicator& osc = builtin_indicators().at("AroonOscillator");
  EXPECT_THAT([&] { (void)osc.resolve({{"period", 0}}); },
              ThrowsMessage<UserInputError>(
                  "AroonOscillator: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
