#pragma once
/// The series plan of a sweep: every distinct indicator series its combinations read, which ones
/// each reads, and an order of the combinations that keeps the ones sharing series together.
/// Shared by the in-memory sweep (sweep.cpp) and the chunked one (streaming_sweep.cpp).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::optimize::detail {

/// Every distinct series, and which ones each combination reads (flat, in read order).
struct SeriesPlan {
  std::vector<strategy::SeriesKey> keys;  ///< by id
  std::vector<std::uint32_t> ids;         ///< concatenated per combination
  std::vector<std::size_t> offsets;       ///< combination c reads ids[offsets[c]..offsets[c+1])
};

/// The plan of `combinations`, series ids numbered in order of first use.
[[nodiscard]] SeriesPlan plan_series(const strategy::SignalStrategy& strategy,
                                     std::span<const strategy::ParamSet> combinations);

/// The order combinations run in: tiles of the parameter grid whose series fit `budget_series`
/// together, so chunks recompute few series (sma_cross with 20 fast x 50 slow periods and room
/// for 45 series computes about 110 SMAs instead of 1,000). Within each series position
/// (first series, second, ...) the distinct series are ranked by key and cut into tiles of
/// budget / (series per combination); combinations sort by their tile numbers, then by index.
/// Results are stored by combination index, so this order never reaches the output.
[[nodiscard]] std::vector<std::size_t> processing_order(const SeriesPlan& plan,
                                                        std::size_t budget_series);

}  // namespace qbt::optimize::detail
