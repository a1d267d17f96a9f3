#pragma once
/// Exponential moving average with alpha = 2 / (period + 1), seeded with the SMA of the first
/// `period` values. Follows backtrader ExponentialMovingAverage (backtrader/indicators/ema.py,
/// via ExponentialSmoothing): y = y_prev * (1 - alpha) + x * alpha, in that order.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming EMA: O(1) per value.
class Ema {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Ema(std::int32_t period);

  /// Push x; return the EMA, NaN for the first period-1 values (after leading NaNs). A later NaN
  /// input makes every following value NaN, as in backtrader.
  double update(double x) noexcept { return smoothing_.update(x); }
  [[nodiscard]] std::int32_t period() const noexcept { return smoothing_.period(); }

private:
  detail::ExpSmoothing smoothing_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t ema_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch EMA of `in` into `out` (same length; may be the same span), identical to Ema::update.
void ema(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "EMA" (aliases ExponentialMovingAverage, MovingAverageExponential).
void register_ema(IndicatorRegistry& registry);

}  // namespace qbt::indicators
