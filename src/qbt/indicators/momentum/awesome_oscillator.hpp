#pragma once
/// Awesome oscillator (Williams): SMA(median, fast) - SMA(median, slow) of the median price
/// (high + low) / 2. Follows backtrader AwesomeOscillator (aliases AwesomeOsc, AO;
/// backtrader/indicators/awesomeoscillator.py). Like backtrader, any two periods are accepted;
/// `movav` is fixed to the SMA.

#include <cstdint>
#include <span>

#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming AwesomeOscillator: O(1) per bar.
class AwesomeOscillator {
public:
  /// Throws UserInputError unless fast and slow are in [1, k_max_period].
  explicit AwesomeOscillator(std::int32_t fast = 5, std::int32_t slow = 34);

  /// Push one bar; return the oscillator, NaN for the first max(fast, slow) - 1 bars (after
  /// leading NaNs) and while a NaN is inside a window.
  double update(double high, double low) noexcept {
    const double median = (high + low) / 2.0;
    return fast_.update(median) - slow_.update(median);
  }

private:
  Sma fast_;
  Sma slow_;
};

/// Undefined leading outputs: max(fast, slow) - 1.
[[nodiscard]] constexpr std::int32_t awesome_oscillator_lookback(std::int32_t fast,
                                                                 std::int32_t slow) noexcept {
  return (fast > slow ? fast : slow) - 1;
}

/// Batch AwesomeOscillator into `out`; all spans the same length. Identical to
/// AwesomeOscillator::update per bar.
void awesome_oscillator(std::span<const double> high, std::span<const double> low,
                        std::int32_t fast, std::int32_t slow, std::span<double> out);

/// Register "AO" (aliases AwesomeOscillator, AwesomeOsc).
void register_awesome_oscillator(IndicatorRegistry& registry);

}  // namespace qbt::indicators
