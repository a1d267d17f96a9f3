#pragma once
/// Highest of the last `period` values. Follows backtrader Highest (alias MaxN,
/// backtrader/indicators/basicops.py). A NaN inside the window makes the value NaN (Python's
/// max() would answer depending on where the NaN sits).

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_extreme.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming Highest: amortised O(1) per value (monotonic deque).
class Highest {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Highest(std::int32_t period);

  /// Push x; return the highest of the last `period` values, NaN for the first period-1 (after
  /// leading NaNs) and while a NaN is inside the window.
  double update(double x) noexcept { return extreme_.update(x); }
  /// Bars since the newest occurrence of the current highest (0 = this bar); -1 while undefined.
  [[nodiscard]] std::int32_t age() const noexcept { return extreme_.age(); }
  [[nodiscard]] std::int32_t period() const noexcept { return extreme_.period(); }

private:
  detail::RollingMax extreme_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t highest_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch Highest of `in` into `out` (same length), identical to Highest::update per value
/// (a branch-free block algorithm; max/min are exact, so the values are the same).
void highest(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "Highest" (alias MaxN).
void register_highest(IndicatorRegistry& registry);

}  // namespace qbt::indicators
