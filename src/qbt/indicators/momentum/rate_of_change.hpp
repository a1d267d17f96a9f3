#pragma once
/// Rate of change: (x - x[-period]) / x[-period], a fraction (0.05 = +5%), not a percentage.
/// Follows backtrader RateOfChange (alias ROC, backtrader/indicators/momentum.py).

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// One rate of change from x and x[-period], rounded as backtrader rounds it.
[[nodiscard]] inline double rate_of_change_of(double x, double x_ago) noexcept {
  return (x - x_ago) / x_ago;
}

/// Streaming ROC: O(1) per value.
class RateOfChange {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit RateOfChange(std::int32_t period);

  /// Push x; return (x - x[-period]) / x[-period], NaN for the first `period` values (after
  /// leading NaNs). x[-period] == 0 gives an infinity or NaN (backtrader raises
  /// ZeroDivisionError).
  double update(double x) noexcept { return rate_of_change_of(x, ring_.push(x)); }
  [[nodiscard]] std::int32_t period() const noexcept { return ring_.capacity(); }

private:
  detail::RingBuffer ring_;
};

/// Undefined leading outputs: period.
[[nodiscard]] constexpr std::int32_t rate_of_change_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch ROC of `in` into `out` (same length, not aliased), identical to RateOfChange::update.
void rate_of_change(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "ROC" (alias RateOfChange).
void register_rate_of_change(IndicatorRegistry& registry);

}  // namespace qbt::indicators
