#include "qbt/indicators/trend/zero_lag_indicator.hpp"

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/backtrader_upstream.hpp"
#include "qbt/indicators/test/expect_series.hpp"
#include "qbt/indicators/trend/ema.hpp"

namespace qbt::indicators {
namespace {

using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

std::vector<double> batch_zlind(const std::vector<double>& in, std::int32_t period,
                                std::int32_t gainlimit) {
  std::vector<double> out(in.size());
  zero_lag_indicator(in, period, gainlimit, out);
  return out;
}

/// The loop of backtrader's ZeroLagIndicator.next(), written from its description: try every
/// gain k / 10 for k = -gainlimit..gainlimit and keep the first with the smallest error. The
/// EMA comes from the (separately tested) Ema.
std::vector<double> scan_every_gain(const std::vector<double>& in, std::int32_t period,
                                    std::int32_t gainlimit) {
  Ema ema_state(period);
  const double alpha = 2.0 / (1.0 + period);
  const double alpha1 = 1.0 - alpha;
  std::vector<double> out(in.size(), k_nan);
  double previous = k_nan;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const double ema = ema_state.update(in[i]);
    if (std::isnan(ema)) {
      previous = k_nan;
      continue;
    }
    double least = 9223372036854775807.0;
    double best = ema;
    for (std::int32_t k = -gainlimit; k <= gainlimit; ++k) {
      const double gain = k / 10.0;
      const double ec = alpha * (ema + gain * (in[i] - previous)) + alpha1 * previous;
      const double error = std::fabs(in[i] - ec);
      if (error < least) {
        least = error;
        best = ec;
      }
    }
    out[i] = previous = best;
  }
  return out;
}

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(ZeroLagIndicator, PicksTheGainThatBestTracksThePrice) {
  // period 3 (alpha 1/2) on 2, 4, 6, 8: EMA seed 4 at bar 2, where ec = EMA (no previous ec).
  // Bar 3: EMA 6, ec(g) = (6 + 4g) / 2 + 4 / 2 = 5 + 2g, error |8 - 5 - 2g| is 0 at g = 1.5.
  const std::vector<double> in{2, 4, 6, 8};
  const std::vector<double> expected{k_nan, k_nan, 4, 8};
  EXPECT_TRUE(series_near(batch_zlind(in, 3, 50), expected, 0.0));
  EXPECT_TRUE(series_near(stream_all(ZeroLagIndicator(3, 50), in), expected, 0.0));
  // With gains only up to 1.0 the best is g = 1 (ec 7); with gainlimit 0 only g = 0 (ec 5).
  EXPECT_TRUE(series_near(batch_zlind(in, 3, 10), {k_nan, k_nan, 4, 7}));
  EXPECT_TRUE(series_near(batch_zlind(in, 3, 0), {k_nan, k_nan, 4, 5}));
  // Falling to 0 instead: EMA 2, ec(g) = (2 - 4g) / 2 + 2 = 3 - 2g, zero error at g = 1.5.
  EXPECT_TRUE(series_near(batch_zlind({2, 4, 6, 0}, 3, 50), {k_nan, k_nan, 4, 0}, 1e-12));
}

TEST(ZeroLagIndicator, PeriodOneIsTheInput) {
  // alpha 1: ec = x + g * (x - ec1), best at g = 0.
  const std::vector<double> in{5, 7, 7, 3};
  EXPECT_TRUE(series_near(batch_zlind(in, 1, 50), in, 0.0));
}

TEST(ZeroLagIndicator, SameGainAsScanningEveryGain) {
  // The shortcut must pick exactly the gain backtrader's full scan picks, bit for bit: random
  // walks at several scales, with flat stretches (price == previous ec) and repeated values.
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> step(0.0, 1.0);
  for (const double scale : {1e-6, 1.0, 4000.0, 1e9}) {
    for (const std::int32_t gainlimit : {0, 1, 7, 50, 300}) {
      std::vector<double> in(3000);
      double price = 100.0 * scale;
      for (std::size_t i = 0; i < in.size(); ++i) {
        if (i % 97 >= 90) {
          in[i] = price;  // a flat stretch
          continue;
        }
        price += scale * step(rng);
        in[i] = i % 13 == 0 ? std::round(price / scale) * scale : price;
      }
      for (const std::int32_t period : {1, 2, 5, 30}) {
        const auto expected = scan_every_gain(in, period, gainlimit);
        EXPECT_TRUE(bitwise_equal(batch_zlind(in, period, gainlimit), expected))
            << "scale " << scale << " gainlimit " << gainlimit << " period " << period;
      }
    }
  }
}

TEST(ZeroLagIndicator, NanIsLeadingOrSticky) {
  const std::vector<double> in{k_nan, 2, 4, 6, 8, k_nan, 8};
  const std::vector<double> expected{k_nan, k_nan, k_nan, 4, 8, k_nan, k_nan};
  EXPECT_TRUE(series_near(batch_zlind(in, 3, 50), expected, 0.0));
  EXPECT_TRUE(series_near(stream_all(ZeroLagIndicator(3, 50), in), expected, 0.0));
}

TEST(ZeroLagIndicator, MatchesBacktradersTestSuite) {
  // backtrader tests/test_ind_zlind.py: ZeroLagIndicator(30, 50), minimum period 30.
  const auto lines = testing::on_backtrader_daily("ZeroLagIndicator");
  testing::expect_upstream(lines[0], 30, {"4110.282052", "3644.444667", "3564.906194"});
  // Python transcription of zlind.py's next() with period 10, gainlimit 20.
  const auto other = testing::on_backtrader_daily("EC", {{"period", 10}, {"gainlimit", 20}});
  testing::expect_values_at(other[0], {{9, 3647.314},
                                       {100, 3628.7143836161345},
                                       {254, 4115.658466942469}});
}

TEST(ZeroLagIndicator, NamesLookbackAndParameterErrors) {
  const Indicator& indicator = builtin_indicators().at("ErrorCorrecting");
  EXPECT_EQ(indicator.name(), "ZLIndicator");
  EXPECT_EQ(indicator.outputs(), std::vector<std::string>{"ec"});
  EXPECT_EQ(indicator.lookback(indicator.defaults()), 29);
  EXPECT_EQ(indicator.defaults().to_string(), "ZLIndicator(period=30, gainlimit=50)");
  EXPECT_THAT(
      [] { ZeroLagIndicator(0, 50); },
      ThrowsMessage<UserInputError>("ZLIndicator: parameter 'period' must be >= 1, got 0"));
  EXPECT_THAT(
      [] { ZeroLagIndicator(30, -1); },
      ThrowsMessage<UserInputError>("ZLIndicator: parameter 'gainlimit' must be >= 0, got -1"));
  EXPECT_THAT([&] { (void)indicator.resolve({{"gainlimit", 10001}}); },
              ThrowsMessage<UserInputError>(
                  "ZLIndicator: parameter 'gainlimit' must be <= 10000, got 10001"));
}

}  // namespace
}  // namespace qbt::indicators
