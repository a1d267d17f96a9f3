#pragma once
/// The maximum or minimum of the last n values, shared by Highest, Lowest, Stochastic,
/// Williams %R, Aroon, Donchian-style channels: a monotonic deque for streaming (amortised O(1)
/// per bar, and it knows where the extreme is), and a branch-free block scheme for batch. Max and
/// min are exact in any order, so both give the same values bit for bit.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "qbt/core/check.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators::detail {

enum class Extreme : std::uint8_t { max, min };

/// A sliding-window maximum (or minimum). NaN values never enter the deque, but a window that
/// holds one is undefined (NaN) until the NaN has left, like WindowSum; leading NaNs just delay
/// the first value. Infinities are ordinary values here.
template <Extreme kind>
class RollingExtreme {
public:
  explicit RollingExtreme(std::int32_t period)
      : period_(period),
        mask_(std::bit_ceil(static_cast<std::uint64_t>(std::max(period, 1))) - 1),
        values_(mask_ + 1),
        positions_(mask_ + 1) {
    QBT_CHECK(period >= 1);
  }

  /// Push x; return the extreme of the last `period` values, or NaN.
  double update(double x) noexcept {
    ++now_;
    if (head_ != tail_ && positions_[head_ & mask_] <= now_ - period_) {
      ++head_;  // positions are distinct and the window moves by one: at most one expires
    }
    if (std::isnan(x)) {
      clean_run_ = 0;
    } else {
      // Drop values the new one dominates; ties drop the older, so the front is the newest
      // occurrence of the extreme.
      while (tail_ != head_ && !beats(values_[(tail_ - 1) & mask_], x)) {
        --tail_;
      }
      values_[tail_ & mask_] = x;
      positions_[tail_ & mask_] = now_;
      ++tail_;
      clean_run_ = std::min(clean_run_ + 1, period_);
    }
    return value();
  }

  [[nodiscard]] bool full() const noexcept { return clean_run_ == period_; }
  [[nodiscard]] double value() const noexcept {
    return full() ? values_[head_ & mask_] : k_nan;
  }
  /// Bars since the newest occurrence of the extreme (0 = the current bar); -1 unless full().
  [[nodiscard]] std::int32_t age() const noexcept {
    return full() ? static_cast<std::int32_t>(now_ - positions_[head_ & mask_]) : -1;
  }
  [[nodiscard]] std::int32_t period() const noexcept { return period_; }

private:
  static bool beats(double a, double b) noexcept {
    if constexpr (kind == Extreme::max) {
      return a > b;
    } else {
      return a < b;
    }
  }

  std::int32_t period_;
  std::uint64_t mask_;
  std::vector<double> values_;
  std::vector<std::int64_t> positions_;
  std::uint64_t head_ = 0;  ///< deque front, a running count (index = head_ & mask_)
  std::uint64_t tail_ = 0;  ///< one past the deque back
  std::int64_t now_ = -1;   ///< position of the newest bar
  std::int32_t clean_run_ = 0;
};

using RollingMax = RollingExtreme<Extreme::max>;
using RollingMin = RollingExtreme<Extreme::min>;

/// Batch sliding extreme of `in` into `out` (same length), equal to RollingExtreme::update per
/// value. van Herk / Gil-Werman: cut the series into blocks of `period`; the window ending at
/// offset k of a block is the previous block's suffix from offset k+1 plus this block's prefix
/// up to k, so each value costs three comparisons and no unpredictable branch. Working memory:
/// period + 1 doubles, allocated once per call.
template <Extreme kind>
void sliding_extreme(std::span<const double> in, std::int32_t period, std::span<double> out) {
  constexpr double k_identity = kind == Extreme::max ? -std::numeric_limits<double>::infinity()
                                                     : std::numeric_limits<double>::infinity();
  const auto pick = [](double a, double b) {
    if constexpr (kind == Extreme::max) {
      return a > b ? a : b;
    } else {
      return a < b ? a : b;
    }
  };
  const std::size_t n = in.size();
  const auto p = static_cast<std::size_t>(period);
  std::vector<double> suffix(p + 1, k_identity);  // previous block's suffix extremes
  std::int32_t clean_run = 0;
  for (std::size_t start = 0; start < n; start += p) {
    const std::size_t end = std::min(n, start + p);
    double prefix = k_identity;
    for (std::size_t i = start; i < end; ++i) {
      const double x = in[i];
      const bool bad = std::isnan(x);
      prefix = pick(prefix, bad ? k_identity : x);
      clean_run = bad ? 0 : std::min(clean_run + 1, period);
      const double extreme = pick(suffix[i - start + 1], prefix);
      out[i] = clean_run == period ? extreme : k_nan;
    }
    double running = k_identity;
    for (std::size_t i = end; i > start; --i) {
      const double x = in[i - 1];
      running = pick(running, std::isnan(x) ? k_identity : x);
      suffix[i - 1 - start] = running;
    }
  }
}

}  // namespace qbt::indicators::detail
