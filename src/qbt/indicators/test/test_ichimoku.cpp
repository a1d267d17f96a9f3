#include "qbt/indicators/trend/ichimoku.hpp"

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

const std::vector<double> k_high{10, 12, 11, 13, 14, 12};
const std::vector<double> k_low{8, 9, 7, 8, 11, 10};
const std::vector<double> k_close{9, 11, 8, 12, 13, 11};
const IchimokuParams k_small{.tenkan = 2, .kijun = 3, .senkou = 4, .senkou_lead = 1, .chikou = 2};
// By hand: tenkan (2 bars) from bar 1: (12+8)/2, (12+7)/2, (13+7)/2, (14+8)/2, (14+10)/2;
// kijun (3 bars) from bar 2: 9.5, 10, 10.5, 11; (tenkan+kijun)/2 from bar 2: 9.5, 10, 10.75,
// 11.5, shown one bar later; span B (4 bars) from bar 3: 10, 10.5, 10.5, shown one bar later.
const std::vector<double> k_tenkan{k_nan, 10, 9.5, 10, 11, 12};
const std::vector<double> k_kijun{k_nan, k_nan, 9.5, 10, 10.5, 11};
const std::vector<double> k_span_a{k_nan, k_nan, k_nan, 9.5, 10, 10.75};
const std::vector<double> k_span_b{k_nan, k_nan, k_nan, k_nan, 10, 10.5};

struct Lines {
  std::vector<double> tenkan, kijun, span_a, span_b, chikou;
};

Lines batch(const IchimokuParams& params, std::span<const double> high, std::span<const double> low,
            std::span<const double> close) {
  Lines out;
  for (auto* line : {&out.tenkan, &out.kijun, &out.span_a, &out.span_b, &out.chikou}) {
    line->resize(close.size());
  }
  ichimoku(high, low, close, params, {out.tenkan, out.kijun, out.span_a, out.span_b, out.chikou});
  return out;
}

TEST(Ichimoku, HandComputedLines) {
  const Lines b = batch(k_small, k_high, k_low, k_close);
  EXPECT_TRUE(series_near(b.tenkan, k_tenkan));
  EXPECT_TRUE(series_near(b.kijun, k_kijun));
  EXPECT_TRUE(series_near(b.span_a, k_span_a));
  EXPECT_TRUE(series_near(b.span_b, k_span_b));
  EXPECT_TRUE(series_near(b.chikou, k_close));  // the close, at the bar it is known

  Ichimoku state(k_small);
  Lines s;
  for (std::size_t i = 0; i < k_close.size(); ++i) {
    const IchimokuLines lines = state.update(k_high[i], k_low[i], k_close[i]);
    s.tenkan.push_back(lines.tenkan_sen);
    s.span_a.push_back(lines.senkou_span_a);
    s.span_b.push_back(lines.senkou_span_b);
    s.chikou.push_back(lines.chikou_span);
  }
  EXPECT_TRUE(series_near(s.tenkan, k_tenkan));
  EXPECT_TRUE(series_near(s.span_a, k_span_a));
  EXPECT_TRUE(series_near(s.span_b, k_span_b));
  EXPECT_TRUE(series_near(s.chikou, k_close));
}

TEST(Ichimoku, ZeroLeadLeavesTheSpansUnshifted) {
  IchimokuParams params = k_small;
  params.senkou_lead = 0;
  const Lines b = batch(params, k_high, k_low, k_close);
  EXPECT_TRUE(series_near(b.span_a, {k_nan, k_nan, 9.5, 10, 10.75, 11.5}));
  EXPECT_TRUE(series_near(b.span_b, {k_nan, k_nan, k_nan, 10, 10.5, 10.5}));
}

TEST(Ichimoku, LeadLongerThanTheSeriesIsAllNan) {
  IchimokuParams params = k_small;
  params.senkou_lead = 50;
  const Lines b = batch(params, k_high, k_low, k_close);
  for (const double v : b.span_a) {
    EXPECT_TRUE(std::isnan(v));
  }
}

TEST(Ichimoku, MatchesTheDefinitionOnRealData) {
  // Reference values: Python 3, max/min over the windows of data/backtrader/2006-day-001.txt
  // with backtrader's defaults (9, 26, 52, lead 26): bars 77, 200 and 254.
  const data::BarFrame bars =
      data::read_csv(qbt::testing::source_path("data/backtrader/2006-day-001.txt")).frame;
  const Lines b = batch({}, bars.high(), bars.low(), bars.close());
  EXPECT_TRUE(std::isnan(b.span_b[76]));
  EXPECT_DOUBLE_EQ(b.tenkan[77], 3821.03);
  EXPECT_DOUBLE_EQ(b.kijun[77], 3821.03);
  EXPECT_DOUBLE_EQ(b.span_a[77], 3753.5025);
  EXPECT_DOUBLE_EQ(b.span_b[77], 3677.815);
  EXPECT_DOUBLE_EQ(b.tenkan[200], 3929.68);
  EXPECT_DOUBLE_EQ(b.kijun[200], 3855.15);
  EXPECT_DOUBLE_EQ(b.span_a[200], 3769.005);
  EXPECT_DOUBLE_EQ(b.span_b[200], 3651.035);
  EXPECT_DOUBLE_EQ(b.tenkan[254], 4110.0);
  EXPECT_DOUBLE_EQ(b.kijun[254], 4030.92);
  EXPECT_DOUBLE_EQ(b.span_a[254], 4057.485);
  EXPECT_DOUBLE_EQ(b.span_b[254], 3913.3);
  EXPECT_EQ(b.chikou[254], bars.close()[254]);
}

TEST(Ichimoku, LookbackIsTheLastLinesWarmup) {
  EXPECT_EQ(ichimoku_lookback({}), 77);  // senkou_span_b: 52 - 1 + 26
  EXPECT_EQ(ichimoku_lookback(k_small), 4);
  const Indicator& indicator = builtin_indicators().at("Ichimoku");
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 77);
  EXPECT_EQ(indicator.lookback(indicator.resolve({{"kijun", 100}})), 125);  // span A
}

TEST(Ichimoku, RejectsBadParameters) {
  EXPECT_THAT([] { Ichimoku({.tenkan = 0}); },
              ThrowsMessage<UserInputError>("Ichimoku: parameter 'tenkan' must be >= 1, got 0"));
  EXPECT_THAT([] { Ichimoku({.senkou_lead = -1}); },
              ThrowsMessage<UserInputError>(
                  "Ichimoku: parameter 'senkou_lead' must be >= 0, got -1"));
  const Indicator& indicator = builtin_indicators().at("Ichimoku");
  EXPECT_THAT([&] { (void)indicator.resolve({{"senkou", 0}}); },
              ThrowsMessage<UserInputError>("Ichimoku: parameter 'senkou' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
