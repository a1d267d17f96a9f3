#include "qbt/data/csv_writer.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::data {
namespace {

// 2006-01-02 is day 13150 after the epoch; 2009-02-13T23:31:30Z is 1234567890 s.
constexpr Timestamp k_2006_01_02 = 13'150 * k_ns_per_day;
constexpr Timestamp k_1234567890 = 1'234'567'890 * k_ns_per_second;

BarFrame two_bars() {
  BarFrameBuilder builder("X");
  builder.append(k_2006_01_02, 3578.73, 3605.95, 3578.73, 3604.33, 0);
  builder.append(k_1234567890 + 500'000'000, 0.1, 0.1 + 0.2, 0.05, 0.25, 1e21);
  return builder.finish();
}

TEST(CsvWriter, WritesIsoTimestampsAndShortestDoubles) {
  EXPECT_EQ(format_csv(two_bars()),
            "timestamp,open,high,low,close,volume\n"
            "2006-01-02,3578.73,3605.95,3578.73,3604.33,0\n"
            "2009-02-13T23:31:30.500Z,0.1,0.30000000000000004,0.05,0.25,1e+21\n");
}

TEST(CsvWriter, HonoursOptions) {
  CsvWriteOptions options;
  options.delimiter = ';';
  options.date_only_when_midnight = false;
  EXPECT_EQ(format_csv(two_bars().slice(0, 1), options),
            "timestamp;open;high;low;close;volume\n"
            "2006-01-02T00:00:00Z;3578.73;3605.95;3578.73;3604.33;0\n");
}

TEST(CsvWriter, WritesFileThatReadsBack) {
  const testing::TempDir dir;
  const std::string path = dir.file("bars.csv");
  write_csv(two_bars(), path);
  const CsvReadResult result = read_csv(path);
  EXPECT_TRUE(result.frame.same_bars(two_bars()));
  EXPECT_EQ(result.frame.symbol(), "bars");
}

TEST(CsvWriter, RoundTripsRandomBarsBitForBit) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  BarFrameBuilder builder;
  Timestamp ts = days_from_civil(1990, 1, 1) * k_ns_per_day;
  for (int i = 0; i < 20'000; ++i) {
    // Gaps from whole days (date-only text) down to single nanoseconds.
    switch (i % 4) {
      case 0: ts += k_ns_per_day; break;
      case 1: ts += static_cast<Timestamp>(rng() % 1000) * k_ns_per_ms + k_ns_per_ms; break;
      case 2: ts += static_cast<Timestamp>(rng() % 1000'000) * k_ns_per_us + 1; break;
      default: ts += static_cast<Timestamp>(rng() % k_ns_per_hour) + 1; break;
    }
    const double open = std::exp(unit(rng) * 20.0 - 5.0);
    const double close = open * (0.9 + 0.2 * unit(rng));
    const double high = std::max(open, close) * (1.0 + unit(rng) * 0.01);
    const double low = std::min(open, close) * (1.0 - unit(rng) * 0.01);
    const double volume = i % 3 == 0 ? std::floor(unit(rng) * 1e7) : unit(rng) * 1e3;
    builder.append(ts, open, high, low, close, volume);
  }
  const BarFrame frame = builder.finish();
  const testing::TempDir dir;
  for (const bool date_only : {true, false}) {
    const std::string path = dir.file(date_only ? "a.csv" : "b.csv");
    CsvWriteOptions options;
    options.date_only_when_midnight = date_only;
    write_csv(frame, path, options);
    const CsvReadResult result = read_csv(path);
    EXPECT_TRUE(result.report.clean());
    EXPECT_TRUE(result.frame.same_bars(frame));
  }
}

TEST(CsvWriter, NamesThePathWhenWritingFails) {
  try {
    write_csv(two_bars(), "/nonexistent-dir/bars.csv");
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_STREQ(e.what(),
                 "cannot open file for writing: No such file or directory at /nonexistent-dir/bars.csv");
  }
  if (std::FILE* full = std::fopen("/dev/full", "wb")) {
    std::fclose(full);
    try {
      write_csv(two_bars(), "/dev/full");
      FAIL() << "expected IoError";
    } catch (const IoError& e) {
      EXPECT_STREQ(e.what(), "cannot write file: No space left on device at /dev/full");
    }
  }
}

}  // namespace
}  // namespace qbt::data
