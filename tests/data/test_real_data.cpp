// Every real data file in data/backtrader and data/backtestingpy loads as it is, with the row
// count listed in data/SOURCES.md and the first and last rows as they read in the files.

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/timestamp.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::data {
namespace {

struct Row {
  std::string timestamp;  ///< format_timestamp(ts, true)
  double open, high, low, close, volume;
};

struct RealFile {
  std::string path;  ///< relative to the source tree
  std::size_t rows;
  Row first;
  Row last;
  std::string frequency;
};

const std::vector<RealFile>& real_files() {
  static const std::vector<RealFile> files{
      {"data/backtrader/2006-day-001.txt", 255,
       {"2006-01-02", 3578.73, 3605.95, 3578.73, 3604.33, 0},
       {"2006-12-29", 4130.12, 4142.01, 4119.94, 4119.94, 0}, "1d"},
      {"data/backtrader/2006-week-001.txt", 52,
       {"2006-01-06", 3578.73, 3666.99, 3578.73, 3666.99, 0},
       {"2006-12-29", 4079.70, 4142.06, 4079.70, 4119.94, 0}, "1w"},
      {"data/backtrader/nvda-1999-2014.txt", 4012,
       {"1999-01-22", 1.750000, 1.953125, 1.552083, 1.640625, 67867200},
       {"2014-12-31", 20.400000, 20.510000, 19.990000, 20.049999, 4157500}, "1d"},
      {"data/backtrader/orcl-1995-2014.txt", 5036,
       {"1995-01-03", 2.179012, 2.191358, 2.117284, 2.117284, 36301200},
       {"2014-12-31", 45.450001, 45.560001, 44.970001, 44.970001, 13269200}, "1d"},
      {"data/backtrader/yhoo-1996-2014.txt", 4713,
       {"1996-04-12", 1.052083, 1.791667, 1.020833, 1.375000, 408720000},
       {"2014-12-31", 51.540001, 51.680000, 50.459999, 50.509998, 9305000}, "1d"},
      {"data/backtestingpy/GOOG.csv", 2148,
       {"2004-08-19", 100, 104.06, 95.96, 100.34, 22351900},
       {"2013-03-01", 797.8, 807.14, 796.15, 806.19, 2175400}, "1d"},
      {"data/backtestingpy/EURUSD.csv", 5000,
       {"2017-04-19T09:00:00Z", 1.0716, 1.0722, 1.07083, 1.07219, 1413},
       {"2018-02-07T15:00:00Z", 1.23427, 1.23444, 1.22904, 1.22904, 6143}, "1h"},
      {"data/backtestingpy/BTCUSD.csv", 156,
       {"2012-01-31", 4.58, 7.38, 3.8, 5.55, 2012.25343589},
       {"2024-12-31", 96515.0, 108364.0, 92092.0, 93381.0, 25342.80228337}, "irregular"},
  };
  return files;
}

void expect_row(const BarFrame& frame, std::size_t i, const Row& row, const std::string& file) {
  SCOPED_TRACE(file + " row " + std::to_string(i));
  EXPECT_EQ(format_timestamp(frame.timestamps()[i], true), row.timestamp);
  EXPECT_EQ(frame.open()[i], row.open);
  EXPECT_EQ(frame.high()[i], row.high);
  EXPECT_EQ(frame.low()[i], row.low);
  EXPECT_EQ(frame.close()[i], row.close);
  EXPECT_EQ(frame.volume()[i], row.volume);
}

TEST(RealData, EveryFileLoadsWithItsRowsAndEnds) {
  for (const RealFile& file : real_files()) {
    SCOPED_TRACE(file.path);
    const CsvReadResult result = read_csv(testing::source_path(file.path));
    const BarFrame& frame = result.frame;
    ASSERT_EQ(frame.size(), file.rows);
    EXPECT_TRUE(result.report.clean());
    EXPECT_EQ(result.report.rows_checked, static_cast<std::int64_t>(file.rows));
    expect_row(frame, 0, file.first, file.path);
    expect_row(frame, frame.size() - 1, file.last, file.path);
    EXPECT_EQ(frame.frequency().to_string(), file.frequency);
    EXPECT_EQ(frame.symbol(), std::filesystem::path(file.path).stem().string());
  }
}

TEST(RealData, TableCoversEveryFile) {
  std::set<std::string> listed;
  for (const RealFile& file : real_files()) {
    listed.insert(file.path);
  }
  for (const char* folder : {"data/backtrader", "data/backtestingpy"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::source_path(folder))) {
      const std::string relative = std::string(folder) + "/" + entry.path().filename().string();
      EXPECT_TRUE(listed.count(relative) == 1) << relative << " has no expectations here";
    }
  }
}

TEST(RealData, ThreadCountDoesNotChangeBars) {
  for (const RealFile& file : real_files()) {
    SCOPED_TRACE(file.path);
    CsvOptions one;
    one.threads = 1;
    CsvOptions two;
    two.threads = 2;
    const std::string path = testing::source_path(file.path);
    EXPECT_TRUE(read_csv(path, one).frame.same_bars(read_csv(path, two).frame));
  }
}

}  // namespace
}  // namespace qbt::data
