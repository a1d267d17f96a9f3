#include "qbt/indicators/trend/envelope.hpp"

#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"
#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using ::testing::ThrowsMessage;

TEST(Envelope, BandsAPercentageAroundTheInput) {
  // perc 2.5: 100 -> 102.5 / 97.5; 40 -> 41 / 39.
  const std::vector<double> in{100, k_nan, 40};
  std::vector<double> src(3);
  std::vector<double> top(3);
  std::vector<double> bot(3);
  envelope(in, 2.5, src, top, bot);
  EXPECT_TRUE(series_near(src, in, 0.0));
  EXPECT_TRUE(series_near(top, {102.5, k_nan, 41}, 1e-12));
  EXPECT_TRUE(series_near(bot, {97.5, k_nan, 39}, 1e-12));
  const EnvelopeLines lines = Envelope(10).update(50);
  EXPECT_DOUBLE_EQ(lines.top, 55);
  EXPECT_DOUBLE_EQ(lines.bot, 45);
  EXPECT_EQ(lines.line, 50);
}

TEST(Envelope, AroundAMovingAverage) {
  // SMA(2) of 10, 30, 50 is NaN, 20, 40; perc 50 puts the bands at 1.5x and 0.5x.
  const std::vector<double> in{10, 30, 50};
  SmaEnvelope state(Sma(2), 50);
  std::vector<EnvelopeLines> got;
  for (const double x : in) {
    got.push_back(state.update(x));
  }
  EXPECT_TRUE(std::isnan(got[0].line) && std::isnan(got[0].top) && std::isnan(got[0].bot));
  EXPECT_EQ(got[1].line, 20);
  EXPECT_EQ(got[1].top, 30);
  EXPECT_EQ(got[2].bot, 20);
  const Indicator& indicator = builtin_indicators().at("SMAEnvelope");
  const auto lines = indicator.compute(indicator.resolve({{"period", 2}, {"perc", 50}}),
                                       std::vector<std::span<const double>>{in});
  EXPECT_TRUE(series_near(std::vector<double>(lines[1].begin(), lines[1].end()),
                          {k_nan, 30, 60}));
}

TEST(Envelope, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_envelope.py runs Envelope on SMA(30) of the close;
  // test_ind_smaenvelope.py, test_ind_emaenvelope.py, ... run the moving-average envelopes on
  // the close. Lines: the average (src for Envelope), top, bot.
  const auto& bars = testing::backtrader_daily();
  std::vector<double> average(bars.size());
  sma(bars.close(), 30, average);
  const Indicator& plain = builtin_indicators().at("Envelope");
  const auto around_sma =
      plain.compute(plain.defaults(), std::vector<std::span<const double>>{average});
  testing::expect_upstream(around_sma[0], 30, {"4063.463000", "3644.444667", "3554.693333"});
  testing::expect_upstream(around_sma[1], 30, {"4165.049575", "3735.555783", "3643.560667"});
  testing::expect_upstream(around_sma[2], 30, {"3961.876425", "3553.333550", "3465.826000"});

  struct Upstream {
    const char* name;
    std::int32_t min_period;
    std::array<std::array<std::string_view, 3>, 3> lines;
  };
  const std::vector<Upstream> cases{
      {"SMAEnvelope", 30,
       {{{"4063.463000", "3644.444667", "3554.693333"},
         {"4165.049575", "3735.555783", "3643.560667"},
         {"3961.876425", "3553.333550", "3465.826000"}}}},
      {"EMAEnvelope", 30,
       {{{"4070.115719", "3644.444667", "3581.728712"},
         {"4171.868612", "3735.555783", "3671.271930"},
         {"3968.362826", "3553.333550", "3492.185494"}}}},
      {"SMMAEnvelope", 30,
       {{{"4021.569725", "3644.444667", "3616.427648"},
         {"4122.108968", "3735.555783", "3706.838340"},
         {"3921.030482", "3553.333550", "3526.016957"}}}},
      {"WMAEnvelope", 30,
       {{{"4076.212366", "3655.193634", "3576.228000"},
         {"4178.117675", "3746.573475", "3665.633700"},
         {"3974.307056", "3563.813794", "3486.822300"}}}},
      {"TEMAEnvelope", 88,
       {{{"4113.721705", "3862.386854", "3832.691054"},
         {"4216.564748", "3958.946525", "3928.508331"},
         {"4010.878663", "3765.827182", "3736.873778"}}}},
  };
  for (const Upstream& test : cases) {
    SCOPED_TRACE(test.name);
    const auto lines = testing::on_backtrader_daily(test.name);
    for (std::size_t line = 0; line < 3; ++line) {
      testing::expect_upstream(lines[line], test.min_period, test.lines[line]);
    }
  }
}

