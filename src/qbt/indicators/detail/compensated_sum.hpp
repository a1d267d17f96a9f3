#pragma once
/// Error-free floating-point transformations and a compensated running sum: the one place where
/// indicator sums get their accuracy. backtrader sums windows with math.fsum (exactly rounded);
/// an O(1) running sum that only adds and subtracts plain doubles drifts on long series (adding
/// 1 to 1e16 loses it for good), so every window sum here carries its rounding error along.
/// Requires IEEE double arithmetic without -ffast-math (the project never enables it).

#include <cstdint>

namespace qbt::indicators::detail {

/// An unevaluated sum hi + lo.
struct DoubleDouble {
  double hi = 0.0;
  double lo = 0.0;
};

/// Split a + b into the rounded sum and its exact rounding error (Knuth's branch-free TwoSum).
[[nodiscard]] inline DoubleDouble two_sum(double a, double b) noexcept {
  const double sum = a + b;
  const double b_virtual = sum - a;
  const double a_virtual = sum - b_virtual;
  return {sum, (a - a_virtual) + (b - b_virtual)};
}

/// Split n * x into the rounded product and its exact error, for an integer 0 <= n < 2^26
/// (Dekker's product with Veltkamp's split of x; n needs no split, so both partial products
/// are exact).
[[nodiscard]] inline DoubleDouble two_product_small(std::int32_t n, double x) noexcept {
  constexpr double k_splitter = 134217729.0;  // 2^27 + 1
  const double scaled = k_splitter * x;
  const double x_hi = scaled - (scaled - x);
  const double x_lo = x - x_hi;
  const auto factor = static_cast<double>(n);
  const double product = factor * x;
  return {product, (factor * x_hi - product) + factor * x_lo};
}

/// A running sum with Kahan-Babuska-Neumaier compensation (via TwoSum, so no branch): the
/// result is within a couple of ulps of the exact sum however many terms are added.
class CompensatedSum {
public:
  void add(double x) noexcept {
    const DoubleDouble step = two_sum(hi_, x);
    hi_ = step.hi;
    lo_ += step.lo;
  }
  /// Add a value known to be tiny next to the sum (another sum's error term) without a TwoSum.
  void add_error(double x) noexcept { lo_ += x; }
  /// Add x_new - x_old as one step (a sliding window); both roundings are kept.
  void replace(double x_new, double x_old) noexcept {
    const DoubleDouble delta = two_sum(x_new, -x_old);
    const DoubleDouble step = two_sum(hi_, delta.hi);
    hi_ = step.hi;
    lo_ += delta.lo + step.lo;
  }
  [[nodiscard]] double value() const noexcept { return hi_ + lo_; }
  [[nodiscard]] double hi() const noexcept { return hi_; }
  [[nodiscard]] double lo() const noexcept { return lo_; }
  void reset() noexcept {
    hi_ = 0.0;
    lo_ = 0.0;
  }

private:
  double hi_ = 0.0;
  double lo_ = 0.0;
};

}  // namespace qbt::indicators::detail
