#pragma once
/// Williams accumulation/distribution: the running sum, from the second bar, of
///   close - min(low, prev close)   on an up day (close > prev close),
///   close - max(high, prev close)  on a down day (close < prev close),
///   0                              otherwise.
/// Follows backtrader WilliamsAD (backtrader/indicators/williams.py: Accum(If(UpDay, close -
/// TrueLow, 0) + If(DownDay, close - TrueHigh, 0))). The sum is a plain running sum, as
/// backtrader's Accum is, so the rounding is backtrader's. A NaN in a bar it needs (close, the
/// previous close, or the low/high of an up/down day) makes every later value NaN.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// One bar's accumulation/distribution term given the previous close; NaN if an input it needs
/// is NaN.
[[nodiscard]] inline double williams_ad_term(double high, double low, double close,
                                             double prev_close) noexcept {
  if (std::isnan(close) || std::isnan(prev_close)) {
    return k_nan;
  }
  if (close > prev_close) {
    const double true_low = prev_close < low ? prev_close : low;  // Python's min(low, prev)
    return std::isnan(low) ? k_nan : close - true_low;
  }
  if (close < prev_close) {
    const double true_high = prev_close > high ? prev_close : high;  // Python's max(high, prev)
    return std::isnan(high) ? k_nan : close - true_high;
  }
  return 0.0;
}

/// Streaming WilliamsAD: O(1) per bar.
class WilliamsAd {
public:
  /// Push one bar; return the running sum, NaN on the first bar (after leading NaNs).
  double update(double high, double low, double close) noexcept {
    const double term = williams_ad_term(high, low, close, prev_close_);
    prev_close_ = close;
    if (!started_) {
      if (std::isnan(term)) {
        return k_nan;
      }
      started_ = true;
    }
    sum_ += term;
    return sum_;
  }

private:
  double prev_close_ = k_nan;
  double sum_ = 0.0;
  bool started_ = false;
};

/// Undefined leading outputs: 1 (the first bar has no previous close).
[[nodiscard]] constexpr std::int32_t williams_ad_lookback() noexcept {
  return 1;
}

/// Batch WilliamsAD into `out`; all spans the same length. Identical to WilliamsAd::update.
void williams_ad(std::span<const double> high, std::span<const double> low,
                 std::span<const double> close, std::span<double> out);

/// Register "WilliamsAD".
void register_williams_ad(IndicatorRegistry& registry);

}  // namespace qbt::indicators
