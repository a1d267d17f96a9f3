#pragma once
/// What the statistics of a run know about its bars beyond the per-bar values: their number,
/// first and last timestamp, first and last valid close, bar width and trading calendar. A run
/// over bars read chunk by chunk (data::BarChunks) gathers them here as the chunks pass, and gets
/// the numbers a run over the whole frame takes from TimeAxis::of(), bars_per_year() and the
/// whole close column.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats_accumulator.hpp"

namespace qbt::vector {

class BarCensus {
public:
  /// Count the next chunk of bars, in order after those already added. Timestamps must
  /// increase, as every qbt reader gives them.
  void add(const data::BarFrame& chunk);

  [[nodiscard]] std::size_t bars() const noexcept {
    return static_cast<std::size_t>(calendar_.bars());
  }
  /// TimeAxis::of(all the bars).bar_ns: the inferred frequency (from the first timestamps, as
  /// data::infer_frequency() reads them), else the mean gap, else one day.
  [[nodiscard]] std::int64_t bar_ns() const;
  /// metrics::bars_per_year(all the timestamps, bar_ns(), options).
  [[nodiscard]] double bars_per_year(const metrics::StatsOptions& options) const;
  /// The statistics context of the whole series (start, end, length, bar width, first and last
  /// valid close), as a run over the whole frame builds it.
  [[nodiscard]] metrics::StatsContext context() const;
  /// Timestamp of the last bar added (0 before any).
  [[nodiscard]] Timestamp last_time() const noexcept { return last_; }

private:
  std::vector<Timestamp> head_;  ///< the first timestamps, as many as frequency inference reads
  metrics::CalendarCensus calendar_;
  Timestamp first_ = 0;
  Timestamp last_ = 0;
  double first_close_ = std::numeric_limits<double>::quiet_NaN();
  double last_close_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace qbt::vector
