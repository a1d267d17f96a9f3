// The sweep target: 1000 (fast, slow) SMA-cross combinations on a year of minute bars
// (525,600), about 1 s on 2 cores, memory flat in the number of combinations.

#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "qbt/data/synthetic.hpp"
#include "qbt/optimize/sweep.hpp"
#include "qbt/strategy/strategy_registry.hpp"

namespace {

void BM_SmaCrossSweep(benchmark::State& state) {
  qbt::data::SyntheticOptions data_options;
  data_options.bars = 525'600;
  data_options.seed = 42;
  data_options.calendar = qbt::data::SessionCalendar::continuous;
  const qbt::data::BarFrame bars = qbt::data::generate_bars(data_options);
  const auto& sma_cross = qbt::strategy::builtin_strategies().at("sma_cross");
  std::vector<qbt::strategy::ParamSet> grid;
  for (int fast = 5; fast <= 100; fast += 5) {      // 20 values
    for (int slow = 110; slow <= 600; slow += 10) {  // 50 values
      const qbt::indicators::ParamArg args[] = {{"fast", double(fast)}, {"slow", double(slow)}};
      grid.push_back(sma_cross.resolve(args));
    }
  }
  qbt::vector::SimulationOptions options;
  options.fees.fraction = 0.001;
  qbt::optimize::SweepOptions sweep;
  sweep.threads = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    const auto results = qbt::optimize::run_sweep(sma_cross, bars, grid, options, {}, sweep);
    benchmark::DoNotOptimize(results.data());
  }
  state.counters["combinations"] = static_cast<double>(grid.size());
  state.counters["combinations/s"] = benchmark::Counter(
      static_cast<double>(grid.size() * state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SmaCrossSweep)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
