#pragma once
/// True strength index (Blau): a double-smoothed momentum over its double-smoothed magnitude,
///   pc = x - x[-pchange],
///   tsi = 100 * EMA(EMA(pc, period1), period2) / EMA(EMA(|pc|, period1), period2).
/// Follows backtrader TrueStrengthIndicator (alias TSI, backtrader/indicators/tsi.py) with its
/// seeded EMAs; `_movav` is fixed to the EMA.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"
#include "qbt/indicators/detail/ring_buffer.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming TSI: O(1) per value.
class Tsi {
public:
  /// Throws UserInputError unless period1, period2 and pchange are in [1, k_max_period].
  explicit Tsi(std::int32_t period1 = 25, std::int32_t period2 = 13, std::int32_t pchange = 1);

  /// Push x; return the TSI, NaN for the first pchange + period1 + period2 - 2 values (after
  /// leading NaNs); a later NaN makes every following value NaN.
  double update(double x) noexcept {
    const double change = x - ring_.push(x);
    const double momentum = momentum2_.update(momentum1_.update(change));
    const double magnitude = magnitude2_.update(magnitude1_.update(std::fabs(change)));
    return 100.0 * (momentum / magnitude);
  }

private:
  detail::RingBuffer ring_;  ///< capacity pchange: push() returns x[-pchange]
  detail::ExpSmoothing momentum1_;
  detail::ExpSmoothing momentum2_;
  detail::ExpSmoothing magnitude1_;
  detail::ExpSmoothing magnitude2_;
};

/// Undefined leading outputs: pchange + period1 + period2 - 2.
[[nodiscard]] constexpr std::int32_t tsi_lookback(std::int32_t period1, std::int32_t period2,
                                                  std::int32_t pchange = 1) noexcept {
  return pchange + period1 + period2 - 2;
}

/// Batch TSI of `in` into `out` (same length), identical to Tsi::update per value.
void tsi(std::span<const double> in, std::int32_t period1, std::int32_t period2,
         std::span<double> out, std::int32_t pchange = 1);

/// Register "TSI" (alias TrueStrengthIndicator).
void register_tsi(IndicatorRegistry& registry);

}  // namespace qbt::indicators
