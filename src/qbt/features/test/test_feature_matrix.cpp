#include "qbt/features/feature_matrix.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/core/frequency.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/indicators/trend/ema.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/indicators/volatility/atr.hpp"

namespace qbt::features {
namespace {

using ::testing::ElementsAre;
using ::testing::ThrowsMessage;

data::BarFrame bars(std::int64_t rows, std::uint64_t seed, std::string symbol = "SYNTH") {
  data::SyntheticOptions options;
  options.bars = rows;
  options.frequency = Frequency::minutes(1);
  options.seed = seed;
  options.symbol = std::move(symbol);
  return data::generate_bars(options);
}

bool same_bits(std::span<const double> a, std::span<const double> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

const std::vector<FeatureSpec> k_specs{
    {.indicator = "sma", .params = {{"period", 30}}},
    {.indicator = "EMA", .params = {{"period", 10}}, .prefix = "fast"},
    {.indicator = "ATR"},
    {.indicator = "DM"},
    {.indicator = "SMA", .params = {{"period", 20}}, .input = data::Field::volume},
    {.indicator = "Ichimoku", .params = {{"tenkan", 5}}},
};

TEST(FeatureMatrix, NamesColumnsByIndicatorParamsAndLine) {
  const FeaturePlan plan(k_specs);
  EXPECT_THAT(plan.column_names(),
              ElementsAre("sma_30", "fast", "atr_14", "dm_14.adx", "dm_14.adxr", "dm_14.plusDI",
                          "dm_14.minusDI", "sma_20_volume", "ichimoku_5_26_52_26_26.tenkan_sen",
                          "ichimoku_5_26_52_26_26.kijun_sen",
                          "ichimoku_5_26_52_26_26.senkou_span_a",
                          "ichimoku_5_26_52_26_26.senkou_span_b",
                          "ichimoku_5_26_52_26_26.chikou_span"));
  EXPECT_EQ(plan.computations().size(), 6U);
  EXPECT_EQ(plan.lookback(), 77);  // Ichimoku's senkou_span_b
}

TEST(FeatureMatrix, ColumnsEqualTheTypedKernels) {
  const data::BarFrame frame = bars(5000, 7);
  const FeatureTable table = compute_features(frame, k_specs);
  ASSERT_EQ(table.rows(), frame.size());
  EXPECT_EQ(table.symbol(), "SYNTH");
  EXPECT_EQ(table.timestamps().data(), frame.timestamps().data()) << "shared, not copied";
  std::vector<double> expected(frame.size());
  indicators::sma(frame.close(), 30, expected);
  EXPECT_TRUE(same_bits(table.column("sma_30"), expected));
  indicators::ema(frame.close(), 10, expected);
  EXPECT_TRUE(same_bits(table.column("fast"), expected));
  indicators::atr(frame.high(), frame.low(), frame.close(), 14, expected);
  EXPECT_TRUE(same_bits(table.column("atr_14"), expected));
  indicators::sma(frame.volume(), 20, expected);
  EXPECT_TRUE(same_bits(table.column("sma_20_volume"), expected));
  for (std::size_t c = 0; c < table.column_count(); ++c) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(table.column(c).data()) % 64, 0U) << c;
  }
}

TEST(FeatureMatrix, ComputesIdenticalRequestsOnce) {
  const std::vector<FeatureSpec> specs{
      {.indicator = "SMA", .params = {{"period", 30}}},
      {.indicator = "SimpleMovingAverage", .params = {{"period", 30}}},      // same column
      {.indicator = "sma", .params = {{"period", 30}}, .prefix = "trend"},   // same work
      {.indicator = "SMA", .params = {{"period", 30}}, .input = data::Field::close},  // default
      {.indicator = "SMA"},  // period 30 is the default
  };
  const FeaturePlan plan(specs);
  EXPECT_EQ(plan.computations().size(), 1U);
  EXPECT_THAT(plan.column_names(), ElementsAre("sma_30", "trend"));
  const FeatureTable table = compute_features(bars(100, 1), plan);
  EXPECT_EQ(table.column("sma_30").data(), table.column("trend").data());
}

TEST(FeatureMatrix, BitIdenticalWhateverTheThreadCount) {
  const std::vector<data::BarFrame> symbols{bars(20000, 1, "A"), bars(15000, 2, "B"),
                                            bars(10, 3, "C"), bars(0, 4, "D")};
  const FeaturePlan plan(k_specs);
  const auto one = compute_features(symbols, plan, {.threads = 1});
  const auto many = compute_features(symbols, plan, {.threads = 4});
  ASSERT_EQ(one.size(), symbols.size());
  for (std::size_t s = 0; s < symbols.size(); ++s) {
    EXPECT_EQ(one[s].symbol(), symbols[s].symbol());
    EXPECT_EQ(one[s].rows(), symbols[s].size());
    ASSERT_EQ(one[s].column_count(), many[s].column_count());
    for (std::size_t c = 0; c < one[s].column_count(); ++c) {
      EXPECT_TRUE(same_bits(one[s].column(c), many[s].column(c))) << s << " " << c;
    }
  }
  // each symbol on its own gives the same as all together
  const FeatureTable alone = compute_features(symbols[1], plan);
  for (std::size_t c = 0; c < alone.column_count(); ++c) {
    EXPECT_TRUE(same_bits(alone.column(c), one[1].column(c))) << c;
  }
}

struct BadPlan {
  const char* name;
  std::vector<FeatureSpec> specs;
  const char* message;
};

class FeaturePlanErrors : public ::testing::TestWithParam<BadPlan> {};

TEST_P(FeaturePlanErrors, NameTheEntry) {
  EXPECT_THAT([] { (void)FeaturePlan(GetParam().specs); },
              ThrowsMessage<UserInputError>(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    Every, FeaturePlanErrors,
    ::testing::Values(
        BadPlan{"unknown_indicator", {{.indicator = "SMA"}, {.indicator = "SMAA"}},
                "feature 2: unknown indicator 'SMAA' (did you mean 'SMA'?)"},
        BadPlan{"unknown_param", {{.indicator = "SMA", .params = {{"periodd", 3}}}},
                "feature 1: SMA: unknown parameter 'periodd' (known: period)"},
        BadPlan{"bad_value", {{.indicator = "SMA", .params = {{"period", 0}}}},
                "feature 1: SMA: parameter 'period' must be >= 1, got 0"},
        BadPlan{"input_on_multi_input", {{.indicator = "ATR", .input = data::Field::open}},
                "feature 1: \"input\" applies to single-input indicators only; ATR reads high, "
                "low, close"},
        BadPlan{"name_clash",
                {{.indicator = "SMA", .prefix = "x"}, {.indicator = "EMA", .prefix = "x"}},
                "feature 2: column 'x' is already produced by feature 1"},
        BadPlan{"nothing", {}, "no features requested"}),
    [](const ::testing::TestParamInfo<BadPlan>& param_info) { return std::string(param_info.param.name); });

TEST(FeatureTable, MissingColumnListsTheColumns) {
  const FeatureTable table = compute_features(bars(10, 1), std::vector<FeatureSpec>{{.indicator = "SMA"}});
  EXPECT_THAT([&] { (void)table.column("ema_30"); },
              ThrowsMessage<UserInputError>("no feature column 'ema_30' (columns: sma_30)"));
  EXPECT_FALSE(table.find("ema_30").has_value());
}

}  // namespace
}  // namespace qbt::features
