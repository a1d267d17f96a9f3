#pragma once
/// Run one signal strategy over many parameter combinations on one instrument, keeping only
/// statistics. Work the combinations share is done once: every distinct indicator series
/// (strategy::SeriesKey) is computed once per chunk of combinations, and chunks are sized so
/// the cached series stay inside a memory budget; peak memory therefore depends on the data
/// and the budget, never on the number of combinations. Each combination is one independent,
/// sequential simulation, so results are bit-identical for any thread count.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "qbt/data/bar_frame.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats.hpp"
#include "qbt/strategy/signal_strategy.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::optimize {

struct SweepOptions {
  /// Worker threads; 0 = every hardware thread.
  std::size_t threads = 0;
  /// Bytes the shared indicator series may take at once.
  std::size_t series_budget_bytes = std::size_t{192} << 20;
  /// Called now and then with (combinations done, total), from any thread, never concurrently.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// What the sweep did, for reports and tests.
struct SweepCounters {
  std::size_t distinct_series = 0;  ///< distinct indicator series over all combinations
  std::size_t series_computed = 0;  ///< series computations (> distinct when chunks repeat one)
  std::size_t chunks = 0;
};

/// Statistics of every combination, in the order of `combinations`. Throws UserInputError for
/// invalid options; each combination must already be resolved by the strategy.
[[nodiscard]] std::vector<metrics::Stats> run_sweep(
    const strategy::SignalStrategy& strategy, const data::BarFrame& bars,
    std::span<const strategy::ParamSet> combinations, const vector::SimulationOptions& options,
    const metrics::StatsOptions& stats_options, const SweepOptions& sweep_options = {},
    SweepCounters* counters = nullptr);

}  // namespace qbt::optimize
