#include "qbt/optimize/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/optimize/detail/series_plan.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/vector/from_signals.hpp"
#include "qbt/vector/portfolio.hpp"
#include "qbt/vector/price_columns.hpp"

namespace qbt::optimize {

using detail::plan_series;
using detail::processing_order;
using detail::SeriesPlan;

namespace {

/// Per-thread buffers: signal flags and the span table handed to the strategy.
struct Scratch {
  AlignedVector<std::uint8_t> entries;
  AlignedVector<std::uint8_t> exits;
  std::vector<std::span<const double>> series;
};

}  // namespace

std::vector<metrics::Stats> run_sweep(const strategy::SignalStrategy& strategy,
                                      const data::BarFrame& bars,
                                      std::span<const strategy::ParamSet> combinations,
                                      const vector::SimulationOptions& options,
                                      const metrics::StatsOptions& stats_options,
                                      const SweepOptions& sweep_options, SweepCounters* counters) {
  options.validate();
  std::vector<metrics::Stats> results(combinations.size());
  if (combinations.empty()) {
    return results;
  }
  const std::size_t n = bars.size();
  const SeriesPlan plan = plan_series(strategy, combinations);
  const std::size_t series_bytes = std::max<std::size_t>(n * sizeof(double), 1);
  const std::size_t budget_series =
      std::max<std::size_t>(sweep_options.series_budget_bytes / series_bytes, 1);

  const vector::PriceColumns prices = vector::PriceColumns::of(bars);
  const vector::TimeAxis time = vector::TimeAxis::of(bars);
  // Annualization scans the timestamps: once here, not once per combination.
  const metrics::StatsOptions resolved_stats =
      metrics::resolve_bars_per_year(stats_options, time.timestamps, time.bar_ns);
  const std::size_t threads = sweep_options.threads != 0
                                  ? sweep_options.threads
                                  : std::max(1u, std::thread::hardware_concurrency());
  tbb::task_arena arena(static_cast<int>(threads));

  // slot_of[id]: where series `id` lives in `slots` during the current chunk, or npos.
  constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::vector<std::size_t> slot_of(plan.keys.size(), npos);
  std::vector<AlignedVector<double>> slots;
  std::vector<std::uint32_t> chunk_ids;
  tbb::enumerable_thread_specific<Scratch> scratch([n] {
    Scratch s;
    s.entries.resize(n);
    s.exits.resize(n);
    return s;
  });
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  SweepCounters local{plan.keys.size(), 0, 0};

  const std::vector<std::size_t> order = processing_order(plan, budget_series);
  std::size_t begin = 0;
  while (begin < combinations.size()) {
    // Grow the chunk while its distinct series fit the budget (always at least one combination).
    chunk_ids.clear();
    std::size_t end = begin;
    while (end < combinations.size()) {
      std::size_t added = 0;
      const std::size_t combo = order[end];
      for (std::size_t k = plan.offsets[combo]; k < plan.offsets[combo + 1]; ++k) {
        const std::uint32_t id = plan.ids[k];
        if (slot_of[id] == npos &&
            std::find(chunk_ids.end() - static_cast<std::ptrdiff_t>(added), chunk_ids.end(), id) ==
                chunk_ids.end()) {
          chunk_ids.push_back(id);
          ++added;
        }
      }
      if (end > begin && chunk_ids.size() > budget_series) {
        chunk_ids.resize(chunk_ids.size() - added);
        break;
      }
      for (std::size_t k = chunk_ids.size() - added; k < chunk_ids.size(); ++k) {
        slot_of[chunk_ids[k]] = k;
      }
      ++end;
    }
    if (slots.size() < chunk_ids.size()) {
      slots.resize(chunk_ids.size());
    }
    arena.execute([&] {
      tbb::parallel_for(std::size_t{0}, chunk_ids.size(), [&](std::size_t k) {
        AlignedVector<double>& out = slots[k];
        out.resize(n);
        strategy::compute_series(plan.keys[chunk_ids[k]], bars, out);
      });
      tbb::parallel_for(
          tbb::blocked_range<std::size_t>(begin, end, 1),
          [&](const tbb::blocked_range<std::size_t>& range) {
            Scratch& s = scratch.local();
            for (std::size_t position = range.begin(); position != range.end(); ++position) {
              const std::size_t c = order[position];
              s.series.clear();
              for (std::size_t k = plan.offsets[c]; k < plan.offsets[c + 1]; ++k) {
                const AlignedVector<double>& column = slots[slot_of[plan.ids[k]]];
                s.series.emplace_back(column.data(), column.size());
              }
              strategy.signals(combinations[c], bars, s.series,
                               strategy::SignalSpans{s.entries, s.exits});
              const vector::SignalColumns signals{s.entries, s.exits, {}, {}};
              results[c] = vector::from_signals_stats(prices, time, signals, options,
                                                      resolved_stats);
              const std::size_t finished = done.fetch_add(1, std::memory_order_relaxed) + 1;
              if (sweep_options.progress && (finished % 16 == 0 || finished == combinations.size())) {
                std::lock_guard<std::mutex> lock(progress_mutex);
                sweep_options.progress(finished, combinations.size());
              }
            }
          });
    });
    local.series_computed += chunk_ids.size();
    ++local.chunks;
    for (std::uint32_t id : chunk_ids) {
      slot_of[id] = npos;
    }
    begin = end;
  }
  if (counters != nullptr) {
    *counters = local;
  }
  return results;
}

}  // namespace qbt::optimize
