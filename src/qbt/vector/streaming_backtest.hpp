#pragma once
/// A backtest over bars read chunk by chunk (data::BarChunks), in memory bounded by a budget
/// however long the series: for each chunk, the strategy's indicator series advance their
/// streaming states (strategy::SeriesStream), its flags come from next_signals() with the carry
/// of the previous chunk, and the simulator resumes where it stopped. Statistics, orders and
/// trades equal from_signals() on the whole frame bit for bit; per-bar curves are not kept
/// (StreamingOptions::on_curves sees each chunk's). docs/vectorized-engine.md, "Larger than
/// memory".

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_chunks.hpp"
#include "qbt/exec/order.hpp"
#include "qbt/exec/trade.hpp"
#include "qbt/metrics/annualization.hpp"
#include "qbt/metrics/stats.hpp"
#include "qbt/strategy/signal_strategy.hpp"
#include "qbt/vector/simulation_options.hpp"

namespace qbt::vector {

/// Bytes of one bar in a chunk: the six columns as read (a native file's mapped pages or a
/// decoded Parquet row group).
inline constexpr std::size_t k_chunk_bar_bytes = 48;

struct StreamingOptions {
  /// Bytes the run's working memory (chunk columns, indicator series and state, flags) may
  /// take; chunks are sized from it with a safety factor of two. The process's own baseline
  /// (code, libraries, thread stacks: about 10 MB) comes on top.
  std::size_t memory_budget_bytes = std::size_t{256} << 20;
  /// Bars per chunk; 0 = derive from the budget.
  std::size_t chunk_rows = 0;
  /// Called after each chunk with its bars and the cash, position and value of each of its bars
  /// (then kept only for the call), e.g. to append an equity CSV; unset = no curves.
  std::function<void(const data::BarFrame& chunk, std::span<const double> cash,
                     std::span<const double> position, std::span<const double> value)>
      on_curves;
};

/// Where a bar the records refer to sits in time.
struct BarTime {
  std::int64_t bar = 0;
  Timestamp time = 0;
};

struct StreamingBacktest {
  metrics::Stats stats;
  std::vector<exec::OrderRecord> orders;
  std::vector<exec::TradeRecord> trades;  ///< closed trades in exit order, then the open one
  /// The bar of every order and the last bar with their timestamps, by bar: every bar a record
  /// refers to, without the whole timestamp column.
  std::vector<BarTime> record_times;
  std::size_t bars = 0;
  std::int64_t bar_ns = 0;     ///< as TimeAxis::of() infers it
  double bars_per_year = 0.0;  ///< as metrics::bars_per_year() gives it for the whole series
  std::size_t chunks = 0;
  std::size_t chunk_rows = 0;  ///< the chunk size used

  /// Timestamp of bar `bar`, one of record_times (InternalError otherwise).
  [[nodiscard]] Timestamp time_of(std::int64_t bar) const;
};

/// Bars per chunk that keep a run within `budget_bytes`: half the budget, less `fixed_bytes`
/// (state that does not grow with the chunk), over the bytes each bar of a chunk takes
/// (`bytes_per_bar`). UserInputError when even a reader's indivisible block (`block_rows`, a
/// Parquet row group) does not fit, naming what to do.
[[nodiscard]] std::size_t streaming_chunk_rows(std::size_t budget_bytes, std::size_t bytes_per_bar,
                                               std::size_t fixed_bytes, std::size_t block_rows);

/// Run `strategy` with `params` over every chunk `bars` gives (from the first: it is rewound),
/// as from_signals() runs it over the whole frame. Throws UserInputError for invalid options and
/// what the reader throws.
[[nodiscard]] StreamingBacktest backtest_streaming(data::BarChunks& bars,
                                                   const strategy::SignalStrategy& strategy,
                                                   const strategy::ParamSet& params,
                                                   const SimulationOptions& options,
                                                   const metrics::StatsOptions& stats_options,
                                                   const StreamingOptions& streaming = {});

}  // namespace qbt::vector
