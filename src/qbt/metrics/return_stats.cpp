#include "qbt/metrics/return_stats.hpp"

namespace qbt::metrics {

namespace {
constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double ReturnStats::mean() const noexcept {
  return count_ > 0 ? sum_ / static_cast<double>(count_) : k_nan;
}

double ReturnStats::variance() const noexcept {
  if (count_ < 2) {
    return k_nan;
  }
  const auto n = static_cast<double>(count_);
  const double variance = (sum_squares_ - sum_ * sum_ / n) / (n - 1.0);
  // Rounding can leave a constant series with a tiny negative variance; clamp to +0.0 (not
  // std::max, which would keep a -0.0 and flip the sign of a zero-denominator ratio).
  return variance > 0.0 ? variance : 0.0;
}

double ReturnStats::stddev() const noexcept {
  return std::sqrt(variance());
}

double ReturnStats::sharpe(double bars_per_year) const noexcept {
  if (count_ < 2) {
    return k_nan;
  }
  return ratio(mean(), stddev()) * std::sqrt(bars_per_year);
}

double ReturnStats::sortino(double bars_per_year) const noexcept {
  if (count_ == 0) {
    return k_nan;
  }
  const double downside_risk =
      std::sqrt(sum_down_squares_ / static_cast<double>(count_)) * std::sqrt(bars_per_year);
  return ratio(mean() * bars_per_year, downside_risk);
}

double ReturnStats::omega() const noexcept {
  if (count_ == 0) {
    return k_nan;
  }
  return ratio(sum_gains_, sum_losses_);
}

double ReturnStats::annual_volatility(double bars_per_year) const noexcept {
  return stddev() * std::sqrt(bars_per_year);
}

}  // namespace qbt::metrics
