#include "qbt/data/infer_frequency.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace qbt::data {
namespace {

TEST(InferFrequency, DailyWithWeekendsIsOneDay) {
  std::vector<Timestamp> ts;
  for (int week = 0; week < 10; ++week) {
    for (int day = 0; day < 5; ++day) {
      ts.push_back((week * 7 + day) * k_ns_per_day);
    }
  }
  EXPECT_EQ(infer_frequency(ts), Frequency::days(1));
}

TEST(InferFrequency, MinuteSessionsWithOvernightGaps) {
  std::vector<Timestamp> ts;
  for (int day = 0; day < 3; ++day) {
    for (int m = 0; m < 390; ++m) {
      ts.push_back(day * k_ns_per_day + m * k_ns_per_minute);
    }
  }
  EXPECT_EQ(infer_frequency(ts), Frequency::minutes(1));
}

TEST(InferFrequency, MonthEndIsIrregular) {
  const std::vector<Timestamp> ts{0, 31 * k_ns_per_day, 59 * k_ns_per_day, 90 * k_ns_per_day};
  EXPECT_FALSE(infer_frequency(ts).regular());
}

TEST(InferFrequency, TooFewBarsOrNoCommonGap) {
  EXPECT_FALSE(infer_frequency(std::vector<Timestamp>{5}).regular());
  EXPECT_FALSE(infer_frequency(std::vector<Timestamp>{0, 1, 3, 6, 10}).regular());
}

}  // namespace
}  // namespace qbt::data
