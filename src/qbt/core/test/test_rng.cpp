#include "qbt/core/rng.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace qbt {
namespace {

std::int64_t ulp_distance(double a, double b) {
  const auto x = std::bit_cast<std::int64_t>(a);
  const auto y = std::bit_cast<std::int64_t>(b);
  return x > y ? x - y : y - x;
}

// Rosetta Code, "Pseudo-random numbers/Splitmix64": the first five outputs for seed 1234567.
TEST(SplitMix64, MatchesPublishedSequence) {
  std::uint64_t state = 1234567;
  EXPECT_EQ(splitmix64(state), 6457827717110365317ULL);
  EXPECT_EQ(splitmix64(state), 3203168211198807973ULL);
  EXPECT_EQ(splitmix64(state), 9817491932198370423ULL);
  EXPECT_EQ(splitmix64(state), 4593380528125082431ULL);
  EXPECT_EQ(splitmix64(state), 16408922859458223821ULL);
}

TEST(Rng, SeedsStateWithSplitMix64) {
  const Rng rng(1234567);
  const Rng::State expected{6457827717110365317ULL, 3203168211198807973ULL,
                            9817491932198370423ULL, 4593380528125082431ULL};
  EXPECT_EQ(rng.state(), expected);
}

// Output of the xoshiro256** reference implementation (prng.di.unimi.it) from state {1, 2, 3, 4}.
// The first value by hand: rotl(2 * 5, 7) * 9 = 1280 * 9 = 11520.
TEST(Rng, MatchesXoshiro256StarStarReferenceOutput) {
  Rng rng = Rng::from_state({1, 2, 3, 4});
  const std::uint64_t expected[] = {11520ULL,
                                    0ULL,
                                    1509978240ULL,
                                    1215971899390074240ULL,
                                    1216172134540287360ULL,
                                    607988272756665600ULL,
                                    16172922978634559625ULL,
                                    8476171486693032832ULL,
                                    10595114339597558777ULL,
                                    2904607092377533576ULL};
  for (const std::uint64_t value : expected) {
    EXPECT_EQ(rng.next_u64(), value);
  }
}

TEST(Rng, UniformUsesTop53Bits) {
  // The first two outputs from state {1, 2, 3, 4} are 11520 and 0 (see above).
  Rng rng = Rng::from_state({1, 2, 3, 4});
  EXPECT_EQ(rng.uniform(), 5 * 0x1.0p-53);  // 11520 >> 11 = 5
  EXPECT_EQ(rng.uniform(), 0.0);
  Rng positive = Rng::from_state({1, 2, 3, 4});
  EXPECT_EQ(positive.uniform_positive(), 6 * 0x1.0p-53);
  EXPECT_EQ(positive.uniform_positive(), 0x1.0p-53);
}

TEST(Rng, UniformStaysInRangeWithMeanOneHalf) {
  Rng rng(7);
  constexpr int k_draws = 1'000'000;
  double sum = 0.0;
  for (int i = 0; i < k_draws; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Standard error of the mean: sqrt(1/12 / n) = 2.9e-4; allow 5 of them.
  EXPECT_NEAR(sum / k_draws, 0.5, 1.5e-3);
}

TEST(Rng, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(42);
  Rng b(42);
  Rng c(43);
  int differences = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::uint64_t x = a.next_u64();
    ASSERT_EQ(x, b.next_u64());
    differences += x != c.next_u64() ? 1 : 0;
  }
  EXPECT_EQ(differences, 1000);
  Rng copy = a;
  EXPECT_EQ(copy.normal(), a.normal());
  EXPECT_EQ(copy.normal(), a.normal());
}

TEST(Rng, BelowIsUnbiasedAndInRange) {
  Rng rng(3);
  EXPECT_EQ(rng.below(0), 0U);
  EXPECT_EQ(rng.below(1), 0U);
  constexpr int k_buckets = 10;
  constexpr int k_draws = 200'000;
  std::vector<int> counts(k_buckets, 0);
  for (int i = 0; i < k_draws; ++i) {
    const std::uint64_t r = rng.below(k_buckets);
    ASSERT_LT(r, static_cast<std::uint64_t>(k_buckets));
    ++counts[r];
  }
  // Chi-square with 9 degrees of freedom: the 99.99th percentile is 33.7.
  const double expected = static_cast<double>(k_draws) / k_buckets;
  double chi2 = 0.0;
  for (const int count : counts) {
    chi2 += (count - expected) * (count - expected) / expected;
  }
  EXPECT_LT(chi2, 33.7);
}

TEST(Rng, NormalHasStandardMoments) {
  Rng rng(2024);
  constexpr int k_draws = 2'000'000;
  double sum = 0.0;
  double sum2 = 0.0;
  double sum3 = 0.0;
  double sum4 = 0.0;
  int within_one = 0;
  for (int i = 0; i < k_draws; ++i) {
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
    sum3 += z * z * z;
    sum4 += z * z * z * z;
    within_one += std::abs(z) < 1.0 ? 1 : 0;
  }
  const double n = k_draws;
  // Standard errors for n = 2e6 (from E z^2 = 1, E z^4 = 3, E z^6 = 15, E z^8 = 105): mean 7.1e-4,
  // E z^2 1.0e-3, E z^3 2.7e-3, E z^4 6.9e-3, P(|z| < 1) 3.3e-4. Tolerances are 5 of them.
  EXPECT_NEAR(sum / n, 0.0, 3.5e-3);
  EXPECT_NEAR(sum2 / n, 1.0, 5e-3);
  EXPECT_NEAR(sum3 / n, 0.0, 1.4e-2);
  EXPECT_NEAR(sum4 / n, 3.0, 3.5e-2);
  EXPECT_NEAR(within_one / n, 0.682689492137, 1.7e-3);  // erf(1 / sqrt 2)
}

// Kolmogorov-Smirnov distance between the sample and a CDF.
template <class Cdf>
double ks_distance(std::vector<double> sample, Cdf cdf) {
  std::sort(sample.begin(), sample.end());
  const auto n = static_cast<double>(sample.size());
  double d = 0.0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(sample[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// The ziggurat's tables are only right if the whole distribution is: compare against the normal
// CDF from libm's erfc. At n = 1e6 the KS distance exceeds 1.95 / sqrt(n) with probability 0.001.
TEST(Rng, NormalFollowsNormalCdf) {
  Rng rng(99);
  std::vector<double> sample(1'000'000);
  for (double& z : sample) {
    z = rng.normal();
  }
  const double d =
      ks_distance(sample, [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); });
  EXPECT_LT(d, 1.95e-3);
}

// Draws beyond the ziggurat's base (|z| > r = 3.6541528853610088) come from the separate tail
// sampler; their frequency must be P(|z| > r) = erfc(r / sqrt 2) = 2.5802e-4.
TEST(Rng, NormalTailHasRightMass) {
  Rng rng(100);
  constexpr int k_draws = 4'000'000;
  int beyond = 0;
  double largest = 0.0;
  for (int i = 0; i < k_draws; ++i) {
    const double z = std::abs(rng.normal());
    beyond += z > 3.6541528853610088 ? 1 : 0;
    largest = std::max(largest, z);
  }
  // Expected 1032 with standard deviation 32.
  EXPECT_NEAR(beyond, 1032, 160);
  EXPECT_GT(largest, 4.5);  // P(max of 4e6 below 4.5) = (1 - 6.8e-6)^4e6, about 1e-12
}

TEST(Rng, ExponentialFollowsExponentialCdf) {
  Rng rng(101);
  std::vector<double> sample(1'000'000);
  double sum = 0.0;
  double sum2 = 0.0;
  int beyond = 0;
  for (double& e : sample) {
    e = rng.exponential();
    ASSERT_GE(e, 0.0);
    sum += e;
    sum2 += e * e;
    beyond += e > 7.69711747013105 ? 1 : 0;
  }
  const double n = static_cast<double>(sample.size());
  // Mean 1 (standard error 1e-3), E e^2 = 2 (standard error sqrt(20) / 1000 = 4.5e-3).
  EXPECT_NEAR(sum / n, 1.0, 5e-3);
  EXPECT_NEAR(sum2 / n, 2.0, 2.3e-2);
  // Tail beyond r: P = exp(-r) = 4.5381e-4, expected 454 with standard deviation 21.
  EXPECT_NEAR(beyond, 454, 105);
  EXPECT_LT(ks_distance(sample, [](double x) { return -std::expm1(-x); }), 1.95e-3);
}

TEST(PortableMath, LogAgreesWithLibmToOneUlp) {
  Rng rng(11);
  for (int i = 0; i < 200'000; ++i) {
    // Spread over the whole exponent range, including subnormals.
    const double x = std::ldexp(1.0 + rng.uniform(), static_cast<int>(rng.below(2098)) - 1074);
    ASSERT_LE(ulp_distance(portable_log(x), std::log(x)), 1) << x;
  }
  for (int i = 0; i < 200'000; ++i) {
    const double x = 0.5 + 1.5 * rng.uniform();  // near 1, where cancellation would show
    ASSERT_LE(ulp_distance(portable_log(x), std::log(x)), 1) << x;
  }
}

TEST(PortableMath, ExpAgreesWithLibmToOneUlp) {
  Rng rng(12);
  for (int i = 0; i < 200'000; ++i) {
    const double x = -745.0 + 1454.7 * rng.uniform();
    ASSERT_LE(ulp_distance(portable_exp(x), std::exp(x)), 1) << x;
  }
  for (int i = 0; i < 200'000; ++i) {
    const double x = 0.1 * (rng.uniform() - 0.5);  // typical log returns
    ASSERT_LE(ulp_distance(portable_exp(x), std::exp(x)), 1) << x;
  }
}

TEST(PortableMath, ExactAndSpecialValues) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(portable_log(1.0), 0.0);
  EXPECT_EQ(portable_exp(0.0), 1.0);
  EXPECT_EQ(portable_log(0.0), -inf);
  EXPECT_EQ(portable_log(inf), inf);
  EXPECT_TRUE(std::isnan(portable_log(-1.0)));
  EXPECT_TRUE(std::isnan(portable_log(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_EQ(portable_exp(-1000.0), 0.0);
  EXPECT_EQ(portable_exp(1000.0), inf);
  EXPECT_EQ(portable_exp(-inf), 0.0);
  EXPECT_TRUE(std::isnan(portable_exp(std::numeric_limits<double>::quiet_NaN())));
  // The smallest subnormal, 2^-1074, and its logarithm -1074 ln 2 = -744.4400719213812.
  EXPECT_EQ(portable_exp(-744.4400719213812), std::numeric_limits<double>::denorm_min());
  EXPECT_NEAR(portable_log(std::numeric_limits<double>::denorm_min()), -744.4400719213812, 1e-12);
}

}  // namespace
}  // namespace qbt
