// One SMA-cross backtest on a year of minute bars, indicators included (the target:
// under 5 ms for 525,600 bars), and the simulation alone.

#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "qbt/data/synthetic.hpp"
#include "qbt/indicators/basic/crossover.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/vector/from_signals.hpp"

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

void BM_SmaCrossBacktest(benchmark::State& state) {
  const qbt::data::BarFrame bars = minute_bars(state.range(0));
  const std::size_t n = bars.size();
  std::vector<double> fast(n), slow(n);
  std::vector<std::uint8_t> entries(n), exits(n);
  qbt::vector::SimulationOptions options;
  options.fees.fraction = 0.001;
  const qbt::vector::PriceColumns prices = qbt::vector::PriceColumns::of(bars);
  const qbt::vector::TimeAxis time = qbt::vector::TimeAxis::of(bars);
  for (auto _ : state) {
    qbt::indicators::sma(bars.close(), 10, fast);
    qbt::indicators::sma(bars.close(), 50, slow);
    sma_cross_signals(fast, slow, entries, exits);
    const auto stats = qbt::vector::from_signals_stats(prices, time, {entries, exits, {}, {}},
                                                       options, {});
    benchmark::DoNotOptimize(stats.end_value);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_SmaCrossBacktest)->Arg(98'280)->Arg(525'600)->Unit(benchmark::kMillisecond);

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
