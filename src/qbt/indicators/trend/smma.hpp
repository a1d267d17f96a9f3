#pragma once
/// Smoothed (Wilder's) moving average: exponential smoothing with alpha = 1 / period, seeded
/// with the SMA of the first `period` values. Follows backtrader SmoothedMovingAverage
/// (backtrader/indicators/smma.py); the smoothing inside ATR, RSI and DM.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming SMMA: O(1) per value.
class Smma {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Smma(std::int32_t period);

  /// Push x; return the SMMA, NaN for the first period-1 values (after leading NaNs). A later
  /// NaN input makes every following value NaN, as in backtrader.
  double update(double x) noexcept { return smoothing_.update(x); }
  [[nodiscard]] std::int32_t period() const noexcept { return smoothing_.period(); }

private:
  detail::ExpSmoothing smoothing_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t smma_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch SMMA of `in` into `out` (same length; may be the same span), identical to
/// Smma::update.
void smma(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "SMMA" (aliases SmoothedMovingAverage, WilderMA, MovingAverageSmoothed,
/// MovingAverageWilder, ModifiedMovingAverage).
void register_smma(IndicatorRegistry& registry);

}  // namespace qbt::indicators
