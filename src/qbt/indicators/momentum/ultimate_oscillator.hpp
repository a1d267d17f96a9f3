#pragma once
/// Ultimate oscillator (Williams): buying pressure bp = close - min(low, prev close) against the
/// true range tr, averaged over three windows:
///   uo = 100/7 * (4 * sum(bp, p1)/sum(tr, p1) + 2 * sum(bp, p2)/sum(tr, p2) + sum(bp, p3)/sum(tr,
///   p3)).
/// Follows backtrader UltimateOscillator (backtrader/indicators/ultimateoscillator.py), including
/// its evaluation order: (4f) * a1 + (2f) * a2 + f * a3 with f = 100 / 7; the window sums are
/// compensated (backtrader uses math.fsum). Defined from bar max(p1, p2, p3). backtrader's
/// `upperband`/`lowerband` only place plot lines and are not declared here.

#include <array>
#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_sum.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// One bar's buying pressure and true range given the previous close (both NaN when the true
/// range is).
struct UltimateTerms {
  double pressure;
  double range;
};
[[nodiscard]] UltimateTerms ultimate_terms(double high, double low, double close,
                                           double prev_close) noexcept;

/// Streaming UltimateOscillator: O(1) per bar.
class UltimateOscillator {
public:
  /// Throws UserInputError unless p1, p2, p3 are in [1, k_max_period].
  explicit UltimateOscillator(std::int32_t p1 = 7, std::int32_t p2 = 14, std::int32_t p3 = 28);

  /// Push one bar; return the oscillator, NaN for the first max(p1, p2, p3) bars (after leading
  /// NaNs) and while a NaN is inside a window.
  double update(double high, double low, double close) noexcept;

private:
  std::array<detail::RollingSum, 3> pressure_;
  std::array<detail::RollingSum, 3> range_;
  double prev_close_ = k_nan;
};

/// Undefined leading outputs: max(p1, p2, p3) (one bar for the first true range).
[[nodiscard]] constexpr std::int32_t ultimate_oscillator_lookback(std::int32_t p1, std::int32_t p2,
                                                                  std::int32_t p3) noexcept {
  const std::int32_t longer = p1 > p2 ? p1 : p2;
  return longer > p3 ? longer : p3;
}

/// Batch UltimateOscillator into `out`; all spans the same length. Identical to
/// UltimateOscillator::update per bar.
void ultimate_oscillator(std::span<const double> high, std::span<const double> low,
                         std::span<const double> close, std::int32_t p1, std::int32_t p2,
                         std::int32_t p3, std::span<double> out);

/// Register "UltimateOscillator".
void register_ultimate_oscillator(IndicatorRegistry& registry);

}  // namespace qbt::indicators
