#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <random>
#include <string>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "qbt/data/csv_reader.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::data {
namespace {

constexpr std::size_t k_target_bytes = 100 << 20;

/// About 100 MB of regular-session minute bars (09:30-16:00, weekdays) with cent prices from
/// a random walk, written once to a temporary file.
class MinuteBarFile {
public:
  MinuteBarFile() {
    std::mt19937_64 rng(20240611);
    std::string text = "timestamp,open,high,low,close,volume\n";
    text.reserve(k_target_bytes + 4096);
    std::int64_t cents = 10'000;
    std::int64_t day = days_from_civil(2010, 1, 4);
    while (text.size() < k_target_bytes) {
      if (weekday(day * k_ns_per_day) < 5) {
        const CivilDate date = civil_from_days(day);
        for (int minute = 0; minute < 390 && text.size() < k_target_bytes; ++minute) {
          const std::int64_t open = cents;
          const std::int64_t close = std::max<std::int64_t>(100, open + static_cast<std::int64_t>(rng() % 41) - 20);
          const std::int64_t high = std::max(open, close) + static_cast<std::int64_t>(rng() % 8);
          const std::int64_t low = std::max<std::int64_t>(1, std::min(open, close) - static_cast<std::int64_t>(rng() % 8));
          const int clock = 9 * 60 + 30 + minute;
          fmt::format_to(std::back_inserter(text),
                         "{:04}-{:02}-{:02} {:02}:{:02}:00,{}.{:02},{}.{:02},{}.{:02},{}.{:02},{}\n",
                         date.year, date.month, date.day, clock / 60, clock % 60, open / 100,
                         open % 100, high / 100, high % 100, low / 100, low % 100, close / 100,
                         close % 100, 100 + rng() % 50'000);
          cents = close;
          ++rows_;
        }
      }
      ++day;
    }
    bytes_ = text.size();
    path_ = dir_.write("minute_bars.csv", text);
  }

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
  [[nodiscard]] std::size_t rows() const noexcept { return rows_; }

private:
  testing::TempDir dir_;
  std::string path_;
  std::size_t bytes_ = 0;
  std::size_t rows_ = 0;
};

const MinuteBarFile& minute_bar_file() {
  static const MinuteBarFile file;
  return file;
}

/// Read the file with `state.range(0)` threads (0 = all hardware threads).
void BM_ReadCsv(benchmark::State& state) {
  const MinuteBarFile& file = minute_bar_file();
  CsvOptions options;
  options.threads = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    CsvReadResult result = read_csv(file.path(), options);
    if (result.frame.size() != file.rows()) {
      state.SkipWithError("wrong row count");
      break;
    }
    benchmark::DoNotOptimize(result.frame.close().data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * file.bytes()));
  state.counters["rows/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * file.rows()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadCsv)->ArgName("threads")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace qbt::data
