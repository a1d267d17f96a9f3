#pragma once
/// Triple exponential moving average: 3 * e1 - 3 * e2 + e3 with e1 = EMA(x), e2 = EMA(e1),
/// e3 = EMA(e2), each seeded with its SMA, so the first value needs 3 * (period - 1) + 1
/// inputs. Follows backtrader TripleExponentialMovingAverage (backtrader/indicators/dema.py).

#include <cstdint>
#include <span>

#include "qbt/indicators/trend/ema.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming TEMA: three chained EMAs, O(1) per value.
class Tema {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Tema(std::int32_t period);

  /// Push x; return the TEMA, NaN for the first 3*(period-1) values (after leading NaNs).
  double update(double x) noexcept {
    const double ema1 = ema1_.update(x);
    const double ema2 = ema2_.update(ema1);
    const double ema3 = ema3_.update(ema2);
    return 3.0 * ema1 - 3.0 * ema2 + ema3;
  }
  [[nodiscard]] std::int32_t period() const noexcept { return ema1_.period(); }

private:
  Ema ema1_;
  Ema ema2_;
  Ema ema3_;
};

/// Undefined leading outputs: 3 * (period - 1).
[[nodiscard]] constexpr std::int32_t tema_lookback(std::int32_t period) noexcept {
  return 3 * (period - 1);
}

/// Batch TEMA of `in` into `out` (same length), identical to Tema::update per value.
void tema(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "TEMA" (aliases TripleExponentialMovingAverage, MovingAverageTripleExponential).
void register_tema(IndicatorRegistry& registry);

}  // namespace qbt::indicators
