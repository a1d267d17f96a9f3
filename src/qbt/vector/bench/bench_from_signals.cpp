// One SMA-cross backtest on a year of minute bars, indicators included (the target:
// under 5 ms for 525,600 bars), and the simulation alone.

#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "qbt/data/synthetic.hpp"
#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/strategy/series.hpp"
#include "qbt/strategy/strategy_registry.hpp"
#include "qbt/vector/from_signals.hpp"

#include <oneapi/tbb/task_arena.h>

namespace {

qbt::data::BarFrame minute_bars(std::int64_t n) {
  qbt::data::SyntheticOptions options;
  options.bars = n;
  options.seed = 42;
  options.calendar = qbt::data::SessionCalendar::continuous;
  return qbt::data::generate_bars(options);
}

void sma_cross_signals(std::span<const double> fast, std::span<const double> slow,
                       std::vector<std::uint8_t>& entries, std::vector<std::uint8_t>& exits) {
  qbt::indicators::CrossState cross;
  for (std::size_t i = 0; i < fast.size(); ++i) {
    const auto c = cross.update(fast[i], slow[i]);
    entries[i] = c.up ? 1 : 0;
    exits[i] = c.down ? 1 : 0;
  }
}

// The path `qbt backtest` takes: the strategy's series (SMA(10), SMA(50); computed side by side
// on the available cores), its crossing signals, then the simulation with statistics.
void BM_SmaCrossBacktest(benchmark::State& state) {
  const qbt::data::BarFrame bars = minute_bars(state.range(0));
  const std::size_t n = bars.size();
  const auto& sma_cross = qbt::strategy::builtin_strategies().at("sma_cross");
  const qbt::indicators::ParamArg args[] = {{"fast", 10}, {"slow", 50}};
  const qbt::strategy::ParamSet params = sma_cross.resolve(args);
  std::vector<std::uint8_t> entries(n), exits(n);
  qbt::vector::SimulationOptions options;
  options.fees.fraction = 0.001;
  const qbt::vector::PriceColumns prices = qbt::vector::PriceColumns::of(bars);
  const qbt::vector::TimeAxis time = qbt::vector::TimeAxis::of(bars);
  const qbt::metrics::StatsOptions stats_options =
      qbt::metrics::resolve_bars_per_year({}, time.timestamps, time.bar_ns);
  const int threads = static_cast<int>(state.range(1));
  tbb::task_arena arena(threads);
  for (auto _ : state) {
    arena.execute([&] {
      const auto series = qbt::strategy::compute_all_series(sma_cross, params, bars);
      std::vector<std::span<const double>> views(series.begin(), series.end());
      sma_cross.signals(params, bars, views, {entries, exits});
      const auto stats = qbt::vector::from_signals_stats(prices, time, {entries, exits, {}, {}},
                                                         options, stats_options);
      benchmark::DoNotOptimize(stats.end_value);
    });
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_SmaCrossBacktest)
    ->Args({98'280, 1})
    ->Args({525'600, 1})
    ->Args({525'600, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_FromSignalsOnly(benchmark::State& state) {
  const qbt::data::BarFrame bars = minute_bars(state.range(0));
  const std::size_t n = bars.size();
  std::vector<double> fast(n), slow(n);
  std::vector<std::uint8_t> entries(n), exits(n);
  qbt::indicators::sma(bars.close(), 10, fast);
  qbt::indicators::sma(bars.close(), 50, slow);
  sma_cross_signals(fast, slow, entries, exits);
  qbt::vector::SimulationOptions options;
  options.fees.fraction = 0.001;
  const qbt::vector::PriceColumns prices = qbt::vector::PriceColumns::of(bars);
  const qbt::vector::TimeAxis time = qbt::vector::TimeAxis::of(bars);
  for (auto _ : state) {
    const auto stats = qbt::vector::from_signals_stats(prices, time, {entries, exits, {}, {}},
                                                       options, {});
    benchmark::DoNotOptimize(stats.end_value);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_FromSignalsOnly)->Arg(525'600)->Unit(benchmark::kMillisecond);

void BM_FromSignalsRecording(benchmark::State& state) {
  const qbt::data::BarFrame bars = minute_bars(state.range(0));
  const std::size_t n = bars.size();
  std::vector<double> fast(n), slow(n);
  std::vector<std::uint8_t> entries(n), exits(n);
  qbt::indicators::sma(bars.close(), 10, fast);
  qbt::indicators::sma(bars.close(), 50, slow);
  sma_cross_signals(fast, slow, entries, exits);
  qbt::vector::SimulationOptions options;
  options.fees.fraction = 0.001;
  for (auto _ : state) {
    const auto portfolio = qbt::vector::from_signals(bars, {entries, exits, {}, {}}, options);
    benchmark::DoNotOptimize(portfolio.stats.end_value);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_FromSignalsRecording)->Arg(525'600)->Unit(benchmark::kMillisecond);

}  // namespace
