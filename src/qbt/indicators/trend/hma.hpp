#pragma once
/// Hull moving average: WMA(2 * WMA(x, period / 2) - WMA(x, period), floor(sqrt(period))), with
/// integer division for period / 2. Follows backtrader HullMovingAverage (aliases HMA, HullMA,
/// backtrader/indicators/hma.py). The outer WMA adds floor(sqrt(period)) - 1 bars to the
/// warm-up: HMA(30) needs 34 values. period must be at least 2 (period / 2 is a WMA length).

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "qbt/indicators/indicator.hpp"
#include "qbt/indicators/trend/wma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The outer WMA's length: floor(sqrt(period)), as backtrader's int(pow(period, 0.5)).
[[nodiscard]] inline std::int32_t hma_sqrt_period(std::int32_t period) noexcept {
  return static_cast<std::int32_t>(std::sqrt(static_cast<double>(period)));
}

/// Streaming HMA: three WMAs, O(1) per value.
class Hma {
public:
  /// Throws UserInputError unless 2 <= period <= k_max_period.
  explicit Hma(std::int32_t period);

  /// Push x; return the HMA, NaN for the first hma_lookback(period) values (after leading NaNs)
  /// and while a non-finite value is inside any of the windows.
  double update(double x) noexcept {
    const double half = half_.update(x);
    const double full = full_.update(x);
    return outer_.update(2.0 * half - full);
  }
  [[nodiscard]] std::int32_t period() const noexcept { return full_.period(); }

private:
  Wma half_;
  Wma full_;
  Wma outer_;
};

/// Undefined leading outputs: (period - 1) + (floor(sqrt(period)) - 1).
[[nodiscard]] inline std::int32_t hma_lookback(std::int32_t period) noexcept {
  return (period - 1) + (hma_sqrt_period(period) - 1);
}

/// HMA's parameters: period (default 30, at least 2).
[[nodiscard]] std::vector<ParamSpec> hma_params();

/// Batch HMA of `in` into `out` (same length), identical to Hma::update per value.
void hma(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "HMA" (aliases HullMovingAverage, HullMA).
void register_hma(IndicatorRegistry& registry);

}  // namespace qbt::indicators
