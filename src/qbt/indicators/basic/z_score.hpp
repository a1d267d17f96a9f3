#pragma once
/// Z-score of the newest value within its window: (x - SMA(x, period)) / StdDev(x, period), with
/// backtrader's population standard deviation sqrt(|SMA(x^2) - SMA(x)^2|) (basic/
/// standard_deviation.hpp). backtrader and TA-Lib have no z-score indicator; this is the textbook
/// standard score over a rolling window, built from backtrader's SMA and StandardDeviation
/// (backtrader/indicators/sma.py, deviation.py). A window of identical values gives 0 / 0 = NaN.

#include <cstdint>
#include <span>

#include "qbt/indicators/basic/standard_deviation.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming ZScore: O(1) per value.
class ZScore {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit ZScore(std::int32_t period);

  /// Push x; return (x - mean) / stddev of the last `period` values, NaN for the first period-1
  /// (after leading NaNs) and while a non-finite value is inside the window.
  double update(double x) noexcept {
    const MeanStdDev window = window_.slide(x, ring_.push(x));
    return (x - window.mean) / window.stddev;
  }
  [[nodiscard]] std::int32_t period() const noexcept { return window_.period(); }

private:
  StdDevWindow window_;
  detail::RingBuffer ring_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t z_score_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch ZScore of `in` into `out` (same length), identical to ZScore::update per value.
void z_score(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "ZScore".
void register_z_score(IndicatorRegistry& registry);

}  // namespace qbt::indicators
