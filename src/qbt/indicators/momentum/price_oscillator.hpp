#pragma once
/// Absolute price oscillator: EMA(x, period1) - EMA(x, period2), in price units. Follows
/// backtrader PriceOscillator (aliases PriceOsc, AbsolutePriceOscillator, APO, AbsPriceOsc;
/// backtrader/indicators/priceoscillator.py) with its seeded EMAs. Like backtrader, any two
/// periods are accepted (period1 > period2 just flips the sign); `_movav` is fixed to the EMA.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming PriceOscillator: O(1) per value.
class PriceOscillator {
public:
  /// Throws UserInputError unless both periods are in [1, k_max_period].
  explicit PriceOscillator(std::int32_t period1 = 12, std::int32_t period2 = 26);

  /// Push x; return EMA(period1) - EMA(period2), NaN for the first max(period1, period2) - 1
  /// values (after leading NaNs); a later NaN makes every following value NaN.
  double update(double x) noexcept { return ema1_.update(x) - ema2_.update(x); }

private:
  detail::ExpSmoothing ema1_;
  detail::ExpSmoothing ema2_;
};

/// Undefined leading outputs: max(period1, period2) - 1.
[[nodiscard]] constexpr std::int32_t price_oscillator_lookback(std::int32_t period1,
                                                               std::int32_t period2) noexcept {
  return (period1 > period2 ? period1 : period2) - 1;
}

/// Batch PriceOscillator of `in` into `out` (same length, not aliased), identical to
/// PriceOscillator::update.
void price_oscillator(std::span<const double> in, std::int32_t period1, std::int32_t period2,
                      std::span<double> out);

/// Register "PriceOscillator" (aliases PriceOsc, AbsolutePriceOscillator, APO, AbsPriceOsc).
void register_price_oscillator(IndicatorRegistry& registry);

}  // namespace qbt::indicators
