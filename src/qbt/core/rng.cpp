#include "qbt/core/rng.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace qbt {

namespace {

// ln 2 split so that e * k_ln2_hi is exact for any |e| < 2^21 (k_ln2_hi has 32 significant bits).
constexpr double k_ln2_hi = 0x1.62e42ffp-1;
constexpr double k_ln2_lo = -0x1.718432a1b0e26p-35;
constexpr double k_sqrt2 = 0x1.6a09e667f3bcdp+0;
constexpr double k_64_over_ln2 = 0x1.71547652b82fep+6;

// 2^(j/64) for j = 0..63, each correctly rounded.
constexpr double k_exp2_table[64] = {
    0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0, 0x1.0874518759bc8p+0,
    0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0, 0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0,
    0x1.172b83c7d517bp+0, 0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
    0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0, 0x1.2d285a6e4030bp+0,
    0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0, 0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0,
    0x1.3dea64c123422p+0, 0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
    0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0, 0x1.56f4736b527dap+0,
    0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0, 0x1.6247eb03a5585p+0, 0x1.6623882552225p+0,
    0x1.6a09e667f3bcdp+0, 0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
    0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0, 0x1.868d99b4492edp+0,
    0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0, 0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0,
    0x1.9c49182a3f090p+0, 0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
    0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0, 0x1.bcc1e904bc1d2p+0,
    0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0, 0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0,
    0x1.d5818dcfba487p+0, 0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
    0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0, 0x1.fa7c1819e90d8p+0,
};

constexpr std::uint64_t k_mantissa_mask = (std::uint64_t{1} << 52U) - 1U;

// 2^e for a normal-range exponent, built from its bits.
double pow2(std::int64_t e) noexcept {
  return std::bit_cast<double>(static_cast<std::uint64_t>(e + 1023) << 52U);
}

// Ziggurat of 256 layers of equal area v under a decreasing density f on [0, inf): x[1] = r is
// where the tail starts, x[0] = v / f(r) is the base layer's width including its tail,
// f(x[i + 1]) = f(x[i]) + v / x[i], and x[256] = 0. r and v solve the recursion exactly
// (computed to 50 digits); the tables are rebuilt from them with portable arithmetic.
struct Ziggurat {
  std::array<double, 257> x{};
  std::array<double, 257> f{};  // f(x[i])
};

constexpr double k_normal_r = 0x1.d3bb48209ad33p+1;       // 3.6541528853610088
constexpr double k_normal_v = 0x1.43016a5a43732p-8;       // 4.928673233974655e-3
constexpr double k_exponential_r = 0x1.ec9d9297ebb83p+2;  // 7.69711747013105
constexpr double k_exponential_v = 0x1.02d84bc4b0285p-8;  // 3.949659822581557e-3

template <class Density, class Inverse>
Ziggurat build_ziggurat(double r, double v, Density density, Inverse inverse) {
  Ziggurat z;
  z.x[0] = v / density(r);
  z.x[1] = r;
  for (std::size_t i = 1; i < 255; ++i) {
    z.x[i + 1] = inverse(std::min(1.0, density(z.x[i]) + v / z.x[i]));
  }
  z.x[256] = 0.0;
  for (std::size_t i = 0; i < z.x.size(); ++i) {
    z.f[i] = density(z.x[i]);
  }
  return z;
}

const Ziggurat& normal_ziggurat() {
  static const Ziggurat z = build_ziggurat(
      k_normal_r, k_normal_v, [](double x) { return portable_exp(-0.5 * x * x); },
      [](double y) { return std::sqrt(-2.0 * portable_log(y)); });
  return z;
}

const Ziggurat& exponential_ziggurat() {
  static const Ziggurat z = build_ziggurat(
      k_exponential_r, k_exponential_v, [](double x) { return portable_exp(-x); },
      [](double y) { return -portable_log(y); });
  return z;
}

}  // namespace

double portable_log(double x) noexcept {
  if (!(x > 0.0)) {
    return x == 0.0 ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::quiet_NaN();
  }
  if (x == std::numeric_limits<double>::infinity()) {
    return x;
  }
  std::int64_t exponent = 0;
  if (x < std::numeric_limits<double>::min()) {
    x *= 0x1.0p54;
    exponent = -54;
  }
  const auto bits = std::bit_cast<std::uint64_t>(x);
  exponent += static_cast<std::int64_t>(bits >> 52U) - 1023;
  double m = std::bit_cast<double>((bits & k_mantissa_mask) | (std::uint64_t{1023} << 52U));
  if (m > k_sqrt2) {
    m *= 0.5;
    ++exponent;
  }
  // log(m) = 2 atanh(s) with s = (m - 1) / (m + 1), |s| <= 0.1716; 2s = f - s f where f = m - 1
  // is exact, which keeps the rounding error of the large term small.
  const double f = m - 1.0;
  const double s = f / (m + 1.0);
  const double z = s * s;
  const double series =
      z * (2.0 / 3 + z * (2.0 / 5 + z * (2.0 / 7 + z * (2.0 / 9 + z * (2.0 / 11 + z * (2.0 / 13 +
      z * (2.0 / 15 + z * (2.0 / 17 + z * (2.0 / 19 + z * (2.0 / 21 + z * (2.0 / 23)))))))))));
  const double log_m = f - s * (f - series);
  const auto e = static_cast<double>(exponent);
  return e * k_ln2_hi + (e * k_ln2_lo + log_m);
}

