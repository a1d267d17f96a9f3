#pragma once
/// DV2 (Varadi), an RSI(2) alternative: the percent rank, over `period` bars, of the 2-bar SMA of
/// close relative to the bar's midpoint,
///   dv2 = 100 * PercentRank(SMA(close / ((high + low) / 2), maperiod), period).
/// Follows backtrader DV2 (backtrader/indicators/dv2.py; the bounded version), composing
/// backtrader's PercentRank (basic/percent_rank.hpp: the share of the window strictly below the
/// newest value, so at most 100 * (period - 1) / period). `_movav` is fixed to the SMA. The rank
/// costs O(period) per bar.

#include <cstdint>
#include <span>

#include "qbt/indicators/basic/percent_rank.hpp"
#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming DV2: O(period) per bar (the percent rank), no allocation after construction.
class Dv2 {
public:
  /// Throws UserInputError unless period and maperiod are in [1, k_max_period].
  explicit Dv2(std::int32_t period = 252, std::int32_t maperiod = 2);

  /// Push one bar; return DV2, NaN for the first maperiod + period - 2 bars (after leading NaNs)
  /// and while a NaN is inside a window.
  double update(double high, double low, double close) noexcept {
    const double ratio = close / ((high + low) / 2.0);
    return rank_.update(average_.update(ratio)) * 100.0;
  }

private:
  Sma average_;
  PercentRank rank_;
};

/// Undefined leading outputs: maperiod + period - 2.
[[nodiscard]] constexpr std::int32_t dv2_lookback(std::int32_t period,
                                                  std::int32_t maperiod) noexcept {
  return maperiod + period - 2;
}

/// Batch DV2 into `out`; all spans the same length. Identical to Dv2::update per bar.
void dv2(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::int32_t period, std::int32_t maperiod, std::span<double> out);

/// Register "DV2".
void register_dv2(IndicatorRegistry& registry);

}  // namespace qbt::indicators
