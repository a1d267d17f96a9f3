#pragma once
/// Percent rank of the newest value in its window: the fraction of the last `period` values
/// (the newest included) that are strictly below it, so the newest value never counts itself
/// and the result lies in [0, (period-1)/period]. Follows backtrader PercentRank (alias
/// PctRank, backtrader/indicators/percentrank.py), default period 50. A window holding NaN
/// is NaN (backtrader would count the NaN as not below; see the NaN policy in indicator.hpp).
/// Counting is O(period) per value, over contiguous memory so it vectorizes.

#include <cstdint>
#include <span>
#include <vector>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// How many of `window` are strictly below x.
[[nodiscard]] inline std::int32_t count_below(std::span<const double> window, double x) noexcept {
  std::int32_t count = 0;
  for (const double value : window) {
    count += value < x ? 1 : 0;
  }
  return count;
}

/// Streaming PercentRank: O(period) per value, no allocation after construction.
class PercentRank {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit PercentRank(std::int32_t period);

  /// Push x; return the fraction of the last `period` values below x, NaN for the first
  /// period-1 (after leading NaNs) and while a NaN is inside the window.
  double update(double x) noexcept;
  [[nodiscard]] std::int32_t period() const noexcept { return period_; }

private:
  std::vector<double> window_;  ///< the last `period` values in ring order (order is irrelevant)
  std::size_t next_ = 0;
  std::int32_t period_;
  std::int32_t clean_run_ = 0;  ///< non-NaN values in a row at the newest end, capped at period
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t percent_rank_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch PercentRank of `in` into `out` (same length), identical to PercentRank::update.
void percent_rank(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "PercentRank" (alias PctRank).
void register_percent_rank(IndicatorRegistry& registry);

}  // namespace qbt::indicators
