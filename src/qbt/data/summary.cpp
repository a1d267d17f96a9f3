#include "qbt/data/summary.hpp"

#include <algorithm>
#include <limits>

#include "qbt/data/infer_frequency.hpp"

namespace qbt::data {

DataSummary summarize(const BarFrame& frame) {
  DataSummary out;
  out.rows = static_cast<std::int64_t>(frame.size());
  out.validation = validate(frame);
  out.frequency = frame.frequency().regular() ? frame.frequency()
                                              : infer_frequency(frame.timestamps());
  if (frame.empty()) {
    return out;
  }
  const auto ts = frame.timestamps();
  out.first = ts.front();
  out.last = ts.back();
  const std::int64_t step = out.frequency.ns();
  for (std::size_t i = 1; i < ts.size(); ++i) {
    const std::int64_t gap = ts[i] - ts[i - 1];
    if (step > 0 && gap > step) {
      ++out.gaps;
    }
    if (gap > out.largest_gap_ns) {
      out.largest_gap_ns = gap;
      out.largest_gap_start = ts[i - 1];
    }
  }
  out.min_low = std::numeric_limits<double>::infinity();
  out.max_high = -std::numeric_limits<double>::infinity();
  for (const double low : frame.low()) {
    out.min_low = std::min(out.min_low, low);
  }
  for (const double high : frame.high()) {
    out.max_high = std::max(out.max_high, high);
  }
  for (const double volume : frame.volume()) {
    out.total_volume += volume;
  }
  return out;
}

}  // namespace qbt::data
