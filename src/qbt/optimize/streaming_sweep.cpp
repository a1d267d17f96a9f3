#include "qbt/optimize/streaming_sweep.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <thread>

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/metrics/stats_accumulator.hpp"
#include "qbt/optimize/detail/series_plan.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/vector/bar_census.hpp"
#include "qbt/vector/detail/simulator.hpp"
#include "qbt/vector/detail/sinks.hpp"
#include "qbt/vector/price_columns.hpp"
#include "qbt/vector/streaming_backtest.hpp"

namespace qbt::optimize {

namespace {

/// What one combination keeps between chunks: its simulation, statistics and signal carry.
struct Combination {
  Combination(const vector::SimulationOptions& options, const metrics::StatsOptions& stats_options)
      : stats(options.init_cash, std::numeric_limits<double>::quiet_NaN(), stats_options),
        sink(stats),
        simulator(options, sink) {}
  Combination(const Combination&) = delete;
  Combination& operator=(const Combination&) = delete;

  metrics::StatsAccumulator stats;  // bars per year are set after the last chunk
  vector::detail::StatsSink sink;
  vector::detail::Simulator<vector::detail::StatsSink> simulator;
  strategy::SignalCarry carry;
};

/// Bytes a combination takes, its heap block included.
constexpr std::size_t k_combination_bytes = sizeof(Combination) + 64;
/// Smallest chunk the series tiles are sized for when the combinations run in several batches.
constexpr std::size_t k_min_tile_chunk_rows = 4096;

/// Per-thread buffers: signal flags and the span table handed to the strategy.
struct Scratch {
  AlignedVector<std::uint8_t> entries;
  AlignedVector<std::uint8_t> exits;
  std::vector<std::span<const double>> series;
};

}  // namespace

std::vector<metrics::Stats> run_streaming_sweep(const strategy::SignalStrategy& strategy,
                                                data::BarChunks& bars,
                                                std::span<const strategy::ParamSet> combinations,
                                                const vector::SimulationOptions& options,
                                                const metrics::StatsOptions& stats_options,
                                                const StreamingSweepOptions& sweep_options,
                                                StreamingSweepCounters* counters) {
  options.validate();
  (void)metrics::bars_per_year(k_ns_per_day, stats_options);  // invalid overrides fail first
  std::vector<metrics::Stats> results(combinations.size());
  StreamingSweepCounters local;
  if (combinations.empty()) {
    if (counters != nullptr) {
      *counters = local;
    }
    return results;
  }
  const detail::SeriesPlan plan = detail::plan_series(strategy, combinations);
  const std::size_t threads = sweep_options.threads != 0
                                  ? sweep_options.threads
                                  : std::max(1u, std::thread::hardware_concurrency());
  tbb::task_arena arena(static_cast<int>(threads));
  const std::size_t budget = sweep_options.memory_budget_bytes;

  // Batches: as many combinations as a quarter of the budget holds, in the in-memory sweep's
  // order (combinations that read the same series next to each other).
  const std::size_t per_batch = std::max<std::size_t>(budget / 4 / k_combination_bytes, 1);
  const std::size_t tile_series =
      std::max<std::size_t>(budget / 2 / (k_min_tile_chunk_rows * sizeof(double)), 1);
  const std::vector<std::size_t> order = per_batch >= combinations.size()
                                             ? detail::processing_order(plan, plan.keys.size())
                                             : detail::processing_order(plan, tile_series);

  constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::vector<std::size_t> slot_of(plan.keys.size(), npos);
  double bars_per_year = 0.0;
  metrics::StatsContext context{};
  std::size_t done = 0;
  for (std::size_t begin = 0; begin < order.size(); begin += per_batch) {
    const std::size_t end = std::min(order.size(), begin + per_batch);
    // The distinct series of the batch, each with its streaming state and chunk column.
    std::vector<std::uint32_t> batch_ids;
    for (std::size_t position = begin; position < end; ++position) {
      const std::size_t c = order[position];
      for (std::size_t k = plan.offsets[c]; k < plan.offsets[c + 1]; ++k) {
        if (slot_of[plan.ids[k]] == npos) {
          slot_of[plan.ids[k]] = batch_ids.size();
          batch_ids.push_back(plan.ids[k]);
        }
      }
    }
    std::vector<strategy::SeriesStream> streams;
    streams.reserve(batch_ids.size());
    std::size_t fixed_bytes = (end - begin) * k_combination_bytes;
    for (const std::uint32_t id : batch_ids) {
      streams.emplace_back(plan.keys[id]);
      fixed_bytes += streams.back().state_bytes();
    }
    const std::size_t bytes_per_bar = vector::k_chunk_bar_bytes +
                                      batch_ids.size() * sizeof(double) +
                                      threads * 2 * sizeof(std::uint8_t);
    const std::size_t rows =
        sweep_options.chunk_rows != 0
            ? sweep_options.chunk_rows
            : vector::streaming_chunk_rows(budget, bytes_per_bar, fixed_bytes, bars.block_rows());
    if (local.batches == 0) {
      local.chunk_rows = rows;
    }
    std::vector<AlignedVector<double>> slots(batch_ids.size());
    std::vector<std::unique_ptr<Combination>> batch;
    batch.reserve(end - begin);
    for (std::size_t position = begin; position < end; ++position) {
      batch.push_back(std::make_unique<Combination>(options, stats_options));
    }
    tbb::enumerable_thread_specific<Scratch> scratch([rows] {
      Scratch s;
      s.entries.resize(rows);
      s.exits.resize(rows);
      return s;
    });

    vector::BarCensus census;
    std::int64_t first = 0;
    bars.rewind();
    for (;;) {
      const data::BarFrame chunk = bars.next(rows);
      if (chunk.empty()) {
        break;
      }
      const std::size_t n = chunk.size();
      if (local.batches == 0) {
        census.add(chunk);
      }
      const vector::PriceColumns prices = vector::PriceColumns::of(chunk);
      arena.execute([&] {
        tbb::parallel_for(std::size_t{0}, streams.size(), [&](std::size_t k) {
          slots[k].resize(n);
          streams[k].next(chunk, slots[k]);
        });
        tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end), [&](const tbb::blocked_range<
                                                                           std::size_t>& range) {
          Scratch& s = scratch.local();
          const std::span<std::uint8_t> entries(s.entries.data(), n);
          const std::span<std::uint8_t> exits(s.exits.data(), n);
          for (std::size_t position = range.begin(); position != range.end(); ++position) {
            const std::size_t c = order[position];
            Combination& state = *batch[position - begin];
            s.series.clear();
            for (std::size_t k = plan.offsets[c]; k < plan.offsets[c + 1]; ++k) {
              const AlignedVector<double>& column = slots[slot_of[plan.ids[k]]];
              s.series.emplace_back(column.data(), n);
            }
            strategy.next_signals(combinations[c], chunk, s.series, {entries, exits}, state.carry);
            state.simulator.feed_signals(prices, vector::SignalColumns{entries, exits, {}, {}},
                                         first);
          }
        });
      });
      first += static_cast<std::int64_t>(n);
      ++local.chunks;
    }
    if (local.batches == 0) {
      bars_per_year = census.bars_per_year(stats_options);
      context = census.context();
      local.bars = census.bars();
    }
    for (std::size_t position = begin; position < end; ++position) {
      Combination& state = *batch[position - begin];
      state.simulator.finish(first);
      state.stats.set_bars_per_year(bars_per_year);
      results[order[position]] = state.stats.finish(context);
    }
    for (const std::uint32_t id : batch_ids) {
      slot_of[id] = npos;
    }
    ++local.batches;
    done += end - begin;
    if (sweep_options.progress) {
      sweep_options.progress(done, combinations.size());
    }
  }
  if (counters != nullptr) {
    *counters = local;
  }
  return results;
}

}  // namespace qbt::optimize
