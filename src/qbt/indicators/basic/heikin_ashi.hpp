#pragma once
/// Heikin-Ashi candles as four lines:
///   ha_close = (open + high + low + close) / 4
///   ha_open  = (ha_open[-1] + ha_close[-1]) / 2, seeded with (open + close) / 2 on the first bar
///   ha_high  = max(high, ha_open, ha_close),  ha_low = min(low, ha_open, ha_close)
/// Follows backtrader HeikinAshi (backtrader/indicators/heikinashi.py; its upstream test is
/// disabled, but its values hold, see tests/reference/README.md): minimum period 2, so the
/// first bar has ha_open (the seed) and ha_close but NaN ha_high/ha_low. The warm-up starts at
/// the first bar with all four prices defined. ha_open is recursive: after a NaN price every
/// line but ha_close stays NaN, as in backtrader.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The four Heikin-Ashi lines, in backtrader's order.
struct HeikinAshiLines {
  double ha_open;
  double ha_high;
  double ha_low;
  double ha_close;
};

/// Streaming HeikinAshi: O(1) per bar.
class HeikinAshi {
public:
  /// Push one bar; return its Heikin-Ashi candle (see the file comment for the first bar).
  HeikinAshiLines update(double open, double high, double low, double close) noexcept {
    const double ha_close = (open + high + low + close) / 4.0;
    if (!started_) [[unlikely]] {
      if (std::isnan(ha_close)) {
        return {k_nan, k_nan, k_nan, k_nan};
      }
      started_ = true;
      const double seed = (open + close) / 2.0;
      previous_open_ = seed;
      previous_close_ = ha_close;
      return {seed, k_nan, k_nan, ha_close};
    }
    const double ha_open = (previous_open_ + previous_close_) / 2.0;
    previous_open_ = ha_open;
    previous_close_ = ha_close;
    return {ha_open, extreme_of(high, ha_open, ha_close, true),
            extreme_of(low, ha_open, ha_close, false), ha_close};
  }

private:
  /// max (or min) of three values, NaN if any is NaN.
  static double extreme_of(double a, double b, double c, bool highest) noexcept {
    if (std::isnan(a) || std::isnan(b) || std::isnan(c)) {
      return k_nan;
    }
    return highest ? std::fmax(a, std::fmax(b, c)) : std::fmin(a, std::fmin(b, c));
  }

  double previous_open_ = k_nan;
  double previous_close_ = k_nan;
  bool started_ = false;
};

/// Undefined leading outputs (ha_high/ha_low; the maximum over the lines): 1.
[[nodiscard]] constexpr std::int32_t heikin_ashi_lookback() noexcept { return 1; }

/// Batch HeikinAshi; every span the same length. Identical to HeikinAshi::update per bar.
void heikin_ashi(std::span<const double> open, std::span<const double> high,
                 std::span<const double> low, std::span<const double> close,
                 std::span<double> ha_open, std::span<double> ha_high, std::span<double> ha_low,
                 std::span<double> ha_close);

/// Register "HeikinAshi".
void register_heikin_ashi(IndicatorRegistry& registry);

}  // namespace qbt::indicators
