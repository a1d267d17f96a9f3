#pragma once
/// Pretty good oscillator (Johnson): the distance of the close from its SMA in units of average
/// true range, pgo = (close - SMA(close, period)) / ATR(period). Follows backtrader
/// PrettyGoodOscillator (aliases PGO, PrettyGoodOsc; backtrader/indicators/
/// prettygoodoscillator.py): ATR is Wilder's (backtrader ATR), `_movav` is fixed to the SMA.
/// Defined from bar `period` (the ATR's first value).

#include <cstdint>
#include <span>

#include "qbt/indicators/trend/sma.hpp"
#include "qbt/indicators/volatility/atr.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming PGO: O(1) per bar.
class PrettyGoodOscillator {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit PrettyGoodOscillator(std::int32_t period = 14);

  /// Push one bar; return the oscillator, NaN for the first `period` bars (after leading NaNs).
  double update(double high, double low, double close) noexcept {
    const double average = sma_.update(close);
    return (close - average) / atr_.update(high, low, close);
  }

private:
  Sma sma_;
  Atr atr_;
};

/// Undefined leading outputs: period (the ATR's).
[[nodiscard]] constexpr std::int32_t pretty_good_oscillator_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch PGO into `out`; all spans the same length. Identical to PrettyGoodOscillator::update.
void pretty_good_oscillator(std::span<const double> high, std::span<const double> low,
                            std::span<const double> close, std::int32_t period,
                            std::span<double> out);

/// Register "PGO" (aliases PrettyGoodOscillator, PrettyGoodOsc).
void register_pretty_good_oscillator(IndicatorRegistry& registry);

}  // namespace qbt::indicators
