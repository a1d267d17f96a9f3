#pragma once
/// Volume-weighted average price of the typical price (high + low + close) / 3:
/// sum(typical * volume) / sum(volume). backtrader and TA-Lib have no VWAP; this is the common
/// definition, in two forms chosen by `period`:
/// - period = 0 (default): cumulative from the first bar, defined from the first bar. There is
///   no session reset: indicators see no timestamps, so feed one session (or one day) at a time
///   for the intraday convention.
/// - period = N: over the last N bars only, defined from bar N - 1.
///
/// Sums are compensated (detail/compensated_sum.hpp), so long series do not drift. A window
/// without volume gives 0/0 = NaN. NaN: leading bars with a NaN field are skipped; after that
/// the cumulative form stays NaN for good, the rolling form while the bar is in the window.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/detail/compensated_sum.hpp"
#include "qbt/indicators/detail/rolling_sum.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming VWAP: O(1) per bar.
class Vwap {
public:
  /// period 0 is cumulative; throws UserInputError unless 0 <= period <= k_max_period.
  explicit Vwap(std::int32_t period = 0);

  /// Push one bar; return the VWAP so far (cumulative) or over the window (rolling).
  double update(double high, double low, double close, double volume) noexcept {
    const bool bad = std::isnan(high) || std::isnan(low) || std::isnan(close) || std::isnan(volume);
    const double weighted = bad ? k_nan : (high + low + close) / 3.0 * volume;
    if (rolling_) {
      const double weighted_sum = weighted_window_.update(weighted);
      return weighted_sum / volume_window_.update(bad ? k_nan : volume);
    }
    if (!started_) [[unlikely]] {
      if (bad) {
        return k_nan;
      }
      started_ = true;
    }
    if (bad) {
      poisoned_ = true;
    }
    weighted_sum_.add(weighted);
    volume_sum_.add(volume);
    return poisoned_ ? k_nan : weighted_sum_.value() / volume_sum_.value();
  }

private:
  detail::RollingSum weighted_window_;
  detail::RollingSum volume_window_;
  detail::CompensatedSum weighted_sum_;
  detail::CompensatedSum volume_sum_;
  bool rolling_;
  bool started_ = false;
  bool poisoned_ = false;
};

/// Undefined leading outputs: 0 when cumulative, period - 1 when rolling.
[[nodiscard]] constexpr std::int32_t vwap_lookback(std::int32_t period) noexcept {
  return period > 0 ? period - 1 : 0;
}

/// Batch VWAP into `out`; all spans the same length. Identical to Vwap::update per bar.
void vwap(std::span<const double> high, std::span<const double> low, std::span<const double> close,
          std::span<const double> volume, std::int32_t period, std::span<double> out);

/// Register "VWAP" (alias VolumeWeightedAveragePrice).
void register_vwap(IndicatorRegistry& registry);

}  // namespace qbt::indicators
