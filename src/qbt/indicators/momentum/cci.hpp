#pragma once
/// Commodity channel index (Lambert) on the typical price tp = (high + low + close) / 3:
///   dev = tp - SMA(tp, period), cci = dev / (factor * SMA(|dev|, period)).
/// Follows backtrader CommodityChannelIndex (alias CCI, backtrader/indicators/cci.py) and its
/// mean-deviation quirk: backtrader's MeanDeviation(tp, tpmean) averages each bar's distance from
/// *that bar's* SMA, |tp[t-i] - SMA[t-i]|, where the textbook (and TA-Lib) mean deviation uses
/// the distance from the current SMA. So CCI(20) needs 20 + 20 - 1 bars (first value at bar
/// 38). The sums are compensated (backtrader uses math.fsum). backtrader's `upperband`/
/// `lowerband` only place plot lines and are not declared here; `movav` is fixed to the SMA.
/// (basic/mean_deviation.hpp is the same mean deviation on its own; CCI keeps the SMA it needs
/// for `dev` instead of computing it twice.)

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming CCI: O(1) per bar.
class Cci {
public:
  /// Throws UserInputError unless 2 <= period <= k_max_period (with one bar, every deviation is
  /// 0 / 0) and factor is a finite number other than 0.
  explicit Cci(std::int32_t period = 20, double factor = 0.015);

  /// Push one bar; return the CCI, NaN for the first 2 * period - 2 bars (after leading NaNs)
  /// and while a NaN is inside a window.
  double update(double high, double low, double close) noexcept {
    const double typical = (high + low + close) / 3.0;
    const double deviation = typical - mean_.update(typical);
    return deviation / (factor_ * mean_deviation_.update(std::fabs(deviation)));
  }

private:
  Sma mean_;
  Sma mean_deviation_;
  double factor_;
};

/// Undefined leading outputs: 2 * period - 2.
[[nodiscard]] constexpr std::int32_t cci_lookback(std::int32_t period) noexcept {
  return 2 * period - 2;
}

/// Batch CCI into `out`; all spans the same length. Identical to Cci::update per bar.
void cci(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::int32_t period, double factor, std::span<double> out);

/// Register "CCI" (alias CommodityChannelIndex).
void register_cci(IndicatorRegistry& registry);

}  // namespace qbt::indicators
