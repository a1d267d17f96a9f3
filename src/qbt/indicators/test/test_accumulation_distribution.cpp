#include "qbt/indicators/volume/accumulation_distribution.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "qbt/data/csv_reader.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/expect_series.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;

TEST(AccumulationDistribution, WeighsVolumeByTheClosesPlaceInTheRange) {
  // Bar 0: ((11-8) - (12-11)) / 4 * 100 = 50; bar 1 has no range: unchanged;
  // bar 2: ((10-10) - (20-10)) / 10 * 10 = -10.
  const std::vector<double> high{12, 10, 20};
  const std::vector<double> low{8, 10, 10};
  const std::vector<double> close{11, 10, 10};
  const std::vector<double> volume{100, 50, 10};
  std::vector<double> out(3);
  accumulation_distribution(high, low, close, volume, out);
  EXPECT_TRUE(series_near(out, {50, 50, 40}));
  AccumulationDistribution state;
  EXPECT_TRUE(std::isnan(state.update(k_nan, 1, 1, 1)));  // leading: skipped
  EXPECT_EQ(state.update(12, 8, 11, 100), 50.0);
  EXPECT_TRUE(std::isnan(state.update(12, k_nan, 11, 100)));
  EXPECT_TRUE(std::isnan(state.update(12, 8, 11, 100)));
}

TEST(AccumulationDistribution, MatchesTaLibDefinitionOnRealData) {
  // Reference values: Python 3, the TA-Lib recurrence (plain double sums, as TA-Lib) over
  // data/backtestingpy/GOOG.csv.
  const data::BarFrame bars =
      data::read_csv(qbt::testing::source_path("data/backtestingpy/GOOG.csv")).frame;
  std::vector<double> out(bars.size());
  accumulation_distribution(bars.high(), bars.low(), bars.close(), bars.volume(), out);
  EXPECT_NEAR(out[0], 1821265.9259259538, 1e-6);
  EXPECT_NEAR(out[14], -851417.5116094258, 1e-6);
  EXPECT_NEAR(out[100], -48436945.24398572, 1e-6);
  EXPECT_NEAR(out[2147], 138653291.54079202, 1e-6);
}

TEST(AccumulationDistribution, Registration) {
  const Indicator& indicator = builtin_indicators().at("AD");
  EXPECT_EQ(indicator.name(), "AccumulationDistribution");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 0);
  EXPECT_EQ(indicator.outputs(), (std::vector<std::string>{"ad"}));
}

}  // namespace
}  // namespace qbt::indicators
