#include "qbt/indicators/volume/mfi.hpp"

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

// high = low = close, so the typical price is exact: 10, 12, 11, 13, 13 with volumes 1..5;
// flows 24 (up), 33 (down), 52 (up), 65 (flat: neither).
const std::vector<double> k_price{10, 12, 11, 13, 13};
const std::vector<double> k_volume{1, 2, 3, 4, 5};

TEST(Mfi, VolumeWeightedRsiOfTheTypicalPrice) {
  // Period 2: bar 2: 100 - 100 / (1 + 24/33) = 100 * 24/57; bar 3: 100 * 52/85; bar 4: no down
  // flow, so backtrader's ratio is 100: 100 - 100/101.
  const std::vector<double> expected{k_nan, k_nan, 100.0 * 24.0 / 57.0, 100.0 * 52.0 / 85.0,
                                     100.0 - 100.0 / 101.0};
  std::vector<double> out(k_price.size());
  mfi(k_price, k_price, k_price, k_volume, 2, out);
  EXPECT_TRUE(series_near(out, expected, 1e-12));
  Mfi state(2);
  std::vector<double> streamed;
  for (std::size_t i = 0; i < k_price.size(); ++i) {
    streamed.push_back(state.update(k_price[i], k_price[i], k_price[i], k_volume[i]));
  }
  EXPECT_TRUE(series_near(streamed, out, 0.0));
}

TEST(Mfi, MatchesTheRecipeOnRealData) {
  // Reference values: Python 3, the backtrader recipe's formula (mfi.hpp) with math.fsum over
  // each 14-bar window of data/backtestingpy/GOOG.csv.
  const data::BarFrame bars =
      data::read_csv(qbt::testing::source_path("data/backtestingpy/GOOG.csv")).frame;
  std::vector<double> out(bars.size());
  mfi(bars.high(), bars.low(), bars.close(), bars.volume(), 14, out);
  EXPECT_TRUE(std::isnan(out[13]));
  EXPECT_NEAR(out[14], 47.99778047385005, 1e-10);
  EXPECT_NEAR(out[100], 55.81473478372691, 1e-10);
  EXPECT_NEAR(out[2147], 59.51495997834101, 1e-10);
}

TEST(Mfi, LookbackAndErrors) {
  EXPECT_EQ(mfi_lookback(14), 14);
  const Indicator& indicator = builtin_indicators().at("MoneyFlowIndicator");
  EXPECT_EQ(indicator.name(), "MFI");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 14);
  EXPECT_THAT([] { Mfi(0); },
              ThrowsMessage<UserInputError>("MFI: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
