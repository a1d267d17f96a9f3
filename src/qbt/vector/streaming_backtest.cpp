#include "qbt/vector/streaming_backtest.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include <fmt/format.h>
#include <oneapi/tbb/parallel_for.h>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/byte_size.hpp"
#include "qbt/core/error.hpp"
#include "qbt/metrics/stats_accumulator.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/vector/bar_census.hpp"
#include "qbt/vector/detail/simulator.hpp"
#include "qbt/vector/detail/sinks.hpp"
#include "qbt/vector/price_columns.hpp"

namespace qbt::vector {

Timestamp StreamingBacktest::time_of(std::int64_t bar) const {
  const auto it = std::lower_bound(record_times.begin(), record_times.end(), bar,
                                   [](const BarTime& a, std::int64_t b) { return a.bar < b; });
  if (it == record_times.end() || it->bar != bar) {
    throw InternalError(fmt::format("no timestamp kept for bar {}", bar));
  }
  return it->time;
}

std::size_t streaming_chunk_rows(std::size_t budget_bytes, std::size_t bytes_per_bar,
                                 std::size_t fixed_bytes, std::size_t block_rows) {
  const std::size_t usable = budget_bytes / 2;
  const std::size_t block_bytes = block_rows * k_chunk_bar_bytes;
  if (fixed_bytes + block_bytes >= usable) {
    if (block_rows > 0 && block_bytes >= usable / 2) {
      throw UserInputError(fmt::format(
          "the memory budget of {} is too small for this file's row groups of up to {} rows "
          "({} each once decoded); raise --memory-budget or rewrite the file with smaller row "
          "groups (qbt data convert --row-group-rows {})",
          format_byte_size(budget_bytes), block_rows, format_byte_size(block_bytes),
          std::max<std::size_t>(usable / 4 / k_chunk_bar_bytes, 1)));
    }
    throw UserInputError(fmt::format(
        "the memory budget of {} is too small: the state kept from chunk to chunk (indicator "
        "windows, simulations) alone takes about {}; raise --memory-budget",
        format_byte_size(budget_bytes), format_byte_size(fixed_bytes + block_bytes)));
  }
  return std::max<std::size_t>(
      (usable - fixed_bytes - block_bytes) / std::max<std::size_t>(bytes_per_bar, 1), 1);
}

StreamingBacktest backtest_streaming(data::BarChunks& bars,
                                     const strategy::SignalStrategy& strategy,
                                     const strategy::ParamSet& params,
                                     const SimulationOptions& options,
                                     const metrics::StatsOptions& stats_options,
                                     const StreamingOptions& streaming) {
  options.validate();
  (void)metrics::bars_per_year(k_ns_per_day, stats_options);  // invalid overrides fail first

  std::vector<strategy::SeriesKey> keys;
  strategy.series(params, keys);
  std::vector<strategy::SeriesStream> streams;
  streams.reserve(keys.size());
  std::size_t state_bytes = 0;
  for (const strategy::SeriesKey& key : keys) {
    streams.emplace_back(key);
    state_bytes += streams.back().state_bytes();
  }
  const bool curves = static_cast<bool>(streaming.on_curves);
  const std::size_t bytes_per_bar = k_chunk_bar_bytes + keys.size() * sizeof(double) +
                                    2 * sizeof(std::uint8_t) + (curves ? 3 * sizeof(double) : 0);
  const std::size_t rows = streaming.chunk_rows != 0
                               ? streaming.chunk_rows
                               : streaming_chunk_rows(streaming.memory_budget_bytes, bytes_per_bar,
                                                      state_bytes, bars.block_rows());

  StreamingBacktest result;
  result.chunk_rows = rows;
  std::vector<AlignedVector<double>> columns(keys.size());
  std::vector<std::span<const double>> views(keys.size());
  AlignedVector<std::uint8_t> entries(rows);
  AlignedVector<std::uint8_t> exits(rows);

  // Bars per year are known after the last chunk; the accumulator reads them only in finish().
  metrics::StatsAccumulator stats(options.init_cash, std::numeric_limits<double>::quiet_NaN(),
                                  stats_options);
  detail::ChunkRecordingSink sink(stats, result.orders, result.trades, curves);
  detail::Simulator<detail::ChunkRecordingSink> simulator(options, sink);
  strategy::SignalCarry carry;
  BarCensus census;
  std::int64_t first = 0;
  bars.rewind();
  for (;;) {
    const data::BarFrame chunk = bars.next(rows);
    if (chunk.empty()) {
      break;
    }
    const std::size_t n = chunk.size();
    census.add(chunk);
    const auto compute = [&](std::size_t k) {
      columns[k].resize(n);
      streams[k].next(chunk, columns[k]);
      views[k] = columns[k];
    };
    if (keys.size() > 1) {
      tbb::parallel_for(std::size_t{0}, keys.size(), compute);
    } else if (!keys.empty()) {
      compute(0);
    }
    const std::span<std::uint8_t> chunk_entries(entries.data(), n);
    const std::span<std::uint8_t> chunk_exits(exits.data(), n);
    strategy.next_signals(params, chunk, views, {chunk_entries, chunk_exits}, carry);
    const std::size_t orders_before = result.orders.size();
    sink.start_chunk(first, n);
    simulator.feed_signals(PriceColumns::of(chunk),
                           SignalColumns{chunk_entries, chunk_exits, {}, {}}, first);
    const auto ts = chunk.timestamps();
    for (std::size_t o = orders_before; o < result.orders.size(); ++o) {
      const std::int64_t bar = result.orders[o].bar;
      if (result.record_times.empty() || result.record_times.back().bar != bar) {
        result.record_times.push_back({bar, ts[static_cast<std::size_t>(bar - first)]});
      }
    }
    if (curves) {
      streaming.on_curves(chunk, sink.cash(), sink.position(), sink.value());
    }
    first += static_cast<std::int64_t>(n);
    ++result.chunks;
  }
  simulator.finish(first);
  if (first > 0 && (result.record_times.empty() || result.record_times.back().bar != first - 1)) {
    result.record_times.push_back({first - 1, census.last_time()});
  }
  result.bars = census.bars();
  result.bar_ns = census.bar_ns();
  result.bars_per_year = census.bars_per_year(stats_options);
  stats.set_bars_per_year(result.bars_per_year);
  result.stats = stats.finish(census.context());
  return result;
}

}  // namespace qbt::vector
