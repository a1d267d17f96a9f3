#include "qbt/indicators/trend/ma_oscillator.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;

TEST(MaOscillator, InputMinusItsAverage) {
  // SMA(2) of 1, 2, 4, 8 is NaN, 1.5, 3, 6: the oscillator is NaN, 0.5, 1, 2.
  const std::vector<double> in{1, 2, 4, 8};
  const std::vector<double> expected{k_nan, 0.5, 1, 2};
  SmaOscillator state(Sma(2));
  std::vector<double> streamed;
  for (const double x : in) {
    streamed.push_back(state.update(x));
  }
  EXPECT_TRUE(series_near(streamed, expected));
  const Indicator& indicator = builtin_indicators().at("SMAOsc");
  const auto lines = indicator.compute(indicator.resolve({{"period", 2}}),
                                       std::vector<std::span<const double>>{in});
  EXPECT_TRUE(series_near(std::vector<double>(lines[0].begin(), lines[0].end()), expected));
}

TEST(MaOscillator, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_oscillator.py (Oscillator on SMA(30) of the close, i.e. close -
  // SMA(30)), test_ind_smmaosc.py, test_ind_wmaosc.py, test_ind_demaosc.py,
  // test_ind_kamaosc.py.
  struct Upstream {
    const char* name;
    std::int32_t min_period;
    std::array<std::string_view, 3> values;
  };
  for (const Upstream& test : std::vector<Upstream>{
           {"SMAOscillator", 30, {"56.477000", "51.185333", "2.386667"}},
           {"SMMAOsc", 30, {"98.370275", "51.185333", "-59.347648"}},
           {"WMAOsc", 30, {"43.727634", "40.436366", "-19.148000"}},
           {"DEMAOsc", 59, {"4.376754", "7.292791", "9.371585"}},
           {"KAMAOsc", 31, {"65.752078", "78.911000", "39.950810"}},
       }) {
    SCOPED_TRACE(test.name);
    testing::expect_upstream(testing::on_backtrader_daily(test.name)[0], test.min_period,
                             test.values);
  }
}

TEST(MaOscillator, OnePerMovingAverageUnderBacktradersNames) {
  const auto& registry = builtin_indicators();
  for (const char* name :
       {"SMAOscillator", "SMAOsc", "MovingAverageSimpleOscillator", "MovingAverageSimpleOsc",
        "SimpleMovingAverageOscillator", "SimpleMovingAverageOsc", "EMAOscillator",
        "ExponentialMovingAverageOsc", "SMMAOsc", "WilderMAOscillator", "WMAOsc", "DEMAOsc",
        "TEMAOscillator", "KAMAOsc", "AdaptiveMovingAverageOscillator", "ZLEMAOsc",
        "ZeroLagEmaOscillator", "HMAOsc", "HullMAOscillator", "ZLIndicatorOscillator",
        "ZLIndOsc", "ECOsc", "ErrorCorrectingOscillator", "DMAOscillator", "DicksonMAOsc"}) {
    EXPECT_NE(registry.find(name), nullptr) << name;
  }
  // The line keeps the average's name, as in backtrader (plotted there as "<line>_osc").
  const Indicator& hma = registry.at("HullMovingAverageOscillator");
  EXPECT_EQ(hma.name(), "HMAOscillator");
  EXPECT_EQ(hma.outputs(), std::vector<std::string>{"hma"});
  EXPECT_EQ(hma.lookback(hma.defaults()), 33);
  const Indicator& dma = registry.at("DMAOsc");
  EXPECT_EQ(dma.defaults().to_string(), "DMAOscillator(period=30, gainlimit=50, hperiod=7)");
}

}  // namespace
}  // namespace qbt::indicators
