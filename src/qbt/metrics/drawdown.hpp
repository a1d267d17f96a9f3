#pragma once
/// Maximum drawdown and the longest drawdown of an equity curve, tracked in one pass with
/// vectorbt's drawdown records (`generic/nb.py: get_drawdowns_nb`, `generic/ranges.py`):
///
/// - a drawdown begins after the last bar at the running peak (a value equal to the peak is a new
///   peak bar, not a drawdown) and is *recovered* at the first bar whose value is >= that peak;
///   a drawdown still running at the last bar is *active*;
/// - its depth is (peak - valley) / peak, a positive fraction;
/// - its duration counts the bars below the peak: recovery_bar - peak_bar - 1 when recovered,
///   last_bar - peak_bar when active (vectorbt's record starts at peak_bar + 1 and an open range
///   gets one bar more). Values [1, 2, 1, 3, 2] have one recovered drawdown of 1 bar (bar 2) and
///   one active drawdown of 1 bar (bar 4).

#include <algorithm>
#include <cstdint>
#include <limits>

namespace qbt::metrics {

class DrawdownTracker {
public:
  /// Add the value of bar `bar` (bars in increasing order). NaN values are skipped, as vectorbt
  /// skips them. No division: the depth of a drawdown is computed once, when it ends.
  void add(std::int64_t bar, double value) noexcept {
    if (value >= peak_) {
      if (valley_ < peak_) [[unlikely]] {
        close_drawdown(bar);
      }
      peak_ = value;
      valley_ = value;
      peak_bar_ = bar;
    } else {
      valley_ = std::min(valley_, value);
    }
  }

  /// Largest (peak - valley) / peak over recovered and active drawdowns; 0 when there is none.
  [[nodiscard]] double max_drawdown() const noexcept;
  /// Longest drawdown in bars, the active one included, given the last bar added; 0 when there
  /// is none.
  [[nodiscard]] std::int64_t max_duration_bars(std::int64_t last_bar) const noexcept;
  /// Whether the last bar added is below the running peak.
  [[nodiscard]] bool in_drawdown() const noexcept { return valley_ < peak_; }
  /// The running peak; -inf before the first value.
  [[nodiscard]] double peak() const noexcept { return peak_; }
  /// Number of recovered drawdowns (the active one is not counted).
  [[nodiscard]] std::int64_t recovered_count() const noexcept { return recovered_count_; }

private:
  friend class StatsAccumulator;  // its run-of-bars loop keeps peak and valley in registers
  void close_drawdown(std::int64_t recovery_bar) noexcept;

  double peak_ = -std::numeric_limits<double>::infinity();
  double valley_ = -std::numeric_limits<double>::infinity();  ///< lowest value since the peak
  std::int64_t peak_bar_ = 0;
  double max_recovered_drawdown_ = 0.0;
  std::int64_t max_recovered_duration_ = 0;
  std::int64_t recovered_count_ = 0;
};

}  // namespace qbt::metrics
