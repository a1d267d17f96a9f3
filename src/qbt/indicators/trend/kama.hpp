#pragma once
/// Kaufman's adaptive moving average. With direction = x - x[-period] and volatility = the sum
/// of |x - x[-1]| over the last `period` bars:
///   er = |direction / volatility|                            (efficiency ratio)
///   sc = (er * (2/(fast+1) - 2/(slow+1)) + 2/(slow+1))^2     (smoothing constant)
///   kama = kama[-1] * (1 - sc) + x * sc
/// seeded with the mean of the `period` values ending at bar `period` (x[1..period], not
/// x[0..period-1]), so the first value is at bar `period`: KAMA(30) needs 31 values. Follows
/// backtrader AdaptiveMovingAverage (aliases KAMA, MovingAverageAdaptive,
/// backtrader/indicators/kama.py, via ExponentialSmoothingDynamic). A window without any change
/// (volatility 0) would divide 0 by 0, which stops backtrader with ZeroDivisionError; there we
/// take er = 1 as TA-Lib's KAMA does (volatility below |x| * 2^-60, the rounding residue the
/// compensated running sum may leave, counts as 0). KAMA is recursive: a NaN after the warm-up
/// start makes every following value NaN.

#include <cstdint>
#include <span>
#include <vector>

#include "qbt/indicators/detail/compensated_sum.hpp"
#include "qbt/indicators/detail/ring_buffer.hpp"
#include "qbt/indicators/detail/rolling_sum.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming KAMA: O(1) per value.
class Kama {
public:
  /// Throws UserInputError unless period, fast and slow are in [1, k_max_period].
  Kama(std::int32_t period, std::int32_t fast, std::int32_t slow);

  /// Push x; return the KAMA, NaN for the first `period` values (after leading NaNs).
  double update(double x) noexcept;
  [[nodiscard]] std::int32_t period() const noexcept { return period_; }

private:
  detail::RingBuffer lagged_;     ///< push() returns x[-period]
  detail::RollingSum volatility_;  ///< sum of |x - x[-1]| over `period` bars
  detail::CompensatedSum seed_;    ///< x[1..period] during the warm-up
  double previous_ = k_nan;
  double value_ = k_nan;
  double slow_alpha_;
  double alpha_span_;  ///< fast alpha - slow alpha
  std::int32_t period_;
  std::int32_t seen_ = 0;  ///< values since the first non-NaN, capped at period + 1
};

/// Undefined leading outputs: period.
[[nodiscard]] constexpr std::int32_t kama_lookback(std::int32_t period) noexcept {
  return period;
}

/// KAMA's parameters: period (30), fast (2), slow (30).
[[nodiscard]] std::vector<ParamSpec> kama_params();

/// Batch KAMA of `in` into `out` (same length), identical to Kama::update per value.
void kama(std::span<const double> in, std::int32_t period, std::int32_t fast, std::int32_t slow,
          std::span<double> out);

/// Register "KAMA" (aliases AdaptiveMovingAverage, MovingAverageAdaptive).
void register_kama(IndicatorRegistry& registry);

}  // namespace qbt::indicators
