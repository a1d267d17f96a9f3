#include "qbt/vector/portfolio.hpp"

#include "qbt/data/infer_frequency.hpp"

namespace qbt::vector {

TimeAxis TimeAxis::of(const data::BarFrame& bars, std::int64_t bar_ns_override) {
  TimeAxis axis{bars.timestamps(), bar_ns_override};
  if (axis.bar_ns > 0) {
    return axis;
  }
  const std::span<const Timestamp> ts = bars.timestamps();
  const Frequency frequency = data::infer_frequency(ts);
  if (frequency.regular()) {
    axis.bar_ns = frequency.ns();
  } else if (ts.size() >= 2) {
    axis.bar_ns = (ts.back() - ts.front()) / static_cast<std::int64_t>(ts.size() - 1);
  }
  if (axis.bar_ns <= 0) {
    axis.bar_ns = k_ns_per_day;
  }
  return axis;
}

}  // namespace qbt::vector
