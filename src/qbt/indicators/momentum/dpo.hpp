#pragma once
/// Detrended price oscillator (DiNapoli): the value minus its SMA as it was `lag` bars ago,
///   dpo = x - SMA(x, period)[-lag].
/// Follows backtrader DetrendedPriceOscillator (alias DPO, backtrader/indicators/dpo.py) and its
/// own shift, written `ma(-period // 2 + 1)` in Python: (-period) // 2 + 1 floors, so
/// lag = (period - 1) / 2 in integer division, 9 for the default 20 (the textbook DPO shifts by
/// period / 2 + 1 = 11). DPO(20) is first defined at bar 19 + 9 = 28. `movav` is fixed to the SMA.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"
#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// backtrader's shift of the SMA: -((-period) // 2 + 1) bars, i.e. (period - 1) / 2.
[[nodiscard]] constexpr std::int32_t dpo_lag(std::int32_t period) noexcept {
  return (period - 1) / 2;
}

/// Streaming DPO: O(1) per value.
class Dpo {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Dpo(std::int32_t period = 20);

  /// Push x; return x - SMA[-lag], NaN for the first period - 1 + lag values (after leading
  /// NaNs) and while a NaN is inside the window behind that SMA.
  double update(double x) noexcept {
    averages_.push(sma_.update(x));
    return x - averages_.ago(lag_);
  }

private:
  Sma sma_;
  detail::RingBuffer averages_;  ///< the last lag + 1 SMA values
  std::int32_t lag_;
};

/// Undefined leading outputs: period - 1 + lag.
[[nodiscard]] constexpr std::int32_t dpo_lookback(std::int32_t period) noexcept {
  return period - 1 + dpo_lag(period);
}

/// Batch DPO of `in` into `out` (same length), identical to Dpo::update per value.
void dpo(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "DPO" (alias DetrendedPriceOscillator).
void register_dpo(IndicatorRegistry& registry);

}  // namespace qbt::indicators
