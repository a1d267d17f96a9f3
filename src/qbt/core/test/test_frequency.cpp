#include "qbt/core/frequency.hpp"

#include <gtest/gtest.h>

namespace qbt {
namespace {

TEST(Frequency, ParsesCommonSpellings) {
  EXPECT_EQ(Frequency::parse("1min")->ns(), k_ns_per_minute);
  EXPECT_EQ(Frequency::parse("5m")->ns(), 5 * k_ns_per_minute);
  EXPECT_EQ(Frequency::parse("15T")->ns(), 15 * k_ns_per_minute);
  EXPECT_EQ(Frequency::parse("h")->ns(), k_ns_per_hour);
  EXPECT_EQ(Frequency::parse("4H")->ns(), 4 * k_ns_per_hour);
  EXPECT_EQ(Frequency::parse("1d")->ns(), k_ns_per_day);
  EXPECT_EQ(Frequency::parse("2days")->ns(), 2 * k_ns_per_day);
  EXPECT_EQ(Frequency::parse("1w")->ns(), 7 * k_ns_per_day);
  EXPECT_EQ(Frequency::parse("30s")->ns(), 30 * k_ns_per_second);
  EXPECT_EQ(Frequency::parse("250ms")->ns(), 250 * k_ns_per_ms);
  EXPECT_EQ(Frequency::parse("10us")->ns(), 10 * k_ns_per_us);
  EXPECT_EQ(Frequency::parse("1ns")->ns(), 1);
}

TEST(Frequency, RejectsNonsense) {
  EXPECT_FALSE(Frequency::parse(""));
  EXPECT_FALSE(Frequency::parse("0min"));
  EXPECT_FALSE(Frequency::parse("-1min"));
  EXPECT_FALSE(Frequency::parse("1month"));
  EXPECT_FALSE(Frequency::parse("1 min"));
  EXPECT_FALSE(Frequency::parse("99999999999999999999min"));
  EXPECT_FALSE(Frequency::parse("9999999999999w"));
}

TEST(Frequency, CanonicalText) {
  EXPECT_EQ(Frequency(60 * k_ns_per_second).to_string(), "1min");
  EXPECT_EQ(Frequency(90 * k_ns_per_second).to_string(), "90s");
  EXPECT_EQ(Frequency(k_ns_per_day).to_string(), "1d");
  EXPECT_EQ(Frequency(14 * k_ns_per_day).to_string(), "2w");
  EXPECT_EQ(Frequency().to_string(), "irregular");
}

}  // namespace
}  // namespace qbt
