#include "qbt/optimize/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/vector/from_signals.hpp"
#include "qbt/vector/portfolio.hpp"
#include "qbt/vector/price_columns.hpp"

namespace qbt::optimize {

namespace {

/// Every distinct series, and which ones each combination reads (flat, in read order).
struct SeriesPlan {
  std::vector<strategy::SeriesKey> keys;  ///< by id
  std::vector<std::uint32_t> ids;         ///< concatenated per combination
  std::vector<std::size_t> offsets;       ///< combination c reads ids[offsets[c]..offsets[c+1])
};

SeriesPlan plan_series(const strategy::SignalStrategy& strategy,
                       std::span<const strategy::ParamSet> combinations) {
  SeriesPlan plan;
  std::map<strategy::SeriesKey, std::uint32_t> by_key;
  std::vector<strategy::SeriesKey> wanted;
  plan.offsets.reserve(combinations.size() + 1);
  plan.offsets.push_back(0);
  for (const strategy::ParamSet& params : combinations) {
    wanted.clear();
    strategy.series(params, wanted);
    for (strategy::SeriesKey& key : wanted) {
      auto [it, inserted] = by_key.try_emplace(key, static_cast<std::uint32_t>(plan.keys.size()));
      if (inserted) {
        plan.keys.push_back(std::move(key));
      }
      plan.ids.push_back(it->second);
    }
    plan.offsets.push_back(plan.ids.size());
  }
  return plan;
}

/// The order combinations run in: tiles of the parameter grid whose series fit the budget
/// together, so chunks recompute few series (sma_cross with 20 fast x 50 slow periods and room
/// for 45 series computes about 110 SMAs instead of 1,000). Within each series position
/// (first series, second, ...) the distinct series are ranked by key and cut into tiles of
/// budget / (series per combination); combinations sort by their tile numbers, then by index.
/// Results are stored by combination index, so this order never reaches the output.
std::vector<std::size_t> processing_order(const SeriesPlan& plan, std::size_t budget_series) {
  const std::size_t count = plan.offsets.size() - 1;
  std::size_t width = 0;
  for (std::size_t c = 0; c < count; ++c) {
    width = std::max(width, plan.offsets[c + 1] - plan.offsets[c]);
  }
  std::vector<std::size_t> order(count);
  for (std::size_t c = 0; c < count; ++c) {
    order[c] = c;
  }
  if (width == 0) {
    return order;
  }
  const std::size_t tile = std::max<std::size_t>(budget_series / width, 1);
  // tile_of[p][id]: the tile of series `id` at position p.
  std::vector<std::vector<std::uint32_t>> tile_of(width);
  for (std::size_t p = 0; p < width; ++p) {
    std::vector<std::uint32_t> ids;
    for (std::size_t c = 0; c < count; ++c) {
      if (plan.offsets[c] + p < plan.offsets[c + 1]) {
        ids.push_back(plan.ids[plan.offsets[c] + p]);
      }
    }
    std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
      return plan.keys[a] < plan.keys[b];
    });
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    tile_of[p].assign(plan.keys.size(), 0);
    for (std::size_t rank = 0; rank < ids.size(); ++rank) {
      tile_of[p][ids[rank]] = static_cast<std::uint32_t>(rank / tile);
    }
  }
  std::vector<std::uint32_t> tiles(count * width, 0);
  for (std::size_t c = 0; c < count; ++c) {
    for (std::size_t p = 0; p < width && plan.offsets[c] + p < plan.offsets[c + 1]; ++p) {
      tiles[c * width + p] = tile_of[p][plan.ids[plan.offsets[c] + p]];
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::lexicographical_compare(tiles.begin() + static_cast<std::ptrdiff_t>(a * width),
                                        tiles.begin() + static_cast<std::ptrdiff_t>((a + 1) * width),
                                        tiles.begin() + static_cast<std::ptrdiff_t>(b * width),
                                        tiles.begin() + static_cast<std::ptrdiff_t>((b + 1) * width));
  });
  return order;
}

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
