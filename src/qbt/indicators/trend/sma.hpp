#pragma once
/// Simple moving average: the arithmetic mean of the last `period` values. Follows backtrader
/// MovingAverageSimple (backtrader/indicators/sma.py), which sums each window with math.fsum;
/// the running sum here is compensated, so it stays as accurate on series of any length.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_sum.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming SMA: O(1) per value.
class Sma {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Sma(std::int32_t period);

  /// Push x; return the mean of the last `period` values, NaN for the first period-1 (after
  /// leading NaNs) and while a non-finite value is inside the window.
  double update(double x) noexcept { return sum_.update(x) / divisor_; }
  [[nodiscard]] std::int32_t period() const noexcept { return sum_.period(); }

private:
  detail::RollingSum sum_;
  double divisor_;
};

/// Undefined leading outputs: period - 1 (backtrader's minimum period is `period`).
[[nodiscard]] constexpr std::int32_t sma_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch SMA of `in` into `out` (same length), identical to Sma::update per value.
void sma(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "SMA" (aliases SimpleMovingAverage, MovingAverageSimple).
void register_sma(IndicatorRegistry& registry);

}  // namespace qbt::indicators
