#pragma once
/// Dickson moving average: the mean of Ehlers' zero-lag indicator and a Hull moving average,
///   dma = (ZLIndicator(x, period, gainlimit) + HMA(x, hperiod)) / 2
/// Follows backtrader DicksonMovingAverage (aliases DMA, DicksonMA,
/// backtrader/indicators/dma.py) with its defaults period 30, gainlimit 50, hperiod 7. The
/// warm-up is the longer of the two: DMA(30, 50, 7) needs 30 values.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "qbt/indicators/trend/hma.hpp"
#include "qbt/indicators/trend/zero_lag_indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming DMA: O(1) per value.
class Dma {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period, 0 <= gainlimit <=
  /// k_max_gainlimit and 2 <= hperiod <= k_max_period.
  Dma(std::int32_t period, std::int32_t gainlimit, std::int32_t hperiod);

  /// Push x; return the DMA, NaN for the first dma_lookback(...) values (after leading NaNs).
  double update(double x) noexcept { return (error_correcting_.update(x) + hull_.update(x)) / 2.0; }
  [[nodiscard]] std::int32_t period() const noexcept { return error_correcting_.period(); }

private:
  ZeroLagIndicator error_correcting_;
  Hma hull_;
};

/// Undefined leading outputs: the larger of ZLIndicator's (period - 1) and HMA(hperiod)'s.
[[nodiscard]] inline std::int32_t dma_lookback(std::int32_t period, std::int32_t hperiod) noexcept {
  return std::max(zero_lag_indicator_lookback(period), hma_lookback(hperiod));
}

/// DMA's parameters: period (30), gainlimit (50), hperiod (7).
[[nodiscard]] std::vector<ParamSpec> dma_params();

/// Batch DMA of `in` into `out` (same length), identical to Dma::update per value.
void dma(std::span<const double> in, std::int32_t period, std::int32_t gainlimit,
         std::int32_t hperiod, std::span<double> out);

/// Register "DMA" (aliases DicksonMovingAverage, DicksonMA).
void register_dma(IndicatorRegistry& registry);

}  // namespace qbt::indicators
