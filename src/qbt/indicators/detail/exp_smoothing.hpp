#pragma once
/// Seeded exponential smoothing, the recursion behind EMA, SMMA (Wilder), ATR, RSI, MACD, TRIX,
/// DM, ...: backtrader's ExponentialSmoothing. The first value is the mean of the first `period`
/// defined inputs (placed at the period-th of them); after that
/// `y = y_prev * (1 - alpha) + x * alpha`, evaluated in exactly that order so results match
/// backtrader to the last bit where its seed does.

#include <cmath>
#include <cstdint>

#include "qbt/indicators/detail/compensated_sum.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators::detail {

class ExpSmoothing {
public:
  /// EMA smoothing: alpha = 2 / (1 + period).
  [[nodiscard]] static ExpSmoothing ema(std::int32_t period) noexcept {
    return {period, 2.0 / (1.0 + period)};
  }
  /// Wilder's smoothing (SMMA): alpha = 1 / period.
  [[nodiscard]] static ExpSmoothing wilder(std::int32_t period) noexcept {
    return {period, 1.0 / period};
  }

  ExpSmoothing(std::int32_t period, double alpha) noexcept
      : period_(period), alpha_(alpha), alpha1_(1.0 - alpha) {}

  /// Push x; return the smoothed value, NaN during the warm-up. Leading NaNs are skipped; a
  /// later NaN (or one inside the seed window) makes every following value NaN, as in
  /// backtrader.
  double update(double x) noexcept {
    if (seeded()) [[likely]] {
      return step(x);
    }
    return seed(x);
  }

  /// Whether the seed is in place, so step() may be called.
  [[nodiscard]] bool seeded() const noexcept { return count_ == period_; }
  /// The steady-state recursion alone; batch loops call it once seeded() to drop the branch.
  double step(double x) noexcept {
    value_ = value_ * alpha1_ + x * alpha_;
    return value_;
  }
  [[nodiscard]] double value() const noexcept { return seeded() ? value_ : k_nan; }
  [[nodiscard]] std::int32_t period() const noexcept { return period_; }
  [[nodiscard]] double alpha() const noexcept { return alpha_; }

private:
  double seed(double x) noexcept {
    if (count_ == 0 && std::isnan(x)) {
      return k_nan;
    }
    seed_sum_.add(x);
    if (++count_ < period_) {
      return k_nan;
    }
    value_ = seed_sum_.value() / period_;
    return value_;
  }

  std::int32_t period_;
  std::int32_t count_ = 0;
  double alpha_;
  double alpha1_;
  double value_ = k_nan;
  CompensatedSum seed_sum_;
};

/// Run an ExpSmoothing over `in` into `out` (same length): the batch form, bit-identical to
/// calling update() per value, with the warm-up branch hoisted out of the steady loop.
inline void smooth(ExpSmoothing& state, std::span<const double> in, std::span<double> out) noexcept {
  const std::size_t n = in.size();
  std::size_t i = 0;
  for (; i < n && !state.seeded(); ++i) {
    out[i] = state.update(in[i]);
  }
  for (; i < n; ++i) {
    out[i] = state.step(in[i]);
  }
}

}  // namespace qbt::indicators::detail
