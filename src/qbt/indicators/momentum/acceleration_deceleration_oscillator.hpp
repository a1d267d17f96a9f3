#pragma once
/// Acceleration/deceleration oscillator (Williams): AO - SMA(AO, period), where AO is the
/// awesome oscillator with its default periods (5, 34). Follows backtrader
/// AccelerationDecelerationOscillator (alias AccDeOsc,
/// backtrader/indicators/accdecoscillator.py), which builds its AO with the defaults and offers
/// no way to change them; `movav` is fixed to the SMA.

#include <cstdint>
#include <span>

#include "qbt/indicators/momentum/awesome_oscillator.hpp"
#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming AccDeOsc: O(1) per bar.
class AccelerationDecelerationOscillator {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit AccelerationDecelerationOscillator(std::int32_t period = 5);

  /// Push one bar; return AO - SMA(AO, period), NaN for the first 33 + period - 1 bars (after
  /// leading NaNs) and while a NaN is inside a window.
  double update(double high, double low) noexcept {
    const double ao = ao_.update(high, low);
    return ao - sma_.update(ao);
  }

private:
  AwesomeOscillator ao_;
  Sma sma_;
};

/// Undefined leading outputs: 33 (AO(5, 34)) + period - 1.
[[nodiscard]] constexpr std::int32_t acceleration_deceleration_oscillator_lookback(
    std::int32_t period) noexcept {
  return awesome_oscillator_lookback(5, 34) + period - 1;
}

/// Batch AccDeOsc into `out`; all spans the same length. Identical to
/// AccelerationDecelerationOscillator::update per bar.
void acceleration_deceleration_oscillator(std::span<const double> high, std::span<const double> low,
                                          std::int32_t period, std::span<double> out);

/// Register "AccDeOsc" (alias AccelerationDecelerationOscillator).
void register_acceleration_deceleration_oscillator(IndicatorRegistry& registry);

}  // namespace qbt::indicators
