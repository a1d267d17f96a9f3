#include "qbt/data/summary.hpp"

#include <gtest/gtest.h>

namespace qbt::data {
namespace {

TEST(Summary, CountsGapsAndRange) {
  BarFrameBuilder builder;
  const Timestamp m = k_ns_per_minute;
  builder.append(0 * m, 10, 11, 9, 10, 5);
  builder.append(1 * m, 10, 12, 9.5, 11, 6);
  builder.append(2 * m, 11, 11, 8, 9, 7);
  builder.append(5 * m, 9, 10, 8.5, 9.5, 8);  // 3-minute gap
  builder.append(6 * m, 9.5, 10, 9, 9.8, 9);
  builder.append(16 * m, 9.8, 13, 9.7, 12, 10);  // 10-minute gap
  const DataSummary summary = summarize(builder.finish());
  EXPECT_EQ(summary.rows, 6);
  EXPECT_EQ(summary.first, 0);
  EXPECT_EQ(summary.last, 16 * m);
  EXPECT_EQ(summary.frequency, Frequency::minutes(1));
  EXPECT_EQ(summary.gaps, 2);
  EXPECT_EQ(summary.largest_gap_ns, 10 * m);
  EXPECT_EQ(summary.largest_gap_start, 6 * m);
  EXPECT_DOUBLE_EQ(summary.min_low, 8.0);
  EXPECT_DOUBLE_EQ(summary.max_high, 13.0);
  EXPECT_DOUBLE_EQ(summary.total_volume, 45.0);
  EXPECT_TRUE(summary.validation.clean());
}

TEST(Summary, EmptyFrame) {
  const DataSummary summary = summarize(BarFrame{});
  EXPECT_EQ(summary.rows, 0);
  EXPECT_EQ(summary.gaps, 0);
  EXPECT_FALSE(summary.frequency.regular());
}

}  // namespace
}  // namespace qbt::data
