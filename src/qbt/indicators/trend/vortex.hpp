#pragma once
/// Vortex indicator (Botes and Siepman, 2010): upward and downward trend movement relative to the
/// true range. Follows backtrader Vortex (backtrader/indicators/vortex.py):
///
///   VM+ = SumN(|high - low[-1]|, period),   VM- = SumN(|low - high[-1]|, period)
///   TR  = SumN(max(|high - low|, |high - close[-1]|, |low - close[-1]|), period)
///   vi_plus = VM+ / TR,   vi_minus = VM- / TR
///
/// The terms exist from the second bar, so the first value is at bar `period` (backtrader's
/// minimum period is period + 1). Sums are compensated (detail/rolling_sum.hpp) as backtrader's
/// math.fsum is exact; a bar with a NaN field blanks every window that holds it.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_sum.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The two lines, in backtrader's order.
struct VortexLines {
  double vi_plus;
  double vi_minus;
};

/// One bar's three Vortex terms; NaN when any of the bar's or the previous bar's fields is NaN.
struct VortexTerms {
  double vm_plus;   ///< |high - low[-1]|
  double vm_minus;  ///< |low - high[-1]|
  double range;     ///< max(|high - low|, |high - close[-1]|, |low - close[-1]|)
};

[[nodiscard]] inline VortexTerms vortex_terms(double high, double low, double close,
                                              double prev_high, double prev_low,
                                              double prev_close) noexcept {
  if (std::isnan(high) || std::isnan(low) || std::isnan(close) || std::isnan(prev_high) ||
      std::isnan(prev_low) || std::isnan(prev_close)) {
    return {k_nan, k_nan, k_nan};
  }
  return {std::fabs(high - prev_low), std::fabs(low - prev_high),
          std::fmax(std::fmax(std::fabs(high - low), std::fabs(high - prev_close)),
                    std::fabs(low - prev_close))};
}

/// Streaming Vortex: O(1) per bar.
class Vortex {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Vortex(std::int32_t period);

  /// Push one bar; return both lines, NaN for the first `period` bars (after leading NaNs) and
  /// while a bar with a NaN field is inside the window.
  VortexLines update(double high, double low, double close) noexcept {
    const VortexTerms terms =
        vortex_terms(high, low, close, prev_high_, prev_low_, prev_close_);
    prev_high_ = high;
    prev_low_ = low;
    prev_close_ = close;
    const double true_range = range_sum_.update(terms.range);
    return {plus_sum_.update(terms.vm_plus) / true_range,
            minus_sum_.update(terms.vm_minus) / true_range};
  }

private:
  detail::RollingSum plus_sum_;
  detail::RollingSum minus_sum_;
  detail::RollingSum range_sum_;
  double prev_high_ = k_nan;
  double prev_low_ = k_nan;
  double prev_close_ = k_nan;
};

/// Undefined leading outputs: period.
[[nodiscard]] constexpr std::int32_t vortex_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch Vortex into `vi_plus` and `vi_minus`; all spans the same length. Identical to
/// Vortex::update per bar: the same window sums, with the terms leaving the window recomputed
/// from the inputs instead of kept in rings.
void vortex(std::span<const double> high, std::span<const double> low,
            std::span<const double> close, std::int32_t period, std::span<double> vi_plus,
            std::span<double> vi_minus);

/// Register "Vortex".
void register_vortex(IndicatorRegistry& registry);

}  // namespace qbt::indicators
