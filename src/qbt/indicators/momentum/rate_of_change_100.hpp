#pragma once
/// Rate of change in percent: 100 * (x - x[-period]) / x[-period], stockcharts' ROC. Follows
/// backtrader RateOfChange100 (alias ROC100, backtrader/indicators/momentum.py), computed as
/// 100 * ROC so the rounding is backtrader's.
///
/// Older backtrader sources (momentum.py as of 2017) built the ROC without passing `period` on,
/// so ROC100 was always ROC100(12); the values backtrader's own KST test asserts (four ROC100s
/// with periods 10, 15, 20 and 30) need `period` honoured, as it is here.

#include <cstdint>
#include <span>

#include "qbt/indicators/momentum/rate_of_change.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming ROC100: O(1) per value.
class RateOfChange100 {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit RateOfChange100(std::int32_t period);

  /// Push x; return 100 * ROC(period), NaN for the first `period` values (after leading NaNs).
  double update(double x) noexcept { return 100.0 * roc_.update(x); }
  [[nodiscard]] std::int32_t period() const noexcept { return roc_.period(); }

private:
  RateOfChange roc_;
};

/// Undefined leading outputs: period.
[[nodiscard]] constexpr std::int32_t rate_of_change_100_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch ROC100 of `in` into `out` (same length, not aliased), identical to
/// RateOfChange100::update.
void rate_of_change_100(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "ROC100" (alias RateOfChange100).
void register_rate_of_change_100(IndicatorRegistry& registry);

}  // namespace qbt::indicators
