#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>

#include <benchmark/benchmark.h>

#include "qbt/data/native_store.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::data {
namespace {

/// 100 MiB of bars: 6 columns x 8 bytes = 48 bytes a row.
constexpr std::size_t k_rows = (std::size_t{100} << 20) / 48;

BarFrame random_walk(std::size_t rows) {
  std::mt19937_64 rng(2024);
  std::normal_distribution<double> step(0.0, 0.001);
  BarFrameBuilder builder("BENCH", Frequency::minutes(1));
  builder.reserve(rows);
  double price = 100.0;
  for (std::size_t i = 0; i < rows; ++i) {
    const double open = price;
    price *= std::exp(step(rng));
    builder.append(static_cast<Timestamp>(i) * k_ns_per_minute, open, std::max(open, price) * 1.001,
                   std::min(open, price) * 0.999, price, 1000.0 + static_cast<double>(i % 977));
  }
  return builder.finish();
}

/// The frame and its file, built once per process outside every timed loop.
struct Fixture {
  testing::TempDir dir;
  BarFrame frame = random_walk(k_rows);
  std::string path = dir.file("bars.qbt");
  std::uintmax_t file_bytes = 0;

  Fixture() {
    write_native(frame, path);
    file_bytes = std::filesystem::file_size(path);
    static_cast<void>(read_native(path));  // warm the page cache
  }
};

Fixture& fixture() {
  static Fixture instance;
  return instance;
}

void set_counters(benchmark::State& state, std::uintmax_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(k_rows),
                                                benchmark::Counter::kIsIterationInvariantRate);
}

void bm_read_native(benchmark::State& state) {
  Fixture& f = fixture();
  const NativeReadOptions options{.verify_checksums = state.range(0) != 0};
  for (auto _ : state) {
    const BarFrame frame = read_native(f.path, options);
    benchmark::DoNotOptimize(frame.close().data());
  }
  set_counters(state, f.file_bytes);
}
BENCHMARK(bm_read_native)
    ->ArgName("verify")
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Reading without verification touches no column page; this adds one pass over every column,
/// which is what a consumer of the frame pays at least once.
void bm_read_native_then_scan(benchmark::State& state) {
  Fixture& f = fixture();
  for (auto _ : state) {
    const BarFrame frame = read_native(f.path, {.verify_checksums = false});
    std::int64_t ts_sum = 0;
    for (const Timestamp ts : frame.timestamps()) {
      ts_sum += ts;
    }
    double sum = 0.0;
    for (const Field field : k_fields) {
      for (const double v : frame.field(field)) {
        sum += v;
      }
    }
    benchmark::DoNotOptimize(ts_sum);
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state, f.file_bytes);
}
BENCHMARK(bm_read_native_then_scan)->Unit(benchmark::kMillisecond)->UseRealTime();

void bm_write_native(benchmark::State& state) {
  Fixture& f = fixture();
  const std::string path = f.dir.file("written.qbt");
  for (auto _ : state) {
    write_native(f.frame, path);
  }
  set_counters(state, f.file_bytes);
}
BENCHMARK(bm_write_native)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace qbt::data
