#pragma once
/// The sum of the last n values, O(1) per bar and compensated (see compensated_sum.hpp), shared
/// by SMA, SumN, Bollinger, CCI, ... Batch kernels call WindowSum::slide with the value leaving
/// the window read straight from the input; RollingSum keeps those values in a ring for
/// streaming. Both run the same arithmetic, so they agree bit for bit.

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "qbt/indicators/detail/compensated_sum.hpp"
#include "qbt/indicators/detail/ring_buffer.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators::detail {

/// The arithmetic of a sliding window sum. A non-finite value (NaN, inf) contributes 0 to the
/// running sum but marks the window as undefined until it has left; leading NaNs therefore
/// simply delay the first defined value, and a later NaN blanks exactly the windows holding it.
class WindowSum {
public:
  explicit WindowSum(std::int32_t period) noexcept : period_(period) {}

  /// Slide the window: x_new enters, x_old leaves (NaN when nothing leaves yet).
  void slide(double x_new, double x_old) noexcept {
    const bool bad = !std::isfinite(x_new);
    sum_.replace(bad ? 0.0 : x_new, std::isfinite(x_old) ? x_old : 0.0);
    clean_run_ = bad ? 0 : std::min(clean_run_ + 1, period_);
  }

  /// Whether the window holds `period` values, all finite.
  [[nodiscard]] bool full() const noexcept { return clean_run_ == period_; }
  /// The window's sum, NaN unless full().
  [[nodiscard]] double value() const noexcept { return full() ? sum_.value() : k_nan; }
  [[nodiscard]] std::int32_t period() const noexcept { return period_; }

private:
  CompensatedSum sum_;
  std::int32_t period_;
  std::int32_t clean_run_ = 0;  ///< finite values in a row at the newest end, capped at period
};

/// A streaming window sum: WindowSum plus a ring of the values inside the window.
class RollingSum {
public:
  explicit RollingSum(std::int32_t period) : window_(period), ring_(period) {}

  /// Push x; return the sum of the last `period` values, or NaN (see WindowSum).
  double update(double x) noexcept {
    window_.slide(x, ring_.push(x));
    return window_.value();
  }
  [[nodiscard]] double value() const noexcept { return window_.value(); }
  [[nodiscard]] std::int32_t period() const noexcept { return window_.period(); }

private:
  WindowSum window_;
  RingBuffer ring_;
};

/// Run a WindowSum over `in`, calling emit(row, window) after each slide; the batch form of
/// RollingSum, reading the leaving value from `in` itself instead of a ring.
template <class Emit>
inline void slide_window(std::span<const double> in, std::int32_t period, Emit&& emit) {
  WindowSum window(period);
  const std::size_t n = in.size();
  const std::size_t p = static_cast<std::size_t>(period);
  const std::size_t filling = std::min(n, p);
  for (std::size_t i = 0; i < filling; ++i) {
    window.slide(in[i], k_nan);
    emit(i, window);
  }
  for (std::size_t i = filling; i < n; ++i) {
    window.slide(in[i], in[i - p]);
    emit(i, window);
  }
}

}  // namespace qbt::indicators::detail
