#pragma once
/// Weighted moving average: weights 1..period from the oldest to the newest value, divided by
/// their sum period*(period+1)/2. Follows backtrader WeightedMovingAverage
/// (backtrader/indicators/wma.py), which multiplies by coef = 2 / (period * (period + 1)).
/// Updated in O(1) with W' = W - S + period * x (S = plain window sum), every term carried with
/// its exact rounding error, so it does not drift on long series.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/compensated_sum.hpp"
#include "qbt/indicators/detail/ring_buffer.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The arithmetic of a sliding weighted window, shared by Wma (values kept in a ring) and wma()
/// (values read from the input). Non-finite values count as 0 and blank the windows holding
/// them, as in detail::WindowSum.
class WmaWindow {
public:
  explicit WmaWindow(std::int32_t period) noexcept;

  /// x_new enters, x_old (NaN if none) leaves; return the WMA or NaN.
  double slide(double x_new, double x_old) noexcept;

private:
  detail::CompensatedSum weighted_;  ///< sum of k * x_k, k = 1 (oldest) .. period (newest)
  detail::CompensatedSum plain_;     ///< sum of x_k
  double coef_;
  std::int32_t period_;
  std::int32_t clean_run_ = 0;
};

/// Streaming WMA: O(1) per value.
class Wma {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit Wma(std::int32_t period);

  /// Push x; return the WMA, NaN for the first period-1 values (after leading NaNs) and while a
  /// non-finite value is inside the window.
  double update(double x) noexcept { return window_.slide(x, ring_.push(x)); }
  [[nodiscard]] std::int32_t period() const noexcept { return ring_.capacity(); }

private:
  WmaWindow window_;
  detail::RingBuffer ring_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t wma_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch WMA of `in` into `out` (same length), identical to Wma::update per value.
void wma(std::span<const double> in, std::int32_t period, std::span<double> out);

/// Register "WMA" (aliases WeightedMovingAverage, MovingAverageWeighted).
void register_wma(IndicatorRegistry& registry);

}  // namespace qbt::indicators
