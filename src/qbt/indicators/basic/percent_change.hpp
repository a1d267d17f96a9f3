#pragma once
/// Percent change over `period` bars, as a fraction: x / x[-period] - 1. Follows backtrader
/// PercentChange (alias PctChange, backtrader/indicators/percentchange.py), default period 30.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming PercentChange: O(1) per value.
class PercentChange {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit PercentChange(std::int32_t period);

  /// Push x; return x / x[-period] - 1, NaN for the first `period` values (after leading NaNs).
  double update(double x) noexcept { return x / ring_.push(x) - 1.0; }
  [[nodiscard]] std::int32_t period() const noexcept { return ring_.capacity(); }

private:
  detail::RingBuffer ring_;
};

/// Undefined leading outputs: period.
[[nodiscard]] constexpr std::int32_t percent_change_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch PercentChange of `in` into `out` (same length), identical to PercentChange::update.
void percent_change(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "PercentChange" (alias PctChange).
void register_percent_change(IndicatorRegistry& registry);

}  // namespace qbt::indicators
