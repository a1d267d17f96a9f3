#include "qbt/vector/portfolio.hpp"

#include "qbt/data/infer_frequency.hpp"

namespace qbt::vector {

TimeAxis TimeAxis::of(const data::BarFrame& bars, std::int64_t bar_ns_override) {
  TimeAxis axis{bars.timestamps(), bar_ns_override};
  if (axis.bar_ns > 0) {
    return axis;
  }
  const std::span<const Timestamp> ts = bars.timestamps();
  axis.bar_ns = ts.empty() ? infer_bar_ns(ts, 0, 0, 0)
                           : infer_bar_ns(ts, ts.size(), ts.front(), ts.back());
  return axis;
}

std::int64_t TimeAxis::infer_bar_ns(std::span<const Timestamp> head, std::size_t n,
                                    Timestamp first, Timestamp last) {
  std::int64_t bar_ns = 0;
  const Frequency frequency = data::infer_frequency(head);
  if (frequency.regular()) {
    bar_ns = frequency.ns();
  } else if (n >= 2) {
    bar_ns = (last - first) / static_cast<std::int64_t>(n - 1);
  }
  return bar_ns > 0 ? bar_ns : k_ns_per_day;
}

}  // namespace qbt::vector
