#include "qbt/metrics/drawdown.hpp"

namespace qbt::metrics {

namespace {
// vectorbt's dd_drawdown_nb computes (valley - peak) / peak; the negation is exact, so this
// rounds as vectorbt does.
double depth(double peak, double valley) noexcept {
  return (peak - valley) / peak;
}
}  // namespace

void DrawdownTracker::close_drawdown(std::int64_t recovery_bar) noexcept {
  max_recovered_drawdown_ = std::max(max_recovered_drawdown_, depth(peak_, valley_));
  max_recovered_duration_ = std::max(max_recovered_duration_, recovery_bar - peak_bar_ - 1);
  ++recovered_count_;
}

double DrawdownTracker::max_drawdown() const noexcept {
  const double active = in_drawdown() ? depth(peak_, valley_) : 0.0;
  return std::max(max_recovered_drawdown_, active);
}

std::int64_t DrawdownTracker::max_duration_bars(std::int64_t last_bar) const noexcept {
  const std::int64_t active = in_drawdown() ? last_bar - peak_bar_ : 0;
  return std::max(max_recovered_duration_, active);
}

}  // namespace qbt::metrics
