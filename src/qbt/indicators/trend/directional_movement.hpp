#pragma once
/// Wilder's Directional Movement System: +DI, -DI, ADX and ADXR, and the seven ways backtrader
/// registers them (DI, PlusDI, MinusDI, ADX, ADXR, DMI, DM). Follows backtrader
/// DirectionalMovement and its siblings (backtrader/indicators/directionalmove.py), with the
/// smoothing backtrader uses by default (`movav` = SmoothedMovingAverage, Wilder's):
///
///   upmove = high - high[-1],  downmove = low[-1] - low
///   +DM = upmove if upmove > downmove and upmove > 0, else 0   (-DM mirrored)
///   +DI = 100 * Wilder(+DM, period) / ATR(period)              (-DI likewise)
///   DX  = |+DI - -DI| / (+DI + -DI)
///   ADX = 100 * Wilder(DX, period)
///   ADXR = (ADX + ADX[-period]) / 2
///
/// evaluated in exactly that order, so values match backtrader's to the last printed digit.
/// Warm-up: +DM, -DM and the true range exist from the second bar, so +DI/-DI first appear at
/// bar `period`, ADX at 2*period - 1 and ADXR at 3*period - 1 (backtrader's minimum periods 15,
/// 28 and 42 for period 14).
///
/// Quirks and differences, all deliberate:
/// - Only Wilder's smoothing is offered; backtrader's `movav` parameter (a class) is not.
/// - A bar where high, low or the previous high/low is NaN gives an undefined +DM/-DM (backtrader's
///   comparisons would silently give 0); as for ATR, a NaN after the warm-up makes every later
///   value NaN, since both are recursive.
/// - 0/0 follows IEEE (NaN) where Python would raise ZeroDivisionError: a window without any range
///   (ATR = 0) or without any directional movement (+DI + -DI = 0).
/// - backtrader's MinusDirectionalIndicator cannot be constructed (its __init__ calls super() with
///   PlusDirectionalIndicator, which is not its base); here MinusDI gives the -DI line that
///   DirectionalIndicator defines, the evident intent.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"
#include "qbt/indicators/detail/ring_buffer.hpp"
#include "qbt/indicators/volatility/true_range.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The four lines of the system, in backtrader DirectionalMovement's line order.
struct DirectionalLines {
  double adx;
  double adxr;
  double plus_di;
  double minus_di;
};

/// Streaming directional movement system (backtrader DirectionalMovement, alias DM): every line
/// at once, O(1) per bar. The narrower registered indicators (DI, ADX, ...) read their lines
/// from it.
class DirectionalMovement {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit DirectionalMovement(std::int32_t period);

  /// Push one bar; return every line, each NaN during its own warm-up (see the file comment).
  DirectionalLines update(double high, double low, double close) noexcept {
    double plus_dm = k_nan;
    double minus_dm = k_nan;
    if (!(std::isnan(high) || std::isnan(low) || std::isnan(prev_high_) ||
          std::isnan(prev_low_))) {
      const double up = high - prev_high_;
      const double down = prev_low_ - low;
      plus_dm = (up > down && up > 0.0) ? up : 0.0;
      minus_dm = (down > up && down > 0.0) ? down : 0.0;
    }
    prev_high_ = high;
    prev_low_ = low;
    const double atr = atr_.update(true_range_.update(high, low, close));
    DirectionalLines lines{};
    lines.plus_di = 100.0 * plus_dm_.update(plus_dm) / atr;
    lines.minus_di = 100.0 * minus_dm_.update(minus_dm) / atr;
    const double dx =
        std::fabs(lines.plus_di - lines.minus_di) / (lines.plus_di + lines.minus_di);
    lines.adx = 100.0 * adx_.update(dx);
    lines.adxr = (lines.adx + adx_history_.push(lines.adx)) / 2.0;
    return lines;
  }
  [[nodiscard]] std::int32_t period() const noexcept { return atr_.period(); }

private:
  TrueRange true_range_;
  detail::ExpSmoothing atr_;
  detail::ExpSmoothing plus_dm_;
  detail::ExpSmoothing minus_dm_;
  detail::ExpSmoothing adx_;
  detail::RingBuffer adx_history_;  ///< capacity period: push() returns adx[-period]
  double prev_high_ = k_nan;
  double prev_low_ = k_nan;
};

/// Undefined leading outputs of +DI and -DI: period.
[[nodiscard]] constexpr std::int32_t directional_indicator_lookback(std::int32_t period) noexcept {
  return period;
}
/// Undefined leading outputs of ADX: 2 * period - 1.
[[nodiscard]] constexpr std::int32_t adx_lookback(std::int32_t period) noexcept {
  return 2 * period - 1;
}
/// Undefined leading outputs of ADXR: 3 * period - 1.
[[nodiscard]] constexpr std::int32_t adxr_lookback(std::int32_t period) noexcept {
  return 3 * period - 1;
}

/// Where a batch call writes each line; an empty span skips that line. Non-empty spans must be
/// as long as the inputs.
struct DirectionalOutputs {
  std::span<double> adx{};
  std::span<double> adxr{};
  std::span<double> plus_di{};
  std::span<double> minus_di{};
};

/// Batch directional movement system over whole columns; identical to DirectionalMovement::update
/// per bar.
void directional_movement(std::span<const double> high, std::span<const double> low,
                          std::span<const double> close, std::int32_t period,
                          const DirectionalOutputs& out);

/// Register DI (DirectionalIndicator), PlusDI (PlusDirectionalIndicator, +DI), MinusDI
/// (MinusDirectionalIndicator, -DI), ADX (AverageDirectionalMovementIndex), ADXR
/// (AverageDirectionalMovementIndexRating), DMI (DirectionalMovementIndex) and DM
/// (DirectionalMovement), with backtrader's line sets.
void register_directional_movement(IndicatorRegistry& registry);

}  // namespace qbt::indicators
