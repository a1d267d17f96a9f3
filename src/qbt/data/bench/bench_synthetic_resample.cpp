// Synthetic generation and resampling throughput on a million minute bars.
#include <benchmark/benchmark.h>

#include "qbt/data/resample.hpp"
#include "qbt/data/synthetic.hpp"

namespace qbt::data {
namespace {

constexpr std::int64_t k_bars = 1'000'000;

SyntheticOptions minute_bars() {
  SyntheticOptions options;
  options.bars = k_bars;
  options.seed = 7;
  return options;
}

void set_rows(benchmark::State& state, std::int64_t rows) {
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

void bm_generate_bars(benchmark::State& state) {
  const SyntheticOptions options = minute_bars();
  for (auto _ : state) {
    benchmark::DoNotOptimize(generate_bars(options));
  }
  set_rows(state, k_bars);
}
BENCHMARK(bm_generate_bars)->Unit(benchmark::kMillisecond)->UseRealTime();

void bm_resample(benchmark::State& state) {
  const BarFrame bars = generate_bars(minute_bars());
  ResampleOptions options;
  options.to = Frequency::minutes(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(resample(bars, options));
  }
  set_rows(state, k_bars);
}
BENCHMARK(bm_resample)->Arg(5)->Arg(60)->Arg(1440)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace qbt::data
