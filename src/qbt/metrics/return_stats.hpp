#pragma once
/// Streaming moments of per-bar returns: the inputs of Sharpe, Sortino, Omega and annualized
/// volatility, kept in one pass so that an optimizer sweep never stores a return series.
/// Definitions follow vectorbt's `returns/nb.py` with a risk-free rate and required return of 0;
/// see docs/statistics.md.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "qbt/metrics/detail/branchless.hpp"

namespace qbt::metrics {

/// Divide with numpy's zero-denominator results (and none of its warnings): x/0 is +inf for
/// x > 0, -inf for x < 0 and NaN for x == 0 or NaN, whatever the sign of the zero.
[[nodiscard]] inline double ratio(double numerator, double denominator) noexcept {
  if (denominator == 0.0) {
    if (numerator > 0.0) {
      return std::numeric_limits<double>::infinity();
    }
    if (numerator < 0.0) {
      return -std::numeric_limits<double>::infinity();
    }
    return std::numeric_limits<double>::quiet_NaN();
  }
  return numerator / denominator;
}

/// Sums of one return series, added one bar at a time.
///
/// `add()` is on the hot path of every backtest: six independent running sums, no division and
/// no square root, so the only loop-carried dependency is one addition per sum. The variance is
/// taken from the raw sums, (S2 - S1^2/n)/(n - 1); per-bar returns are small numbers centred
/// near 0, where this loses nothing measurable against Welford's update, whose per-bar
/// division would sit on the dependency chain.
class ReturnStats {
public:
  /// Add one bar's return. NaN is skipped, as vectorbt's nan-aware reductions skip it.
  void add(double r) noexcept {
    // Branch-free: the sign of a return is a coin flip to the branch predictor. A NaN adds
    // nothing and is not counted.
    const bool valid = r == r;
    const double x = detail::select(valid, r, 0.0);
    const double up = detail::positive_part(x);
    const double down = detail::negative_part(x);
    count_ += valid ? 1 : 0;
    sum_ += x;
    sum_squares_ += x * x;
    sum_down_squares_ += down * down;
    sum_gains_ += up;
    sum_losses_ -= down;
  }

  /// add(0.0) `count` more times after at least one add(0.0): the sums no longer move.
  void add_zeros(std::int64_t count) noexcept { count_ += count; }

  /// Number of returns added (NaN excluded).
  [[nodiscard]] std::int64_t count() const noexcept { return count_; }
  [[nodiscard]] double sum() const noexcept { return sum_; }

  /// Arithmetic mean; NaN without returns.
  [[nodiscard]] double mean() const noexcept;
  /// Sample variance (ddof = 1), clamped at 0; NaN with fewer than 2 returns.
  [[nodiscard]] double variance() const noexcept;
  /// Sample standard deviation (ddof = 1); NaN with fewer than 2 returns.
  [[nodiscard]] double stddev() const noexcept;
  /// mean / stddev * sqrt(bars_per_year): vectorbt's Sharpe ratio with rf = 0.
  [[nodiscard]] double sharpe(double bars_per_year) const noexcept;
  /// mean * ann / (sqrt(mean(min(r, 0)^2)) * sqrt(ann)): vectorbt's (and empyrical's) Sortino
  /// ratio with a required return of 0. NaN without returns.
  [[nodiscard]] double sortino(double bars_per_year) const noexcept;
  /// sum(max(r, 0)) / sum(max(-r, 0)): the Omega ratio at threshold 0. NaN without returns.
  [[nodiscard]] double omega() const noexcept;
  /// stddev * sqrt(bars_per_year), as vectorbt's annualized_volatility (ddof = 1).
  [[nodiscard]] double annual_volatility(double bars_per_year) const noexcept;

private:
  std::int64_t count_ = 0;
  double sum_ = 0.0;
  double sum_squares_ = 0.0;
  double sum_down_squares_ = 0.0;  ///< sum of min(r, 0)^2
  double sum_gains_ = 0.0;         ///< sum of max(r, 0)
  double sum_losses_ = 0.0;        ///< sum of max(-r, 0)
};

}  // namespace qbt::metrics
