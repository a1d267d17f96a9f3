#include "qbt/indicators/volume/obv.hpp"

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

std::vector<double> batch_obv(const std::vector<double>& close, const std::vector<double>& volume) {
  std::vector<double> out(close.size());
  obv(close, volume, out);
  return out;
}

TEST(Obv, AddsVolumeOnUpClosesAndSubtractsOnDownCloses) {
  const std::vector<double> close{10, 11, 11, 9, 12};
  const std::vector<double> volume{100, 200, 300, 400, 500};
  // TA-Lib: starts at the first volume; +200, unchanged, -400, +500.
  const std::vector<double> expected{100, 300, 300, -100, 400};
  EXPECT_TRUE(series_near(batch_obv(close, volume), expected));
  Obv state;
  std::vector<double> streamed;
  for (std::size_t i = 0; i < close.size(); ++i) {
    streamed.push_back(state.update(close[i], volume[i]));
  }
  EXPECT_TRUE(series_near(streamed, expected));
}

TEST(Obv, LeadingNansDelayTheStartAndLaterNansStick) {
  EXPECT_TRUE(series_near(batch_obv({k_nan, 10, 11, 10}, {5, 100, 200, 50}),
                          {k_nan, 100, 300, 250}));
  EXPECT_TRUE(series_near(batch_obv({10, 11, k_nan, 12}, {100, 200, 300, 400}),
                          {100, 300, k_nan, k_nan}));
}

TEST(Obv, MatchesTaLibDefinitionOnRealData) {
  // Reference values: Python 3, the TA-Lib recurrence over data/backtestingpy/GOOG.csv (volumes
  // are whole numbers, so the sums are exact).
  const data::BarFrame bars =
      data::read_csv(qbt::testing::source_path("data/backtestingpy/GOOG.csv")).frame;
  std::vector<double> out(bars.size());
  obv(bars.close(), bars.volume(), out);
  EXPECT_EQ(out[0], 22351900.0);
  EXPECT_EQ(out[14], 48057000.0);
  EXPECT_EQ(out[100], 142635000.0);
  EXPECT_EQ(out[2147], 622611400.0);
}

TEST(Obv, Registration) {
  const Indicator& indicator = builtin_indicators().at("OnBalanceVolume");
  EXPECT_EQ(indicator.name(), "OBV");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 0);
  EXPECT_EQ(indicator.inputs(), (std::vector<Field>{Field::close, Field::volume}));
}

}  // namespace
}  // namespace qbt::indicators
