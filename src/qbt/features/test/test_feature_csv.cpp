#include "qbt/features/feature_csv.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/features/feature_matrix.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::features {
namespace {

data::BarFrame daily(std::initializer_list<double> closes, std::string symbol) {
  data::BarFrameBuilder builder(std::move(symbol));
  std::int64_t day = days_from_civil(2024, 1, 1);
  for (const double close : closes) {
    builder.append(day++ * k_ns_per_day, close, close + 1, close - 1, close, 100);
  }
  return builder.finish();
}

std::string slurp(const std::string& path) {
  std::ifstream file(path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(FeatureCsv, EmptyFieldForNanAndShortestDoubles) {
  // SMA(2) of 1, 2, 4: undefined, 1.5, 3.
  const FeaturePlan plan(std::vector<FeatureSpec>{{.indicator = "SMA", .params = {{"period", 2}}}});
  const FeatureTable table = compute_features(daily({1, 2, 4}, "X"), plan);
  EXPECT_EQ(format_feature_csv(table),
            "timestamp,sma_2\n"
            "2024-01-01,\n"
            "2024-01-02,1.5\n"
            "2024-01-03,3\n");
}

TEST(FeatureCsv, WritesLargeTablesInOrder) {
  data::BarFrameBuilder builder("Y");
  for (int i = 0; i < 10000; ++i) {
    builder.append(std::int64_t{i} * k_ns_per_minute, 1, 2, 0.5, i, 1);
  }
  const FeaturePlan plan(std::vector<FeatureSpec>{{.indicator = "SMA", .params = {{"period", 1}}}});
  const FeatureTable table = compute_features(builder.finish(), plan);
  const qbt::testing::TempDir dir;
  write_feature_csv(table, dir.file("f.csv"));
  EXPECT_EQ(slurp(dir.file("f.csv")), format_feature_csv(table));
  const std::string text = slurp(dir.file("f.csv"));
  EXPECT_NE(text.find("\n1970-01-07T22:39:00Z,9999\n"), std::string::npos);
}

TEST(FeatureCsv, LongFormForSeveralSymbols) {
  const FeaturePlan plan(std::vector<FeatureSpec>{{.indicator = "SMA", .params = {{"period", 2}}}});
  const std::vector<data::BarFrame> symbols{daily({1, 3}, "A"), daily({5}, "B")};
  const auto tables = compute_features(symbols, plan);
  const qbt::testing::TempDir dir;
  write_feature_csv(tables, dir.file("long.csv"));
  EXPECT_EQ(slurp(dir.file("long.csv")),
            "symbol,timestamp,sma_2\n"
            "A,2024-01-01,\n"
            "A,2024-01-02,2\n"
            "B,2024-01-01,\n");
}

TEST(FeatureCsv, UnwritablePathIsIoError) {
  const FeaturePlan plan(std::vector<FeatureSpec>{{.indicator = "SMA"}});
  const FeatureTable table = compute_features(daily({1}, "A"), plan);
  EXPECT_THROW(write_feature_csv(table, "/nonexistent/dir/f.csv"), IoError);
}

}  // namespace
}  // namespace qbt::features
