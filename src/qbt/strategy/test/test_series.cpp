#include "qbt/strategy/series.hpp"

#include <cstring>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/strategy/strategy_registry.hpp"

namespace qbt::strategy {
namespace {

using data::Field;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

data::BarFrame synthetic_bars(std::int64_t count) {
  data::SyntheticOptions options;
  options.bars = count;
  options.frequency = Frequency::days(1);
  options.seed = 7;
  return data::generate_bars(options);
}

/// Bitwise equality, so NaN matches NaN.
bool same_bits(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size_bytes()) == 0;
}

TEST(SeriesKey, IsCanonical) {
  const SeriesKey key = series_key("simplemovingaverage", {{"period", 5}}, "sma", {Field::close});
  EXPECT_EQ(key, (SeriesKey{"SMA", {5}, 0, {}}));
  EXPECT_EQ(series_key("SMA", {{"period", 5}}, "sma"), key);
  // Every parameter, defaults included, in spec order: RSI is (period, safediv, safehigh,
  // safelow, lookback).
  EXPECT_EQ(series_key("RSI", {}, "rsi").params, (std::vector<double>{14, 0, 100, 50, 1}));
  EXPECT_EQ(series_key("MACD", {}, "signal").line, 1);
  const SeriesKey highest = series_key("Highest", {{"period", 20}}, "highest", {Field::high});
  EXPECT_EQ(highest, (SeriesKey{"Highest", {20}, 0, {Field::high}}));
  EXPECT_NE(highest, series_key("Highest", {{"period", 20}}, "highest"));
}

TEST(SeriesKey, RejectsWhatTheIndicatorRejects) {
  EXPECT_THAT([] { (void)series_key("SMA", {{"period", 0}}, "sma"); },
              ThrowsMessage<UserInputError>("SMA: parameter 'period' must be >= 1, got 0"));
  EXPECT_THROW((void)series_key("SMA", {}, "ema"), InternalError);
  EXPECT_THROW((void)series_key("NoSuchIndicator", {}, "x"), InternalError);
}

TEST(ComputeSeries, MatchesTheIndicatorOnTheSameInputs) {
  const data::BarFrame bars = synthetic_bars(300);
  const auto& registry = indicators::builtin_indicators();
  AlignedVector<double> out(bars.size());

  compute_series(series_key("Highest", {{"period", 20}}, "highest", {Field::high}), bars, out);
  const indicators::Indicator& highest = registry.at("Highest");
  const std::vector<std::span<const double>> high{bars.high()};
  EXPECT_TRUE(same_bits(out, highest.compute(highest.resolve({{"period", 20}}), high)[0]));

  const indicators::Indicator& macd = registry.at("MACD");
  const auto lines = macd.compute(macd.resolve({{"period_me1", 5}}), bars);
  compute_series(series_key("MACD", {{"period_me1", 5}}, "signal"), bars, out);
  EXPECT_TRUE(same_bits(out, lines[1]));
  compute_series(series_key("MACD", {{"period_me1", 5}}, "macd"), bars, out);
  EXPECT_TRUE(same_bits(out, lines[0]));

  const indicators::Indicator& bbands = registry.at("BBands");
  const auto bands = bbands.compute(bbands.resolve({{"devfactor", 1.5}}), bars);
  compute_series(series_key("BBands", {{"devfactor", 1.5}}, "bot"), bars, out);
  EXPECT_TRUE(same_bits(out, bands[2]));
}

TEST(ComputeSeries, RejectsMalformedKeys) {
  const data::BarFrame bars = synthetic_bars(10);
  AlignedVector<double> out(bars.size());
  EXPECT_THAT([&] { compute_series({"SMA", {5, 1}, 0, {}}, bars, out); },
              ThrowsMessage<InternalError>(HasSubstr("has 2 parameters (needs 1)")));
  EXPECT_THROW(compute_series({"SMA", {5}, 1, {}}, bars, out), InternalError);
  EXPECT_THROW(compute_series({"SMA", {5}, 0, {Field::high, Field::low}}, bars, out),
               InternalError);
  EXPECT_THROW(compute_series({"SMA", {0}, 0, {}}, bars, out), UserInputError);
  EXPECT_THROW(compute_series({"SMA", {5}, 0, {}}, bars, std::span<double>(out).first(9)),
               InternalError);
}

TEST(ComputeSeries, EmptyBars) {
  const data::BarFrame bars;
  EXPECT_NO_THROW(compute_series(series_key("BBands", {}, "top"), bars, {}));
}

TEST(ComputeAllSeries, OneColumnPerKeyInOrder) {
  const data::BarFrame bars = synthetic_bars(200);
  const SignalStrategy& donchian = builtin_strategies().at("donchian_breakout");
  const ParamSet params = donchian.resolve({});
  std::vector<SeriesKey> keys;
  donchian.series(params, keys);
  const auto columns = compute_all_series(donchian, params, bars);
  ASSERT_EQ(columns.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    AlignedVector<double> expected(bars.size());
    compute_series(keys[i], bars, expected);
    EXPECT_TRUE(same_bits(columns[i], expected));
  }
}

TEST(SeriesBytes, WholeAlignedColumns) {
  EXPECT_EQ(series_bytes(0), 0U);
  EXPECT_EQ(series_bytes(1), 64U);
  EXPECT_EQ(series_bytes(8), 64U);
  EXPECT_EQ(series_bytes(9), 128U);
  EXPECT_EQ(series_bytes(1'000'000), 8'000'000U);
}

}  // namespace
}  // namespace qbt::strategy
