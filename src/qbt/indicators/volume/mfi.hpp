#pragma once
/// Money flow index: a volume-weighted RSI of the typical price. backtrader ships no MFI in its
/// package; this follows backtrader's published MFI recipe (alias MoneyFlowIndicator,
/// backtrader.com/recipes/indicators/mfi/mfi/), which differs from TA-Lib's MFI where the
/// negative flow is 0:
///
///   tp = (close + low + high) / 3,  flow = tp * volume
///   pos = SumN(flow if tp > tp[-1] else 0, period),  neg = SumN(flow if tp < tp[-1] else 0, period)
///   ratio = pos / neg, or 100 when neg == 0 (backtrader's DivByZero(zero=100))
///   mfi = 100 - 100 / (1 + ratio)
///
/// so a window without a down move gives 100 - 100/101 = 99.0099..., not TA-Lib's 100. The first
/// value is at bar `period` (tp[-1] needs one bar). Sums are compensated; a bar with a NaN field
/// blanks every window that holds it.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_sum.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// One bar's signed money flows: typical * volume on the side the typical price moved to, 0 on
/// the other; NaN when a field or the previous typical price is NaN.
struct MoneyFlow {
  double positive;
  double negative;
};

[[nodiscard]] inline double typical_price(double high, double low, double close) noexcept {
  return (close + low + high) / 3.0;  // backtrader's order of the additions
}

[[nodiscard]] inline MoneyFlow money_flow(double typical, double volume,
                                          double prev_typical) noexcept {
  if (std::isnan(typical) || std::isnan(volume) || std::isnan(prev_typical)) {
    return {k_nan, k_nan};
  }
  const double flow = typical * volume;
  return {typical > prev_typical ? flow : 0.0, typical < prev_typical ? flow : 0.0};
}

/// MFI from the two window sums: backtrader's DivByZero(positive, negative, zero=100).
[[nodiscard]] inline double mfi_of(double positive_sum, double negative_sum) noexcept {
  const double ratio = negative_sum != 0.0 ? positive_sum / negative_sum : 100.0;
  return 100.0 - 100.0 / (1.0 + ratio);
}

/// Streaming MFI: O(1) per bar.
class Mfi {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Mfi(std::int32_t period);

  /// Push one bar; return the MFI, NaN for the first `period` bars (after leading NaNs) and
  /// while a bar with a NaN field is inside the window.
  double update(double high, double low, double close, double volume) noexcept {
    const double typical = typical_price(high, low, close);
    const MoneyFlow flow = money_flow(typical, volume, prev_typical_);
    prev_typical_ = typical;
    return mfi_of(positive_.update(flow.positive), negative_.update(flow.negative));
  }

private:
  detail::RollingSum positive_;
  detail::RollingSum negative_;
  double prev_typical_ = k_nan;
};

/// Undefined leading outputs: period.
[[nodiscard]] constexpr std::int32_t mfi_lookback(std::int32_t period) noexcept { return period; }

/// Batch MFI into `out`; all spans the same length. Identical to Mfi::update per bar: the same
/// window sums, with the flows leaving the window recomputed from the inputs.
void mfi(std::span<const double> high, std::span<const double> low, std::span<const double> close,
         std::span<const double> volume, std::int32_t period, std::span<double> out);

/// Register "MFI" (alias MoneyFlowIndicator).
void register_mfi(IndicatorRegistry& registry);

}  // namespace qbt::indicators
