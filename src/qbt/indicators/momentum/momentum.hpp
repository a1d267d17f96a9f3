#pragma once
/// Momentum: x - x[-period], the change over `period` bars in price units. Follows backtrader
/// Momentum (backtrader/indicators/momentum.py).

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming Momentum: O(1) per value.
class Momentum {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Momentum(std::int32_t period);

  /// Push x; return x - x[-period], NaN for the first `period` values (after leading NaNs) and
  /// whenever either end is NaN.
  double update(double x) noexcept { return x - ring_.push(x); }
  [[nodiscard]] std::int32_t period() const noexcept { return ring_.capacity(); }

private:
  detail::RingBuffer ring_;  // capacity period: push() returns x[-period]
};

/// Undefined leading outputs: period (backtrader's minimum period is period + 1).
[[nodiscard]] constexpr std::int32_t momentum_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch Momentum of `in` into `out` (same length, not aliased), identical to Momentum::update.
void momentum(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "Momentum".
void register_momentum(IndicatorRegistry& registry);

}  // namespace qbt::indicators
