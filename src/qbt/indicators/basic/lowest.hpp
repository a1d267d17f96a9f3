#pragma once
/// Lowest of the last `period` values. Follows backtrader Lowest (alias MinN,
/// backtrader/indicators/basicops.py). A NaN inside the window makes the value NaN (Python's
/// min() would answer depending on where the NaN sits).

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_extreme.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming Lowest: amortised O(1) per value (monotonic deque).
class Lowest {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Lowest(std::int32_t period);

  /// Push x; return the lowest of the last `period` values, NaN for the first period-1 (after
  /// leading NaNs) and while a NaN is inside the window.
  double update(double x) noexcept { return extreme_.update(x); }
  /// Bars since the newest occurrence of the current lowest (0 = this bar); -1 while undefined.
  [[nodiscard]] std::int32_t age() const noexcept { return extreme_.age(); }
  [[nodiscard]] std::int32_t period() const noexcept { return extreme_.period(); }

private:
  detail::RollingMin extreme_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t lowest_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch Lowest of `in` into `out` (same length), identical to Lowest::update per value
/// (a branch-free block algorithm; max/min are exact, so the values are the same).
void lowest(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "Lowest" (alias MinN).
void register_lowest(IndicatorRegistry& registry);

}  // namespace qbt::indicators
