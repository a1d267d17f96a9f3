#pragma once
/// Momentum oscillator: 100 * (x / x[-period]), the value as a percentage of the value `period`
/// bars earlier (100 = unchanged). Follows backtrader MomentumOscillator (alias MomentumOsc,
/// backtrader/indicators/momentum.py). backtrader's `band` parameter only places a plot line and
/// is not declared here.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// One momentum-oscillator value from x and x[-period], rounded as backtrader rounds it.
[[nodiscard]] inline double momentum_oscillator_of(double x, double x_ago) noexcept {
  return 100.0 * (x / x_ago);
}

/// Streaming MomentumOscillator: O(1) per value.
class MomentumOscillator {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit MomentumOscillator(std::int32_t period);

  /// Push x; return 100 * x / x[-period], NaN for the first `period` values (after leading
  /// NaNs). x[-period] == 0 gives an infinity (backtrader raises ZeroDivisionError).
  double update(double x) noexcept { return momentum_oscillator_of(x, ring_.push(x)); }
  [[nodiscard]] std::int32_t period() const noexcept { return ring_.capacity(); }

private:
  detail::RingBuffer ring_;
};

/// Undefined leading outputs: period.
[[nodiscard]] constexpr std::int32_t momentum_oscillator_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch MomentumOscillator of `in` into `out` (same length, not aliased), identical to
/// MomentumOscillator::update.
void momentum_oscillator(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "MomentumOscillator" (alias MomentumOsc).
void register_momentum_oscillator(IndicatorRegistry& registry);

}  // namespace qbt::indicators
