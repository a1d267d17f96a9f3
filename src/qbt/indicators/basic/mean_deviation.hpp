#pragma once
/// Mean absolute deviation as backtrader defines it: SMA(|x - SMA(x, period)|, period). Each
/// value's distance is taken from the mean of *its own* window (the SMA at that bar), not from
/// the newest mean as in the textbook definition, so the first value needs 2 * period - 1
/// inputs. Follows backtrader MeanDeviation (alias MeanDev, backtrader/indicators/deviation.py);
/// the mean deviation inside backtrader's CCI.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming MeanDeviation: two chained SMAs, O(1) per value.
class MeanDeviation {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit MeanDeviation(std::int32_t period);

  /// Push x; return the mean deviation, NaN for the first 2*(period-1) values (after leading
  /// NaNs) and while a non-finite value is inside either window.
  double update(double x) noexcept { return deviation_.update(std::fabs(x - mean_.update(x))); }
  [[nodiscard]] std::int32_t period() const noexcept { return mean_.period(); }

private:
  Sma mean_;
  Sma deviation_;
};

/// Undefined leading outputs: 2 * (period - 1).
[[nodiscard]] constexpr std::int32_t mean_deviation_lookback(std::int32_t period) noexcept {
  return 2 * (period - 1);
}

/// Batch MeanDeviation of `in` into `out` (same length), identical to MeanDeviation::update.
void mean_deviation(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "MeanDeviation" (alias MeanDev).
void register_mean_deviation(IndicatorRegistry& registry);

}  // namespace qbt::indicators
