#pragma once
/// Williams %R: -100 * (HH - close) / (HH - LL) over the last `period` bars' highs and lows,
/// from 0 (close at the high) to -100 (close at the low). Follows backtrader WilliamsR
/// (backtrader/indicators/williams.py), evaluated as (-100 * (HH - c)) / (HH - LL) like its
/// Python expression. A flat range divides by zero: backtrader raises ZeroDivisionError, qbt
/// gives IEEE infinity or NaN. backtrader's `upperband`/`lowerband` only place plot lines and are
/// not declared here.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_extreme.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// One %R from the window's highest high and lowest low, rounded as backtrader rounds it.
[[nodiscard]] inline double williams_r_of(double highest, double lowest, double close) noexcept {
  return -100.0 * (highest - close) / (highest - lowest);
}

/// Streaming Williams %R: O(1) amortised per bar.
class WilliamsR {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit WilliamsR(std::int32_t period = 14);

  /// Push one bar; return %R, NaN for the first period - 1 bars (after leading NaNs) and while a
  /// NaN is in the window.
  double update(double high, double low, double close) noexcept {
    const double highest = highest_.update(high);
    return williams_r_of(highest, lowest_.update(low), close);
  }
  [[nodiscard]] std::int32_t period() const noexcept { return highest_.period(); }

private:
  detail::RollingMax highest_;
  detail::RollingMin lowest_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t williams_r_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch Williams %R into `out`; all spans the same length. Identical to WilliamsR::update.
void williams_r(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, std::int32_t period, std::span<double> out);

/// Register "WilliamsR".
void register_williams_r(IndicatorRegistry& registry);

}  // namespace qbt::indicators
