#pragma once
/// True range: max(high, previous close) - min(low, previous close), defined from the second
/// bar. Follows backtrader TrueRange (alias TR, backtrader/indicators/atr.py: TrueHigh - TrueLow).

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// One bar's true range given the previous close; NaN if any of the three is NaN.
[[nodiscard]] inline double true_range_of(double high, double low, double prev_close) noexcept {
  if (std::isnan(high) || std::isnan(low) || std::isnan(prev_close)) {
    return k_nan;
  }
  const double true_high = high > prev_close ? high : prev_close;
  const double true_low = low < prev_close ? low : prev_close;
  return true_high - true_low;
}

/// Streaming true range.
class TrueRange {
public:
  /// Push one bar; return its true range (NaN on the first bar).
  double update(double high, double low, double close) noexcept {
    const double prev_close = prev_close_;
    prev_close_ = close;
    return true_range_of(high, low, prev_close);
  }

private:
  double prev_close_ = k_nan;
};

/// Undefined leading outputs: 1 (the first bar has no previous close).
[[nodiscard]] constexpr std::int32_t true_range_lookback() noexcept { return 1; }

/// Batch true range into `out`; all spans the same length.
void true_range(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, std::span<double> out);

/// Register "TR" (alias TrueRange).
void register_true_range(IndicatorRegistry& registry);

}  // namespace qbt::indicators
