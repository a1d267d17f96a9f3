#pragma once
/// Sum of the last `period` values. Follows backtrader SumN (backtrader/indicators/basicops.py),
/// which uses math.fsum; the running sum here is compensated (detail/compensated_sum.hpp).

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_sum.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming SumN: O(1) per value.
class SumN {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit SumN(std::int32_t period);

  /// Push x; return the sum of the last `period` values, NaN for the first period-1 (after
  /// leading NaNs) and while a non-finite value is inside the window.
  double update(double x) noexcept { return sum_.update(x); }
  [[nodiscard]] std::int32_t period() const noexcept { return sum_.period(); }

private:
  detail::RollingSum sum_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t sum_n_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch SumN of `in` into `out` (same length), identical to SumN::update per value.
void sum_n(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "SumN".
void register_sum_n(IndicatorRegistry& registry);

}  // namespace qbt::indicators
