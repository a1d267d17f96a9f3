// Throughput of the indicator kernels on one core, in rows (bars) per second: the typed batch
// functions the vectorized engine calls, the typed streaming states, and the type-erased
// stream the event engine calls once per bar.

#include <cstdint>
#include <span>
#include <vector>

#include <benchmark/benchmark.h>

#include "qbt/core/frequency.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/indicators/basic/highest.hpp"
#include "qbt/indicators/builtin.hpp"
#include "qbt/indicators/trend/ema.hpp"
#include "qbt/indicators/trend/sma.hpp"
#include "qbt/indicators/trend/wma.hpp"
#include "qbt/indicators/volatility/atr.hpp"

namespace qbt::indicators {
namespace {

constexpr std::int64_t k_rows = 1 << 20;

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

void set_rows_per_second(benchmark::State& state) {
  state.counters["rows/s"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(bars().size()),
      benchmark::Counter::kIsRate);
}

template <auto Kernel>
void batch_one_input(benchmark::State& state) {
  const auto period = static_cast<std::int32_t>(state.range(0));
  const auto close = bars().close();
  std::vector<double> out(close.size());
  for (auto _ : state) {
    Kernel(close, period, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_rows_per_second(state);
}

void BM_SmaBatch(benchmark::State& state) {
  batch_one_input<static_cast<void (*)(std::span<const double>, std::int32_t, std::span<double>)>(
      &sma)>(state);
}
void BM_EmaBatch(benchmark::State& state) {
  batch_one_input<static_cast<void (*)(std::span<const double>, std::int32_t, std::span<double>)>(
      &ema)>(state);
}
void BM_WmaBatch(benchmark::State& state) {
  batch_one_input<static_cast<void (*)(std::span<const double>, std::int32_t, std::span<double>)>(
      &wma)>(state);
}
void BM_HighestBatch(benchmark::State& state) {
  batch_one_input<static_cast<void (*)(std::span<const double>, std::int32_t, std::span<double>)>(
      &highest)>(state);
}

void BM_AtrBatch(benchmark::State& state) {
  const auto period = static_cast<std::int32_t>(state.range(0));
  std::vector<double> out(bars().size());
  for (auto _ : state) {
    atr(bars().high(), bars().low(), bars().close(), period, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_rows_per_second(state);
}

template <class State>
void stream_one_input(benchmark::State& state) {
  const auto period = static_cast<std::int32_t>(state.range(0));
  const auto close = bars().close();
  for (auto _ : state) {
    State indicator(period);
    double last = 0.0;
    for (const double x : close) {
      last = indicator.update(x);
      benchmark::DoNotOptimize(last);
    }
  }
  set_rows_per_second(state);
}

void BM_SmaStream(benchmark::State& state) { stream_one_input<Sma>(state); }
void BM_EmaStream(benchmark::State& state) { stream_one_input<Ema>(state); }

void BM_AtrStream(benchmark::State& state) {
  const auto period = static_cast<std::int32_t>(state.range(0));
  const auto high = bars().high();
  const auto low = bars().low();
  const auto close = bars().close();
  for (auto _ : state) {
    Atr indicator(period);
    for (std::size_t i = 0; i < close.size(); ++i) {
      benchmark::DoNotOptimize(indicator.update(high[i], low[i], close[i]));
    }
  }
  set_rows_per_second(state);
}

/// The event engine's path: one virtual update per bar through the registry's stream.
void BM_SmaTypeErasedStream(benchmark::State& state) {
  const Indicator& indicator = builtin_indicators().at("SMA");
  const ParamValues params = indicator.resolve({{"period", static_cast<double>(state.range(0))}});
  const auto close = bars().close();
  for (auto _ : state) {
    const auto stream = indicator.make_stream(params);
    double out = 0.0;
    for (const double x : close) {
      stream->update(std::span<const double>(&x, 1), std::span<double>(&out, 1));
      benchmark::DoNotOptimize(out);
    }
  }
  set_rows_per_second(state);
}

/// Every registered indicator at its defaults, through the registry's batch entry point into
/// preallocated outputs: the README's per-indicator rows/s table comes from here.
void BM_EveryIndicator(benchmark::State& state, const Indicator* indicator) {
  const ParamValues params = indicator->defaults();
  std::vector<std::span<const double>> inputs;
  for (const Field field : indicator->inputs()) {
    inputs.push_back(bars().field(field));
  }
  std::vector<std::vector<double>> storage(indicator->outputs().size(),
                                           std::vector<double>(bars().size()));
  std::vector<std::span<double>> outputs(storage.begin(), storage.end());
  for (auto _ : state) {
    indicator->compute(params, inputs, outputs);
    benchmark::DoNotOptimize(storage.front().data());
    benchmark::ClobberMemory();
  }
  set_rows_per_second(state);
}

[[maybe_unused]] const bool k_every_indicator_registered = [] {
  for (const Indicator* indicator : builtin_indicators().list()) {
    benchmark::RegisterBenchmark(("BM_EveryIndicator/" + indicator->name()).c_str(),
                                 BM_EveryIndicator, indicator);
  }
  return true;
}();

BENCHMARK(BM_SmaBatch)->Arg(30)->Arg(200);
BENCHMARK(BM_EmaBatch)->Arg(30);
BENCHMARK(BM_WmaBatch)->Arg(30);
BENCHMARK(BM_HighestBatch)->Arg(14)->Arg(200);
BENCHMARK(BM_AtrBatch)->Arg(14);
BENCHMARK(BM_SmaStream)->Arg(30);
BENCHMARK(BM_EmaStream)->Arg(30);
BENCHMARK(BM_AtrStream)->Arg(14);
BENCHMARK(BM_SmaTypeErasedStream)->Arg(30);

}  // namespace
}  // namespace qbt::indicators
