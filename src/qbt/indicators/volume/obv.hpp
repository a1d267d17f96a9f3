#pragma once
/// On-balance volume (Joseph Granville, 1963): volume added on up closes and subtracted on down
/// closes, a running total. backtrader has no OBV; this follows TA-Lib OBV (ta_OBV.c): the first
/// value is the first bar's volume, then obv += volume if close > previous close, obv -= volume
/// if close < previous close, unchanged on equal closes. Defined from the first bar (lookback 0).
///
/// NaN: leading bars with a NaN close or volume are skipped (the total starts at the first bar
/// with both); a NaN after that makes every later value NaN, as for any running total (TA-Lib
/// would silently skip a NaN close).

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming OBV: O(1) per bar.
class Obv {
public:
  /// Push one bar; return the running on-balance volume.
  double update(double close, double volume) noexcept {
    if (!started_) [[unlikely]] {
      if (std::isnan(close) || std::isnan(volume)) {
        return k_nan;
      }
      started_ = true;
      prev_close_ = close;
      obv_ = volume;
      return obv_;
    }
    if (std::isnan(close) || std::isnan(volume)) {
      obv_ = k_nan;
    } else if (close > prev_close_) {
      obv_ += volume;
    } else if (close < prev_close_) {
      obv_ -= volume;
    }
    prev_close_ = close;
    return obv_;
  }

private:
  double obv_ = k_nan;
  double prev_close_ = k_nan;
  bool started_ = false;
};

/// Undefined leading outputs: 0.
[[nodiscard]] constexpr std::int32_t obv_lookback() noexcept { return 0; }

/// Batch OBV into `out`; all spans the same length. Identical to Obv::update per bar.
void obv(std::span<const double> close, std::span<const double> volume, std::span<double> out);

/// Register "OBV" (alias OnBalanceVolume).
void register_obv(IndicatorRegistry& registry);

}  // namespace qbt::indicators
