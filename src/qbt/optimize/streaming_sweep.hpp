#pragma once
/// A parameter sweep over bars read chunk by chunk (data::BarChunks), for data larger than
/// memory: the statistics of run_sweep() on the whole frame, bit for bit, in memory bounded by
/// a budget. Each combination holds only its simulator, statistics and signal carry; each
/// distinct indicator series advances one streaming state per chunk, shared by every
/// combination that reads it. When the combinations' state would not fit the budget together,
/// they run in batches, each one more pass over the data.

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "qbt/data/bar_chunks.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats.hpp"
#include "qbt/strategy/signal_strategy.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::optimize {

struct StreamingSweepOptions {
  /// Worker threads; 0 = every hardware thread.
  std::size_t threads = 0;
  /// Bytes the working memory (chunk columns, series, flags, per-combination state) may take;
  /// see vector::StreamingOptions.
  std::size_t memory_budget_bytes = std::size_t{256} << 20;
  /// Bars per chunk; 0 = derive from the budget.
  std::size_t chunk_rows = 0;
  /// Called now and then with (combinations done, total), never concurrently.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// What the sweep did, for notes and tests.
struct StreamingSweepCounters {
  std::size_t bars = 0;        ///< bars of the data
  std::size_t batches = 0;     ///< passes over the data
  std::size_t chunks = 0;      ///< chunks read over all passes
  std::size_t chunk_rows = 0;  ///< the chunk size of the first pass
};

/// Statistics of every combination, in the order of `combinations`: those run_sweep() gives on
/// the whole frame. Throws UserInputError for invalid options; each combination must already be
/// resolved by the strategy.
[[nodiscard]] std::vector<metrics::Stats> run_streaming_sweep(
    const strategy::SignalStrategy& strategy, data::BarChunks& bars,
    std::span<const strategy::ParamSet> combinations, const vector::SimulationOptions& options,
    const metrics::StatsOptions& stats_options, const StreamingSweepOptions& sweep_options = {},
    StreamingSweepCounters* counters = nullptr);

}  // namespace qbt::optimize
