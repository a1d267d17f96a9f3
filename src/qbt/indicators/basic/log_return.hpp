#pragma once
/// Logarithmic return over `period` bars: ln(x / x[-period]). backtrader has no such indicator
/// (only a LogReturnsRolling analyzer); this is the natural log of TA-Lib's ROCR
/// (x / x[-period]), so LogReturn(period) = ln(ROCR(period)) and successive 1-bar values add up
/// to the log return of the whole span.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming LogReturn: O(1) per value.
class LogReturn {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit LogReturn(std::int32_t period);

  /// Push x; return ln(x / x[-period]), NaN for the first `period` values (after leading NaNs).
  double update(double x) noexcept { return std::log(x / ring_.push(x)); }
  [[nodiscard]] std::int32_t period() const noexcept { return ring_.capacity(); }

private:
  detail::RingBuffer ring_;
};

/// Undefined leading outputs: period.
[[nodiscard]] constexpr std::int32_t log_return_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch LogReturn of `in` into `out` (same length), identical to LogReturn::update.
void log_return(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "LogReturn".
void register_log_return(IndicatorRegistry& registry);

}  // namespace qbt::indicators