double portable_exp(double x) noexcept {
  if (!(x < 0x1.62e42fefa39efp+9)) {  // ln(DBL_MAX); also catches NaN
    return x != x ? x : std::numeric_limits<double>::infinity();
  }
  if (x < -745.2) {
    return 0.0;
  }
  // x = k ln2/64 + r with |r| <= ln2/128; e^x = 2^(k/64) e^r.
  // Round to the nearest integer by adding and subtracting 1.5 * 2^52 (exact in round-to-nearest;
  // std::floor is a library call on baseline x86-64).
  const double kd = (x * k_64_over_ln2 + 0x1.8p52) - 0x1.8p52;
  const auto k = static_cast<std::int64_t>(kd);
  const double r = (x - kd * (k_ln2_hi / 64)) - kd * (k_ln2_lo / 64);
  const double q =
      r + r * r * (1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720)))));
  const double t = k_exp2_table[k & 63];
  const double y = t + t * q;
  const std::int64_t e = k >> 6U;  // floor(k / 64): arithmetic shift in C++20
  if (e > 1023) {
    return y * 2.0 * pow2(e - 1);
  }
  if (e < -1022) {
    return y * pow2(e + 54) * 0x1.0p-54;  // one rounding, into the subnormal range
  }
  return y * pow2(e);
}

Rng::Rng(std::uint64_t seed) noexcept {
  for (auto& word : state_) {
    word = splitmix64(seed);
  }
}

Rng Rng::from_state(const State& state) noexcept {
  Rng rng;
  rng.state_ = state;
  return rng;
}

std::uint64_t Rng::below(std::uint64_t n) noexcept {
  if (n == 0) {
    return 0;
  }
  // Accept only draws from the largest multiple of n that fits in 2^64 values.
  const std::uint64_t threshold = (0U - n) % n;
  for (;;) {
    const std::uint64_t r = next_u64();
    if (r >= threshold) {
      return r % n;
    }
  }
}

double Rng::normal() noexcept {
  const Ziggurat& z = normal_ziggurat();
  for (;;) {
    const std::uint64_t bits = next_u64();
    const std::size_t layer = bits & 0xffU;
    // Bit 8 moves to the sign bit and is applied by XOR: a coin flip is no branch to mispredict.
    const std::uint64_t sign = (bits & 0x100U) << 55U;
    const auto with_sign = [sign](double v) {
      return std::bit_cast<double>(std::bit_cast<std::uint64_t>(v) ^ sign);
    };
    const double x = static_cast<double>(bits >> 11U) * 0x1.0p-53 * z.x[layer];
    if (x < z.x[layer + 1]) {
      return with_sign(x);
    }
    if (layer == 0) {
      // Beyond r: Marsaglia's tail method, r + a with a accepted against exp(-a^2 / 2).
      double a = 0.0;
      double b = 0.0;
      do {
        a = -portable_log(uniform_positive()) / k_normal_r;
        b = -portable_log(uniform_positive());
      } while (b + b < a * a);
      return with_sign(k_normal_r + a);
    }
    if (z.f[layer] + uniform() * (z.f[layer + 1] - z.f[layer]) < portable_exp(-0.5 * x * x)) {
      return with_sign(x);
    }
  }
}

double Rng::exponential() noexcept {
  const Ziggurat& z = exponential_ziggurat();
  for (;;) {
    const std::uint64_t bits = next_u64();
    const std::size_t layer = bits & 0xffU;
    const double x = static_cast<double>(bits >> 11U) * 0x1.0p-53 * z.x[layer];
    if (x < z.x[layer + 1]) {
      return x;
    }
    if (layer == 0) {
      return k_exponential_r - portable_log(uniform_positive());  // memoryless beyond r
    }
    if (z.f[layer] + uniform() * (z.f[layer + 1] - z.f[layer]) < portable_exp(-x)) {
      return x;
    }
  }
}

}  // namespace qbt
