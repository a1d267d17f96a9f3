#pragma once
/// Laguerre RSI (Ehlers, "Cybernetic Analysis for Stocks and Futures", 2004): an RSI over the
/// four taps of a Laguerre filter with damping `gamma`, in [0, 1]. Follows backtrader LaguerreRSI
/// (alias LRSI, backtrader/indicators/lrsi.py):
///   l0 = (1 - g) * x + g * l0'
///   l1 = -g * l0 + l0' + g * l1'   (and likewise l2 from l1, l3 from l2)
///   cu = sum of the rises l0 >= l1, l1 >= l2, l2 >= l3; cd = sum of the falls
///   lrsi = cu / (cu + cd), or 1 when cu + cd == 0.
///
/// backtrader quirk kept: LRSI is a PeriodN indicator whose filter only runs from its minimum
/// period on. The taps start at 0 and are first fed the `period`-th value; the first period - 1
/// values are never seen. So `period` is a warm-up that also changes every later value.

#include <cstdint>
#include <span>

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming Laguerre RSI: O(1) per value.
class LaguerreRsi {
public:
  /// Throws UserInputError unless 0 <= gamma <= 1 and 1 <= period <= k_max_period.
  explicit LaguerreRsi(double gamma = 0.5, std::int32_t period = 6);

  /// Push x; return the Laguerre RSI, NaN for the first period - 1 values (after leading NaNs).
  /// A NaN once the filter runs makes every following value NaN.
  double update(double x) noexcept;

private:
  double gamma_;
  std::int32_t period_;
  std::int32_t seen_ = 0;  ///< values since the first defined one, capped at period
  double l0_ = 0.0;
  double l1_ = 0.0;
  double l2_ = 0.0;
  double l3_ = 0.0;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t laguerre_rsi_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch Laguerre RSI of `in` into `out` (same length), identical to LaguerreRsi::update.
void laguerre_rsi(std::span<const double> in, double gamma, std::int32_t period,
                  std::span<double> out);

/// Register "LRSI" (alias LaguerreRSI).
void register_laguerre_rsi(IndicatorRegistry& registry);

}  // namespace qbt::indicators
