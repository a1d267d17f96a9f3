#pragma once
/// Relative strength index (Wilder): up = max(x - x[-lookback], 0), down = max(x[-lookback] - x,
/// 0), rs = avg(up) / avg(down), rsi = 100 - 100 / (1 + rs). Follows backtrader
/// RelativeStrengthIndex (aliases RSI, RSI_SMMA, RSI_Wilder; backtrader/indicators/rsi.py) and its
/// subclasses RSI_Safe (safediv on by default), RSI_SMA (alias RSI_Cutler; simple average) and
/// RSI_EMA (exponential average). The default average is Wilder's (SMMA) seeded with the mean of
/// the first `period` moves, so RSI(14) is first defined at bar 14.
///
/// Division by zero, where backtrader differs by mode:
/// - safediv = false (backtrader's default): a zero down-average makes backtrader raise
///   ZeroDivisionError; qbt keeps IEEE arithmetic instead: rs = inf gives rsi = 100, and 0 / 0
///   gives NaN.
/// - safediv = true: backtrader's DivZeroByZero: x / 0 gives rsi = `safehigh`, 0 / 0 gives
///   rsi = `safelow`. As in backtrader, the fallback is turned into an rs first
///   (rs = -100 / (safe - 100) - 1, infinite for safe = 100) and then through the usual formula,
///   so the value matches backtrader's rounding.
/// backtrader's `upperband`/`lowerband` only place plot lines and are not declared here.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"
#include "qbt/indicators/detail/ring_buffer.hpp"
#include "qbt/indicators/detail/rolling_sum.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The moving average applied to the up and down moves (backtrader's `movav`).
enum class RsiAverage : std::uint8_t {
  smoothed,     ///< Wilder's SMMA, alpha = 1/period (RSI, RSI_SMMA, RSI_Wilder, RSI_Safe)
  exponential,  ///< EMA, alpha = 2/(period+1) (RSI_EMA)
  simple,       ///< SMA (RSI_SMA, RSI_Cutler)
};

/// backtrader's `safediv`, `safehigh` and `safelow` parameters.
struct RsiSafeDivision {
  bool enabled = false;  ///< replace x/0 and 0/0 by the values below
  double high = 100.0;   ///< the RSI for x / 0 (falling average zero, rising one not)
  double low = 50.0;     ///< the RSI for 0 / 0 (no move at all over the window)
};

/// Python's max(v, 0.0): v unless 0.0 > v, so NaN (and -0.0) pass through as backtrader's Max
/// does.
[[nodiscard]] inline double python_max0(double v) noexcept {
  return 0.0 > v ? 0.0 : v;
}

/// Streaming RSI: O(1) per value.
class Rsi {
public:
  /// Throws UserInputError unless 1 <= period, lookback <= k_max_period and the safe values are
  /// numbers.
  explicit Rsi(std::int32_t period = 14, std::int32_t lookback = 1,
               RsiAverage average = RsiAverage::smoothed, RsiSafeDivision safe = {});

  /// Push x; return the RSI, NaN for the first period + lookback - 1 values (after leading NaNs).
  /// With a smoothed or exponential average a later NaN makes every following value NaN; with
  /// the simple average the value recovers once the NaN has left the window.
  double update(double x) noexcept {
    const double earlier = ring_.push(x);
    const double up = python_max0(x - earlier);
    const double down = python_max0(earlier - x);
    if (average_ == RsiAverage::simple) {
      return rsi_of(up_sum_.update(up) / divisor_, down_sum_.update(down) / divisor_);
    }
    return rsi_of(up_smoothing_.update(up), down_smoothing_.update(down));
  }

  [[nodiscard]] std::int32_t period() const noexcept { return up_smoothing_.period(); }
  [[nodiscard]] std::int32_t lookback() const noexcept { return ring_.capacity(); }

private:
  [[nodiscard]] double rsi_of(double up_average, double down_average) const noexcept {
    double rs = 0.0;
    if (safe_ && down_average == 0.0) {
      rs = up_average == 0.0 ? low_rs_ : high_rs_;
    } else {
      rs = up_average / down_average;
    }
    return 100.0 - 100.0 / (1.0 + rs);
  }

  detail::RingBuffer ring_;  ///< capacity lookback: push() returns x[-lookback]
  RsiAverage average_;
  bool safe_;
  double high_rs_;
  double low_rs_;
  double divisor_;
  detail::ExpSmoothing up_smoothing_;
  detail::ExpSmoothing down_smoothing_;
  detail::RollingSum up_sum_;  ///< simple average only (a one-slot window otherwise)
  detail::RollingSum down_sum_;
};

/// Undefined leading outputs: period + lookback - 1 (the first move needs lookback bars).
[[nodiscard]] constexpr std::int32_t rsi_lookback(std::int32_t period,
                                                  std::int32_t lookback = 1) noexcept {
  return period + lookback - 1;
}

/// Batch RSI of `in` into `out` (same length), identical to Rsi::update per value.
void rsi(std::span<const double> in, std::int32_t period, std::span<double> out,
         std::int32_t lookback = 1, RsiAverage average = RsiAverage::smoothed,
         RsiSafeDivision safe = {});

/// Register "RSI" (aliases RelativeStrengthIndex, RSI_SMMA, RSI_Wilder), "RSI_Safe", "RSI_SMA"
/// (alias RSI_Cutler) and "RSI_EMA".
void register_rsi(IndicatorRegistry& registry);

}  // namespace qbt::indicators
