#pragma once
/// Percentage price oscillator: ppo = 100 * (EMA(x, period1) - EMA(x, period2)) / EMA(x, period2),
/// signal = EMA(ppo, period_signal), histo = ppo - signal. Follows backtrader
/// PercentagePriceOscillator (aliases PPO, PercPriceOsc) and PercentagePriceOscillatorShort
/// (aliases PPOShort, PercPriceOscShort), which divides by the short EMA(period1) instead, as
/// MetaStock does (backtrader/indicators/priceoscillator.py). The ratio is evaluated as
/// (100 * difference) / denominator like backtrader's expression. Any two periods are accepted,
/// as in backtrader; `_movav` is fixed to the EMA.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Which EMA divides the difference.
enum class PpoDenominator : std::uint8_t {
  long_average,   ///< EMA(period2): PPO
  short_average,  ///< EMA(period1): PPOShort
};

/// Lines of PPO and PPOShort.
struct PpoLines {
  double ppo;
  double signal;
  double histo;
};

/// Streaming PPO (or PPOShort): O(1) per value.
class Ppo {
public:
  /// Throws UserInputError unless every period is in [1, k_max_period].
  explicit Ppo(std::int32_t period1 = 12, std::int32_t period2 = 26, std::int32_t period_signal = 9,
               PpoDenominator denominator = PpoDenominator::long_average);

  /// Push x; ppo is NaN for the first max(period1, period2) - 1 values (after leading NaNs),
  /// signal and histo for period_signal - 1 more. A later NaN makes every following value NaN.
  PpoLines update(double x) noexcept {
    const double ema1 = ema1_.update(x);
    const double ema2 = ema2_.update(x);
    const double ppo = 100.0 * (ema1 - ema2) / (short_ ? ema1 : ema2);
    const double signal = signal_.update(ppo);
    return {ppo, signal, ppo - signal};
  }

private:
  detail::ExpSmoothing ema1_;
  detail::ExpSmoothing ema2_;
  detail::ExpSmoothing signal_;
  bool short_;
};

/// Undefined leading outputs (of signal and histo): max(period1, period2) + period_signal - 2.
[[nodiscard]] constexpr std::int32_t ppo_lookback(std::int32_t period1, std::int32_t period2,
                                                  std::int32_t period_signal) noexcept {
  return (period1 > period2 ? period1 : period2) + period_signal - 2;
}

/// Batch PPO (or PPOShort) of `in` into the three lines (all the same length), identical to
/// Ppo::update per value.
void ppo(std::span<const double> in, std::int32_t period1, std::int32_t period2,
         std::int32_t period_signal, std::span<double> ppo, std::span<double> signal,
         std::span<double> histo, PpoDenominator denominator = PpoDenominator::long_average);

/// Register "PPO" (aliases PercentagePriceOscillator, PercPriceOsc) and "PPOShort" (aliases
/// PercentagePriceOscillatorShort, PercPriceOscShort).
void register_ppo(IndicatorRegistry& registry);

}  // namespace qbt::indicators
