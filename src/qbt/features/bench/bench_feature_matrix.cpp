// Throughput of the feature matrix: a 20-indicator matrix over 10^6 synthetic bars on 1 and 2
// threads, wall time per matrix (fresh output columns every time, as a caller gets them). Each
// indicator alone through the same type-erased batch path: BM_EveryIndicator in
// src/qbt/indicators/bench/bench_indicators.cpp.

#include <cstdint>
#include <vector>

#include <benchmark/benchmark.h>

#include "qbt/core/frequency.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/features/feature_matrix.hpp"

namespace qbt::features {
namespace {

constexpr std::int64_t k_rows = 1'000'000;

const data::BarFrame& bars() {
  static const data::BarFrame frame = [] {
    data::SyntheticOptions options;
    options.bars = k_rows;
    options.frequency = Frequency::minutes(1);
    options.seed = 42;
    return data::generate_bars(options);
  }();
  return frame;
}

/// Twenty indicators of every family, 29 columns.
const std::vector<FeatureSpec>& twenty_indicators() {
  static const std::vector<FeatureSpec> specs{
      {.indicator = "SMA", .params = {{"period", 10}}},
      {.indicator = "SMA", .params = {{"period", 50}}},
      {.indicator = "EMA", .params = {{"period", 12}}},
      {.indicator = "EMA", .params = {{"period", 26}}},
      {.indicator = "WMA", .params = {{"period", 30}}},
      {.indicator = "SMMA", .params = {{"period", 14}}},
      {.indicator = "DEMA", .params = {{"period", 30}}},
      {.indicator = "TEMA", .params = {{"period", 30}}},
      {.indicator = "Highest", .params = {{"period", 20}}, .input = data::Field::high},
      {.indicator = "Lowest", .params = {{"period", 20}}, .input = data::Field::low},
      {.indicator = "ATR", .params = {{"period", 14}}},
      {.indicator = "TR"},
      {.indicator = "DM", .params = {{"period", 14}}},
      {.indicator = "AroonUpDown", .params = {{"period", 14}}},
      {.indicator = "Vortex", .params = {{"period", 14}}},
      {.indicator = "Ichimoku"},
      {.indicator = "OBV"},
      {.indicator = "VWAP", .params = {{"period", 20}}},
      {.indicator = "MFI", .params = {{"period", 14}}},
      {.indicator = "SMA", .params = {{"period", 20}}, .input = data::Field::volume},
  };
  return specs;
}

void BM_FeatureMatrix20(benchmark::State& state) {
  const FeaturePlan plan(twenty_indicators());
  const FeatureOptions options{.threads = static_cast<std::size_t>(state.range(0))};
  const data::BarFrame& frame = bars();  // generated outside the timed loop
  for (auto _ : state) {
    FeatureTable table = compute_features(frame, plan, options);
    benchmark::DoNotOptimize(table.column(0).data());
  }
  state.counters["columns"] = static_cast<double>(plan.columns().size());
  state.counters["bars/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(k_rows),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FeatureMatrix20)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace qbt::features
