#pragma once
/// What `qbt data info` reports about a series: size, span, frequency, gaps and validity.

#include <cstdint>

#include "qbt/core/frequency.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/data/validate.hpp"

namespace qbt::data {

struct DataSummary {
  std::int64_t rows = 0;
  Timestamp first = 0;  ///< meaningful when rows > 0
  Timestamp last = 0;
  Frequency frequency;  ///< the frame's own, or inferred when it has none
  /// Intervals between consecutive bars longer than one frequency step. For intraday bars this
  /// counts overnight and weekend breaks too; for daily bars, weekends and holidays.
  std::int64_t gaps = 0;
  std::int64_t largest_gap_ns = 0;
  Timestamp largest_gap_start = 0;  ///< timestamp of the bar before the largest gap
  double min_low = 0.0;
  double max_high = 0.0;
  double total_volume = 0.0;
  ValidationReport validation;
};

/// Summarize a frame in one pass plus a validation pass.
[[nodiscard]] DataSummary summarize(const BarFrame& frame);

}  // namespace qbt::data
