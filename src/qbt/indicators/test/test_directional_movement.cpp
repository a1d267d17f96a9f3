#include "qbt/indicators/trend/directional_movement.hpp"

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

const std::vector<double> k_high{10, 12, 11, 13, 14, 13};
const std::vector<double> k_low{8, 9, 7, 8, 11, 10};
const std::vector<double> k_close{9, 11, 8, 12, 13, 11};
// By hand, from bar 1: upmove 2, -1, 2, 1, -1; downmove -1, 2, -1, -3, 1
//   +DM 2, 0, 2, 1, 0;  -DM 0, 2, 0, 0, 1;  TR 3, 4, 5, 3, 3.
// Period 2 (Wilder: seed = mean of two, then y/2 + x/2):
//   ATR  bar 2..5: 3.5, 4.25, 3.625, 3.3125
//   +DMa bar 2..5: 1, 1.5, 1.25, 0.625;   -DMa: 1, 0.5, 0.25, 0.625
//   +DI = 100 +DMa / ATR, -DI likewise; DX bar 2..5: 0, 1/2, 2/3, 0
//   ADX = 100 * Wilder(DX): bar 3 = 100 * (0 + 1/2) / 2 = 25, bar 4 = 100 * (0.25/2 + (2/3)/2),
//   bar 5 = ADX4 / 2;  ADXR bar 5 = (ADX5 + ADX3) / 2.
const std::vector<double> k_plus_di{k_nan, k_nan, 100.0 / 3.5, 150.0 / 4.25, 125.0 / 3.625,
                                    62.5 / 3.3125};
const std::vector<double> k_minus_di{k_nan, k_nan, 100.0 / 3.5, 50.0 / 4.25, 25.0 / 3.625,
                                     62.5 / 3.3125};
constexpr double k_adx4 = 100.0 * (0.125 + 1.0 / 3.0);
const std::vector<double> k_adx{k_nan, k_nan, k_nan, 25.0, k_adx4, k_adx4 / 2.0};
const std::vector<double> k_adxr{k_nan, k_nan, k_nan, k_nan, k_nan, (k_adx4 / 2.0 + 25.0) / 2.0};

struct Series {
  std::vector<double> adx, adxr, plus_di, minus_di;
};

Series stream_all(DirectionalMovement state, const std::vector<double>& high,
                  const std::vector<double>& low, const std::vector<double>& close) {
  Series out;
  for (std::size_t i = 0; i < close.size(); ++i) {
    const DirectionalLines lines = state.update(high[i], low[i], close[i]);
    out.adx.push_back(lines.adx);
    out.adxr.push_back(lines.adxr);
    out.plus_di.push_back(lines.plus_di);
    out.minus_di.push_back(lines.minus_di);
  }
  return out;
}

TEST(DirectionalMovement, HandComputedLinesStreaming) {
  const Series s = stream_all(DirectionalMovement(2), k_high, k_low, k_close);
  EXPECT_TRUE(series_near(s.plus_di, k_plus_di, 1e-9));
  EXPECT_TRUE(series_near(s.minus_di, k_minus_di, 1e-9));
  EXPECT_TRUE(series_near(s.adx, k_adx, 1e-9));
  EXPECT_TRUE(series_near(s.adxr, k_adxr, 1e-9));
}

TEST(DirectionalMovement, BatchWritesOnlyTheRequestedLines) {
  const std::size_t n = k_close.size();
  std::vector<double> adx(n);
  std::vector<double> minus_di(n);
  directional_movement(k_high, k_low, k_close, 2, {.adx = adx, .minus_di = minus_di});
  EXPECT_TRUE(series_near(adx, k_adx, 1e-9));
  EXPECT_TRUE(series_near(minus_di, k_minus_di, 1e-9));
}

TEST(DirectionalMovement, EveryRegisteredVariantReadsItsLines) {
  std::vector<std::span<const double>> inputs{k_high, k_low, k_close};
  const auto lines_of = [&](const char* name) {
    const Indicator& indicator = builtin_indicators().at(name);
    return indicator.compute(indicator.resolve({{"period", 2}}), inputs);
  };
  const auto as_vector = [](const AlignedVector<double>& v) {
    return std::vector<double>(v.begin(), v.end());
  };
  const LineColumns di = lines_of("DirectionalIndicator");
  EXPECT_TRUE(series_near(as_vector(di[0]), k_plus_di, 1e-9));
  EXPECT_TRUE(series_near(as_vector(di[1]), k_minus_di, 1e-9));
  EXPECT_TRUE(series_near(as_vector(lines_of("+DI")[0]), k_plus_di, 1e-9));
  EXPECT_TRUE(series_near(as_vector(lines_of("MinusDirectionalIndicator")[0]), k_minus_di, 1e-9));
  EXPECT_TRUE(series_near(as_vector(lines_of("AverageDirectionalMovementIndex")[0]), k_adx, 1e-9));
  const LineColumns adxr = lines_of("ADXR");
  EXPECT_TRUE(series_near(as_vector(adxr[0]), k_adx, 1e-9));
  EXPECT_TRUE(series_near(as_vector(adxr[1]), k_adxr, 1e-9));
  const LineColumns dmi = lines_of("DMI");
  EXPECT_TRUE(series_near(as_vector(dmi[0]), k_adx, 1e-9));
  EXPECT_TRUE(series_near(as_vector(dmi[1]), k_plus_di, 1e-9));
  EXPECT_TRUE(series_near(as_vector(dmi[2]), k_minus_di, 1e-9));
  const LineColumns dm = lines_of("DirectionalMovement");
  EXPECT_TRUE(series_near(as_vector(dm[1]), k_adxr, 1e-9));
}

