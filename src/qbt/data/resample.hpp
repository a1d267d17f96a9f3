#pragma once
/// Resample bars to a coarser fixed frequency (1min -> 5min, 1h, 1d, 1w): open first, high max,
/// low min, close last, volume sum. Bin edges are aligned to the Unix epoch (UTC), and weeks to
/// Monday 00:00 UTC; `offset` shifts them. Conventions and examples: docs/resampling.md.

#include <cstdint>
#include <optional>
#include <string_view>

#include "qbt/core/frequency.hpp"
#include "qbt/data/bar_frame.hpp"

namespace qbt::data {

/// Which timestamp a resampled bar carries.
enum class ResampleLabel : std::uint8_t {
  left,   ///< the bin's start (pandas' default)
  right,  ///< the bin's end
  last,   ///< the timestamp of the last source bar in the bin (backtrader's convention)
};

/// Which edge of a bin belongs to it.
enum class ResampleClosed : std::uint8_t {
  left,   ///< [start, end): for bars stamped at their open time (pandas' default)
  right,  ///< (start, end]: for bars stamped at their close time
};

[[nodiscard]] std::optional<ResampleLabel> parse_resample_label(std::string_view text) noexcept;
[[nodiscard]] std::optional<ResampleClosed> parse_resample_closed(std::string_view text) noexcept;
[[nodiscard]] const char* to_string(ResampleLabel label) noexcept;
[[nodiscard]] const char* to_string(ResampleClosed closed) noexcept;

struct ResampleOptions {
  Frequency to;  ///< target bin width, a multiple of the source frequency
  /// Shift of every bin edge, in nanoseconds; e.g. 30 minutes makes hourly bins start at
  /// 14:30 UTC (09:30 New York in winter) instead of 14:00.
  std::int64_t offset = 0;
  ResampleLabel label = ResampleLabel::left;
  ResampleClosed closed = ResampleClosed::left;
};

/// Aggregate `bars` into bins of `options.to`. Bins without a source bar produce no bar, and
/// source rows whose close is NaN (a gap filled with NaN by BarPanel) are skipped. The source
/// frequency is the frame's own, or inferred from its timestamps when unset; the target must be
/// a coarser multiple of it (UserInputError naming both). Timestamps must be non-decreasing
/// (DataError otherwise). The result keeps the symbol and has frequency `options.to`.
[[nodiscard]] BarFrame resample(const BarFrame& bars, const ResampleOptions& options);

}  // namespace qbt::data
