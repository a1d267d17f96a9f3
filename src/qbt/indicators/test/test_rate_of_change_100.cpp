#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/indicators/momentum/rate_of_change_100.hpp"
#include "qbt/indicators/test/backtrader_daily.hpp"
#include "qbt/indicators/test/expect_series.hpp"

namespace qbt::indicators {
namespace {

using testing::batch_all;
using testing::k_nan;
using testing::series_near;
using testing::stream_all;
using ::testing::ThrowsMessage;

TEST(RateOfChange100, PercentChange) {
  const std::vector<double> in{2, 4, 5, 8};
  const std::vector<double> expected{k_nan, 100, 25, 60};
  EXPECT_TRUE(series_near(stream_all(RateOfChange100(1), in), expected, 1e-12));
  EXPECT_TRUE(series_near(batch_all(&rate_of_change_100, in, 1), expected, 1e-12));
}

TEST(RateOfChange100, MatchesPythonOnBacktraderData) {
  // python3 src/qbt/indicators/test/momentum_reference.py "ROC100(12)" "ROC100(5)":
  // 100 * ((close - close[-p]) / close[-p]) on data/backtrader/2006-day-001.txt.
  const auto roc12 = testing::on_backtrader_daily("RateOfChange100");
  EXPECT_EQ(testing::first_defined(roc12[0]), 12U);
  testing::expect_values_at(roc12[0], {{12, -0.9477489575038871},
                                       {100, -6.577844942353263},
                                       {200, 3.27943773690135},
                                       {254, 1.654375026215854}});
  // The period is honoured (older backtrader sources always used 12).
  const auto roc5 = testing::on_backtrader_daily("ROC100", {{"period", 5}});
  EXPECT_EQ(testing::first_defined(roc5[0]), 5U);
  testing::expect_values_at(
      roc5[0], {{5, 1.8713602805514553}, {100, 0.7949910296617356}, {254, 0.03399262845570606}});
}

TEST(RateOfChange100, RejectsBadPeriods) {
  EXPECT_THAT([] { RateOfChange100(0); },
              ThrowsMessage<UserInputError>("ROC100: parameter 'period' must be >= 1, got 0"));
}

}  // namespace
}  // namespace qbt::indicators