TEST(DirectionalMovement, LineNamesAreBacktraders) {
  const auto outputs = [](const char* name) { return builtin_indicators().at(name).outputs(); };
  using V = std::vector<std::string>;
  EXPECT_EQ(outputs("DI"), (V{"plusDI", "minusDI"}));
  EXPECT_EQ(outputs("PlusDI"), (V{"plusDI"}));
  EXPECT_EQ(outputs("MinusDI"), (V{"minusDI"}));
  EXPECT_EQ(outputs("ADX"), (V{"adx"}));
  EXPECT_EQ(outputs("ADXR"), (V{"adx", "adxr"}));
  EXPECT_EQ(outputs("DMI"), (V{"adx", "plusDI", "minusDI"}));
  EXPECT_EQ(outputs("DM"), (V{"adx", "adxr", "plusDI", "minusDI"}));
}

TEST(DirectionalMovement, LookbacksAreBacktradersMinimumPeriodsMinusOne) {
  // backtrader, period 14: +DI/-DI from bar 15, ADX from 28, ADXR from 42 (ind_dm).
  EXPECT_EQ(directional_indicator_lookback(14), 14);
  EXPECT_EQ(adx_lookback(14), 27);
  EXPECT_EQ(adxr_lookback(14), 41);
  const auto lookback = [](const char* name) {
    const Indicator& indicator = builtin_indicators().at(name);
    return indicator.lookback(indicator.defaults());
  };
  EXPECT_EQ(lookback("DI"), 14);
  EXPECT_EQ(lookback("-DI"), 14);
  EXPECT_EQ(lookback("ADX"), 27);
  EXPECT_EQ(lookback("DMI"), 27);
  EXPECT_EQ(lookback("ADXR"), 41);
  EXPECT_EQ(lookback("DM"), 41);
}

TEST(DirectionalMovement, LeadingNansDelayEveryLine) {
  std::vector<double> high{k_nan, k_nan};
  std::vector<double> low{k_nan, k_nan};
  std::vector<double> close{k_nan, k_nan};
  high.insert(high.end(), k_high.begin(), k_high.end());
  low.insert(low.end(), k_low.begin(), k_low.end());
  close.insert(close.end(), k_close.begin(), k_close.end());
  const Series s = stream_all(DirectionalMovement(2), high, low, close);
  std::vector<double> expected{k_nan, k_nan};
  expected.insert(expected.end(), k_adx.begin(), k_adx.end());
  EXPECT_TRUE(series_near(s.adx, expected, 1e-9));
}

TEST(DirectionalMovement, NanAfterTheWarmupStaysNan) {
  std::vector<double> high = k_high;
  high[3] = k_nan;
  const Series s = stream_all(DirectionalMovement(2), high, k_low, k_close);
  EXPECT_FALSE(std::isnan(s.plus_di[2]));
  for (std::size_t i = 3; i < high.size(); ++i) {
    EXPECT_TRUE(std::isnan(s.plus_di[i])) << i;
    EXPECT_TRUE(std::isnan(s.adx[i])) << i;
  }
}

TEST(DirectionalMovement, RejectsBadPeriods) {
  EXPECT_THAT([] { DirectionalMovement(0); },
              ThrowsMessage<UserInputError>("DM: parameter 'period' must be >= 1, got 0"));
  const Indicator& adx = builtin_indicators().at("ADX");
  EXPECT_THAT([&] { (void)adx.resolve({{"period", 0}}); },
              ThrowsMessage<UserInputError>("ADX: parameter 'period' must be >= 1, got 0"));
  std::vector<double> out(k_close.size());
  EXPECT_THROW(directional_movement(k_high, k_low, k_close, -3, {.adx = out}), UserInputError);
}

}  // namespace
}  // namespace qbt::indicators
