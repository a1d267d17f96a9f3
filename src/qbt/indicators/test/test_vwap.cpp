#include "qbt/indicators/volume/vwap.hpp"

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

// Typical prices 10, 12, 8 with volumes 100, 300, 100.
const std::vector<double> k_high{12, 15, 9};
const std::vector<double> k_low{8, 9, 6};
const std::vector<double> k_close{10, 12, 9};
const std::vector<double> k_volume{100, 300, 100};

std::vector<double> batch_vwap(std::int32_t period, const std::vector<double>& volume = k_volume) {
  std::vector<double> out(k_close.size());
  vwap(k_high, k_low, k_close, volume, period, out);
  return out;
}

TEST(Vwap, CumulativeFromTheFirstBar) {
  // 10; (1000 + 3600) / 400 = 11.5; (4600 + 800) / 500 = 10.8.
  EXPECT_TRUE(series_near(batch_vwap(0), {10, 11.5, 10.8}));
  Vwap state;
  EXPECT_EQ(state.update(12, 8, 10, 100), 10.0);
  EXPECT_EQ(state.update(15, 9, 12, 300), 11.5);
}

TEST(Vwap, RollingOverPeriodBars) {
  // (1000 + 3600) / 400 = 11.5; (3600 + 800) / 400 = 11.
  EXPECT_TRUE(series_near(batch_vwap(2), {k_nan, 11.5, 11}));
}

TEST(Vwap, NoVolumeIsNan) {
  EXPECT_TRUE(series_near(batch_vwap(0, {0, 0, 100}), {k_nan, k_nan, 8}));
}

TEST(Vwap, NanAfterTheStartSticksWhenCumulative) {
  Vwap state;
  EXPECT_TRUE(std::isnan(state.update(k_nan, 8, 10, 100)));  // leading: skipped
  EXPECT_EQ(state.update(12, 8, 10, 100), 10.0);
  EXPECT_TRUE(std::isnan(state.update(15, 9, 12, k_nan)));
  EXPECT_TRUE(std::isnan(state.update(15, 9, 12, 300)));
}

TEST(Vwap, MatchesTheDefinitionOnRealData) {
  // Reference values: Python 3, math.fsum(tp * v) / math.fsum(v) with tp = (h + l + c) / 3 over
  // data/backtestingpy/GOOG.csv, cumulative and over 20 bars.
  const data::BarFrame bars =
      data::read_csv(qbt::testing::source_path("data/backtestingpy/GOOG.csv")).frame;
  std::vector<double> cumulative(bars.size());
  std::vector<double> rolling(bars.size());
  vwap(bars.high(), bars.low(), bars.close(), bars.volume(), 0, cumulative);
  vwap(bars.high(), bars.low(), bars.close(), bars.volume(), 20, rolling);
  EXPECT_NEAR(cumulative[0], 100.12, 1e-12);
  EXPECT_NEAR(cumulative[1], 102.09691328823827, 1e-11);
  EXPECT_NEAR(cumulative[100], 163.53898987317027, 1e-11);
  EXPECT_NEAR(cumulative[2147], 417.19788963279154, 1e-10);
  EXPECT_TRUE(std::isnan(rolling[18]));
  EXPECT_NEAR(rolling[100], 189.53576071408222, 1e-11);
  EXPECT_NEAR(rolling[2147], 786.3738051531086, 1e-10);
}

TEST(Vwap, LookbackAndErrors) {
  EXPECT_EQ(vwap_lookback(0), 0);
  EXPECT_EQ(vwap_lookback(20), 19);
  const Indicator& indicator = builtin_indicators().at("vwap");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 0);
  EXPECT_THAT([] { Vwap(-1); },
              ThrowsMessage<UserInputError>("VWAP: parameter 'period' must be >= 0, got -1"));
  EXPECT_THAT([&] { (void)indicator.resolve({{"period", -2}}); },
              ThrowsMessage<UserInputError>("VWAP: parameter 'period' must be >= 0, got -2"));
}

}  // namespace
}  // namespace qbt::indicators
