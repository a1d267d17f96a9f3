#pragma once
/// Double exponential moving average: 2 * EMA(x) - EMA(EMA(x)), each EMA seeded with its SMA,
/// so the first value needs 2 * (period - 1) + 1 inputs. Follows backtrader
/// DoubleExponentialMovingAverage (backtrader/indicators/dema.py).

#include <cstdint>
#include <span>

#include "qbt/indicators/trend/ema.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming DEMA: two chained EMAs, O(1) per value.
class Dema {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Dema(std::int32_t period);

  /// Push x; return the DEMA, NaN for the first 2*(period-1) values (after leading NaNs).
  double update(double x) noexcept {
    const double ema1 = ema1_.update(x);
    const double ema2 = ema2_.update(ema1);  // skips ema1's warm-up NaNs
    return 2.0 * ema1 - ema2;
  }
  [[nodiscard]] std::int32_t period() const noexcept { return ema1_.period(); }

private:
  Ema ema1_;
  Ema ema2_;
};

/// Undefined leading outputs: 2 * (period - 1).
[[nodiscard]] constexpr std::int32_t dema_lookback(std::int32_t period) noexcept {
  return 2 * (period - 1);
}

/// Batch DEMA of `in` into `out` (same length), identical to Dema::update per value.
void dema(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "DEMA" (aliases DoubleExponentialMovingAverage, MovingAverageDoubleExponential).
void register_dema(IndicatorRegistry& registry);

}  // namespace qbt::indicators
