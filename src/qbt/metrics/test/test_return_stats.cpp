#include "qbt/metrics/return_stats.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace qbt::metrics {
namespace {

constexpr double k_inf = std::numeric_limits<double>::infinity();
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

void expect_close(double actual, double expected) {
  EXPECT_NEAR(actual, expected, 1e-12 * std::abs(expected)) << "expected " << expected;
}

ReturnStats from(std::initializer_list<double> returns) {
  ReturnStats stats;
  for (const double r : returns) {
    stats.add(r);
  }
  return stats;
}

TEST(Ratio, FollowsNumpyForZeroDenominators) {
  EXPECT_EQ(ratio(3.0, 2.0), 1.5);
  EXPECT_EQ(ratio(1.0, 0.0), k_inf);
  EXPECT_EQ(ratio(1.0, -0.0), k_inf);
  EXPECT_EQ(ratio(-1.0, 0.0), -k_inf);
  EXPECT_TRUE(std::isnan(ratio(0.0, 0.0)));
  EXPECT_TRUE(std::isnan(ratio(k_nan, 0.0)));
}

// Reference values from python3 (statistics.mean / statistics.stdev, math.sqrt):
//   r = [0.01, -0.02, 0.03]; ann = 365
//   mean = 0.006666666666666666, stdev (ddof=1) = 0.025166114784235832
//   sharpe = mean / stdev * sqrt(365)                         = 5.061031030108321
//   sortino = mean * 365 / (sqrt(mean(min(r,0)^2)) * sqrt(365)) = 11.030261405182864
//   omega = (0.01 + 0.03) / 0.02                              = 2.0
//   annualized volatility = stdev * sqrt(365)                 = 0.4807979478602905
TEST(ReturnStats, MatchesReferenceValues) {
  const ReturnStats stats = from({0.01, -0.02, 0.03});
  EXPECT_EQ(stats.count(), 3);
  expect_close(stats.mean(), 0.006666666666666666);
  expect_close(stats.stddev(), 0.025166114784235832);
  expect_close(stats.sharpe(365.0), 5.061031030108321);
  expect_close(stats.sortino(365.0), 11.030261405182864);
  expect_close(stats.omega(), 2.0);
  expect_close(stats.annual_volatility(365.0), 0.4807979478602905);
}

TEST(ReturnStats, SkipsNan) {
  const ReturnStats with_nan = from({k_nan, 0.01, -0.02, k_nan, 0.03});
  const ReturnStats without = from({0.01, -0.02, 0.03});
  EXPECT_EQ(with_nan.count(), 3);
  EXPECT_EQ(with_nan.mean(), without.mean());
  EXPECT_EQ(with_nan.sharpe(252.0), without.sharpe(252.0));
  EXPECT_EQ(with_nan.sortino(252.0), without.sortino(252.0));
  EXPECT_EQ(with_nan.omega(), without.omega());
}

TEST(ReturnStats, UndefinedWithTooFewReturns) {
  const ReturnStats empty;
  EXPECT_TRUE(std::isnan(empty.mean()));
  EXPECT_TRUE(std::isnan(empty.stddev()));
  EXPECT_TRUE(std::isnan(empty.sharpe(365.0)));
  EXPECT_TRUE(std::isnan(empty.sortino(365.0)));
  EXPECT_TRUE(std::isnan(empty.omega()));

  const ReturnStats one = from({0.01});
  EXPECT_EQ(one.mean(), 0.01);
  EXPECT_TRUE(std::isnan(one.stddev()));
  EXPECT_TRUE(std::isnan(one.sharpe(365.0)));
  EXPECT_TRUE(std::isnan(one.annual_volatility(365.0)));
  EXPECT_EQ(one.sortino(365.0), k_inf);  // no downside
  EXPECT_EQ(one.omega(), k_inf);         // no losses
}

// Exactly representable constant series: S2 - S1^2/n is exactly 0.
TEST(ReturnStats, ZeroDenominatorsFollowTheDivisionRule) {
  const ReturnStats up = from({0.5, 0.5, 0.5});
  EXPECT_EQ(up.stddev(), 0.0);
  EXPECT_EQ(up.sharpe(365.0), k_inf);
  EXPECT_EQ(up.sortino(365.0), k_inf);
  EXPECT_EQ(up.omega(), k_inf);

  const ReturnStats down = from({-0.5, -0.5, -0.5});
  EXPECT_EQ(down.sharpe(365.0), -k_inf);
  EXPECT_EQ(down.omega(), 0.0);
  expect_close(down.sortino(365.0), -365.0 * 0.5 / (0.5 * std::sqrt(365.0)));

  const ReturnStats flat = from({0.0, 0.0, 0.0, 0.0});
  EXPECT_EQ(flat.stddev(), 0.0);
  EXPECT_FALSE(std::signbit(flat.variance()));
  EXPECT_TRUE(std::isnan(flat.sharpe(365.0)));
  EXPECT_TRUE(std::isnan(flat.sortino(365.0)));
  EXPECT_TRUE(std::isnan(flat.omega()));
}

}  // namespace
}  // namespace qbt::metrics
