#pragma once
/// Bill Williams' fractals: a bar whose high is the highest of a short window (bearish turning
/// point) or whose low is the lowest (bullish turning point). Follows backtrader's study Fractal
/// (backtrader/studies/contrib/fractal.py), parameters and line names included:
///
///   window = the last `period` highs, oldest first; m = max(window)
///   if the first (oldest) position of m in the window is shift_to_potential_fractal:
///       fractal_bearish = m * (1 + bardist)
///   likewise with the lows, min and fractal_bullish = m * (1 - bardist)
///
/// Both lines are NaN on every bar without a fractal: undefined after the warm-up by design.
///
/// Alignment differs from backtrader on purpose: backtrader writes the value 2 bars back (at the
/// middle bar of the default 5-bar window, `[-2]`, whatever shift_to_potential_fractal is), a
/// bar at which the fractal could not have been known yet. Here the value is at the bar that
/// completes the window and confirms the fractal, so streaming and batch agree and a backtest
/// cannot look ahead; shift the lines back 2 bars to draw them as backtrader does.
///
/// A window holding a NaN gives no fractal. Amortised O(1) per bar (one monotonic deque per line).

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "qbt/indicators/detail/rolling_extreme.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Fractal's parameters, with backtrader's defaults.
struct FractalParams {
  std::int32_t period = 5;                      ///< bars in the window
  double bardist = 0.015;                       ///< distance of the mark from the extreme, relative
  std::int32_t shift_to_potential_fractal = 2;  ///< position of the candidate, 0 = oldest
};

/// The two lines, in backtrader's order.
struct FractalLines {
  double fractal_bearish;
  double fractal_bullish;
};

namespace detail {

/// Whether the value `shift` positions into the last `period` values (0 = oldest) is the first
/// (oldest) occurrence of the window's extreme; yields that value, or NaN. A monotonic deque
/// that, unlike RollingExtreme, keeps the OLDER of equal values in front, so its front is the
/// first occurrence of the extreme and the test is one comparison of positions: amortised O(1).
template <Extreme kind>
class FirstExtremeAt {
public:
  FirstExtremeAt(std::int32_t period, std::int32_t shift)
      : period_(period),
        offset_(period - 1 - shift),
        mask_(std::bit_ceil(static_cast<std::uint64_t>(period)) - 1),
        values_(mask_ + 1),
        positions_(mask_ + 1) {}

  double update(double x) noexcept {
    ++now_;
    if (head_ != tail_ && positions_[head_ & mask_] <= now_ - period_) {
      ++head_;  // the window moves by one and positions are distinct: at most one expires
    }
    if (std::isnan(x)) {
      clean_run_ = 0;
    } else {
      while (tail_ != head_ && beaten_by(values_[(tail_ - 1) & mask_], x)) {
        --tail_;
      }
      values_[tail_ & mask_] = x;
      positions_[tail_ & mask_] = now_;
      ++tail_;
      clean_run_ = std::min(clean_run_ + 1, period_);
    }
    if (clean_run_ < period_ || positions_[head_ & mask_] != now_ - offset_) {
      return k_nan;
    }
    return values_[head_ & mask_];
  }

private:
  /// Strictly beaten: an equal older value stays, so it remains the first occurrence.
  static bool beaten_by(double old, double x) noexcept {
    if constexpr (kind == Extreme::max) {
      return old < x;
    } else {
      return old > x;
    }
  }

  std::int32_t period_;
  std::int32_t offset_;  ///< bars between the candidate and the newest bar
  std::uint64_t mask_;
  std::vector<double> values_;
  std::vector<std::int64_t> positions_;
  std::uint64_t head_ = 0;
  std::uint64_t tail_ = 0;
  std::int64_t now_ = -1;
  std::int32_t clean_run_ = 0;
};

}  // namespace detail

/// Streaming Fractal: amortised O(1) per bar.
class Fractal {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period,
  /// 0 <= shift_to_potential_fractal < period and 0 <= bardist <= 10.
  explicit Fractal(const FractalParams& params = {});

  /// Push one bar; return the marks of a fractal the window ending here confirms, else NaN.
  FractalLines update(double high, double low) noexcept {
    return {bearish_.update(high) * up_factor_, bullish_.update(low) * down_factor_};
  }

private:
  detail::FirstExtremeAt<detail::Extreme::max> bearish_;
  detail::FirstExtremeAt<detail::Extreme::min> bullish_;
  double up_factor_;
  double down_factor_;
};

/// Leading bars that can have no value: period - 1 (later bars may be NaN too, by design).
[[nodiscard]] constexpr std::int32_t fractal_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch Fractal into `bearish` and `bullish`; all spans the same length. Identical to
/// Fractal::update per bar.
void fractal(std::span<const double> high, std::span<const double> low,
             const FractalParams& params, std::span<double> bearish, std::span<double> bullish);

/// Register "Fractal".
void register_fractal(IndicatorRegistry& registry);

}  // namespace qbt::indicators
