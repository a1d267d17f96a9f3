#pragma once
/// Zero-lag exponential moving average: EMA(2 * x - x[-lag], period) with
/// lag = (period - 1) / 2 (integer division), the EMA seeded with its SMA as usual. Follows
/// backtrader ZeroLagExponentialMovingAverage (aliases ZLEMA, ZeroLagEma,
/// backtrader/indicators/zlema.py); the lag adds to the warm-up: ZLEMA(30) needs 44 values.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "qbt/indicators/detail/exp_smoothing.hpp"
#include "qbt/indicators/detail/ring_buffer.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The momentum lag: (period - 1) / 2.
[[nodiscard]] constexpr std::int32_t zlema_lag(std::int32_t period) noexcept {
  return (period - 1) / 2;
}

/// Streaming ZLEMA: O(1) per value.
class Zlema {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Zlema(std::int32_t period);

  /// Push x; return the ZLEMA, NaN for the first zlema_lookback(period) values (after leading
  /// NaNs). A later NaN input makes every following value NaN, as in backtrader.
  double update(double x) noexcept {
    const double pushed = ring_.push(x);
    const double lagged = lag_ == 0 ? x : pushed;
    return smoothing_.update(2.0 * x - lagged);
  }
  [[nodiscard]] std::int32_t period() const noexcept { return smoothing_.period(); }

private:
  detail::RingBuffer ring_;  ///< capacity max(lag, 1): push() returns x[-lag]
  std::int32_t lag_;
  detail::ExpSmoothing smoothing_;
};

/// Undefined leading outputs: lag + period - 1.
[[nodiscard]] constexpr std::int32_t zlema_lookback(std::int32_t period) noexcept {
  return zlema_lag(period) + period - 1;
}

/// Batch ZLEMA of `in` into `out` (same length), identical to Zlema::update per value.
void zlema(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "ZLEMA" (aliases ZeroLagExponentialMovingAverage, ZeroLagEma).
void register_zlema(IndicatorRegistry& registry);

}  // namespace qbt::indicators