TEST(Envelope, KamaEnvelopeMatchesPython) {
  // backtrader's test_ind_kamaenvelope.py actually tests SMAEnvelope; these are KAMA(30, 2, 30)
  // times 1.025 and 0.975, from a Python transcription of kama.py on the same closes.
  const auto lines = testing::on_backtrader_daily("KAMAEnvelope");
  testing::expect_values_at(lines[1], {{30, 3739.7627249999996},
                                       {142, 3682.803670152667},
                                       {254, 4155.54261987237}});
  testing::expect_values_at(lines[2], {{30, 3557.335275},
                                       {142, 3503.154710633025},
                                       {254, 3952.833223781035}});
}

TEST(Envelope, OneEnvelopePerMovingAverageUnderBacktradersNames) {
  const auto& registry = builtin_indicators();
  for (const char* name :
       {"SMAEnvelope", "MovingAverageSimpleEnvelope", "SimpleMovingAverageEnvelope",
        "EMAEnvelope", "ExponentialMovingAverageEnvelope", "MovingAverageExponentialEnvelope",
        "SMMAEnvelope", "WilderMAEnvelope", "ModifiedMovingAverageEnvelope", "WMAEnvelope",
        "DEMAEnvelope", "TEMAEnvelope", "KAMAEnvelope", "AdaptiveMovingAverageEnvelope",
        "ZLEMAEnvelope", "ZeroLagEmaEnvelope", "HMAEnvelope", "HullMAEnvelope",
        "ZLIndicatorEnvelope", "ZeroLagIndicatorEnvelope", "ECEnvelope", "DMAEnvelope",
        "DicksonMovingAverageEnvelope"}) {
    EXPECT_NE(registry.find(name), nullptr) << name;
  }
  const Indicator& kama = registry.at("AdaptiveMovingAverageEnvelope");
  EXPECT_EQ(kama.name(), "KAMAEnvelope");
  EXPECT_EQ(kama.outputs(), (std::vector<std::string>{"kama", "top", "bot"}));
  EXPECT_EQ(kama.defaults().to_string(), "KAMAEnvelope(period=30, fast=2, slow=30, perc=2.5)");
  EXPECT_EQ(kama.lookback(kama.defaults()), 30);
  EXPECT_EQ(registry.at("TEMAEnvelope").lookback(registry.at("TEMAEnvelope").defaults()), 87);
  EXPECT_EQ(registry.at("Envelope").outputs(),
            (std::vector<std::string>{"src", "top", "bot"}));
}

TEST(Envelope, RejectsPercentagesOutsideZeroToHundred) {
  EXPECT_THAT([] { Envelope(-1); },
              ThrowsMessage<UserInputError>("Envelope: parameter 'perc' must be >= 0, got -1"));
  EXPECT_THAT(
      [] { SmaEnvelope(Sma(30), 150); },
      ThrowsMessage<UserInputError>("SMAEnvelope: parameter 'perc' must be <= 100, got 150"));
  const Indicator& indicator = builtin_indicators().at("HMAEnvelope");
  EXPECT_THAT([&] { (void)indicator.resolve({{"period", 1}}); },
              ThrowsMessage<UserInputError>("HMAEnvelope: parameter 'period' must be >= 2, got 1"));
}

}  // namespace
}  // namespace qbt::indicators
