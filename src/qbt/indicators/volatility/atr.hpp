#pragma once
/// Average true range: Wilder's smoothing (SMMA) of the true range, seeded with the mean of the
/// first `period` true ranges (bars 1..period), so the first value is at bar `period`. Follows
/// backtrader AverageTrueRange (alias ATR, backtrader/indicators/atr.py, movav =
/// SmoothedMovingAverage).

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"
#include "qbt/indicators/volatility/true_range.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming ATR: O(1) per bar.
class Atr {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Atr(std::int32_t period);

  /// Push one bar; return the ATR, NaN for the first `period` bars (after leading NaNs). A later
  /// NaN makes every following value NaN, as in backtrader.
  double update(double high, double low, double close) noexcept {
    return smoothing_.update(true_range_.update(high, low, close));
  }
  [[nodiscard]] std::int32_t period() const noexcept { return smoothing_.period(); }

private:
  TrueRange true_range_;
  detail::ExpSmoothing smoothing_;
};

/// Undefined leading outputs: period (one bar for the first true range, period-1 to seed).
[[nodiscard]] constexpr std::int32_t atr_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch ATR into `out`; all spans the same length. Identical to Atr::update per bar.
void atr(std::span<const double> high, std::span<const double> low,
         std::span<const double> close, std::int32_t period, std::span<double> out);

/// Register "ATR" (alias AverageTrueRange).
void register_atr(IndicatorRegistry& registry);

}  // namespace qbt::indicators
