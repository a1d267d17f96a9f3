#pragma once
/// Standard deviation of the last `period` values, population form, as backtrader computes it:
/// sqrt(|SMA(x^2) - SMA(x)^2|). Follows backtrader StandardDeviation (alias StdDev,
/// backtrader/indicators/deviation.py) with its default `safepow=True`: the absolute value guards
/// against a slightly negative difference from rounding. With `safepow=False` a negative
/// difference gives NaN (backtrader would produce a complex number there). The one-pass formula
/// loses precision when the deviation is tiny next to the mean; both window sums are compensated
/// (detail/compensated_sum.hpp), so it is as accurate as backtrader's math.fsum.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"
#include "qbt/indicators/detail/rolling_sum.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// A window's mean and population standard deviation (NaN unless the window is full).
struct MeanStdDev {
  double mean;
  double stddev;
};

/// The arithmetic of a sliding mean and standard deviation, shared by StdDev, ZScore and
/// BollingerBands: two compensated window sums, of x and of x^2. Non-finite values blank the
/// windows holding them, as in detail::WindowSum.
class StdDevWindow {
public:
  explicit StdDevWindow(std::int32_t period, bool safepow = true) noexcept
      : sum_(period), squares_(period), divisor_(static_cast<double>(period)), safepow_(safepow) {}

  /// x_new enters, x_old (NaN if none) leaves; return the window's mean and deviation.
  MeanStdDev slide(double x_new, double x_old) noexcept {
    sum_.slide(x_new, x_old);
    squares_.slide(x_new * x_new, x_old * x_old);
    const double mean = sum_.value() / divisor_;
    const double mean_of_squares = squares_.value() / divisor_;
    const double difference = mean_of_squares - mean * mean;
    return {mean, std::sqrt(safepow_ ? std::fabs(difference) : difference)};
  }
  [[nodiscard]] std::int32_t period() const noexcept { return sum_.period(); }

private:
  detail::WindowSum sum_;
  detail::WindowSum squares_;
  double divisor_;
  bool safepow_;
};

/// Run a StdDevWindow over `in`, calling emit(row, mean_stddev) after each slide: the batch form,
/// reading the leaving value from `in` itself.
template <class Emit>
inline void slide_std_dev(std::span<const double> in, std::int32_t period, bool safepow,
                          Emit&& emit) {
  StdDevWindow window(period, safepow);
  const std::size_t n = in.size();
  const auto p = static_cast<std::size_t>(period);
  const std::size_t filling = n < p ? n : p;
  for (std::size_t i = 0; i < filling; ++i) {
    emit(i, window.slide(in[i], k_nan));
  }
  for (std::size_t i = filling; i < n; ++i) {
    emit(i, window.slide(in[i], in[i - p]));
  }
}

/// Streaming StdDev: O(1) per value.
class StdDev {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period.
  explicit StdDev(std::int32_t period, bool safepow = true);

  /// Push x; return the standard deviation of the last `period` values, NaN for the first
  /// period-1 (after leading NaNs) and while a non-finite value is inside the window.
  double update(double x) noexcept { return window_.slide(x, ring_.push(x)).stddev; }
  [[nodiscard]] std::int32_t period() const noexcept { return window_.period(); }

private:
  StdDevWindow window_;
  detail::RingBuffer ring_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t std_dev_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch StdDev of `in` into `out` (same length), identical to StdDev::update per value.
void std_dev(std::span<const double> in, std::int32_t period, bool safepow,
             std::span<double> out);

/// Register "StdDev" (alias StandardDeviation).
void register_std_dev(IndicatorRegistry& registry);

}  // namespace qbt::indicators
