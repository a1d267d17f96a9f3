#pragma once
/// The result of a vectorized simulation: per-bar cash, position and value, the order and trade
/// records, and the statistics. Sweeps keep only the statistics (stats-only entry points in
/// from_signals.hpp); the numbers are the same either way because both run one core.

#include <cstdint>
#include <span>
#include <vector>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/exec/order.hpp"
#include "qbt/exec/trade.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats.hpp"

namespace qbt::vector {

struct Portfolio {
  AlignedVector<double> cash;      ///< after the bar's fills
  AlignedVector<double> position;  ///< units, negative for shorts
  AlignedVector<double> value;     ///< cash + position * close
  std::vector<exec::OrderRecord> orders;
  std::vector<exec::TradeRecord> trades;  ///< closed trades in exit order, then the open one
  metrics::Stats stats;
};

/// The clock of a simulation: the bar timestamps and the bar duration that statistics use to
/// express durations and to annualize (vectorbt's `freq`).
struct TimeAxis {
  std::span<const Timestamp> timestamps;
  std::int64_t bar_ns = 0;

  /// The bars' timestamps with their inferred frequency; irregular series use the mean gap.
  /// `bar_ns_override` > 0 wins over the inference.
  [[nodiscard]] static TimeAxis of(const data::BarFrame& bars, std::int64_t bar_ns_override = 0);

  /// The bar width of() infers for a series of `n` bars from `first` to `last` whose first
  /// timestamps are `head` (at least data::k_frequency_sample_gaps + 1 of them, or all): for a
  /// series read chunk by chunk, which never holds all its timestamps.
  [[nodiscard]] static std::int64_t infer_bar_ns(std::span<const Timestamp> head, std::size_t n,
                                                 Timestamp first, Timestamp last);
};

}  // namespace qbt::vector
