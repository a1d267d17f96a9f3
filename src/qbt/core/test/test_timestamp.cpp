#include "qbt/core/timestamp.hpp"

#include <gtest/gtest.h>

namespace qbt {
namespace {

TEST(Timestamp, DaysFromCivilKnownDates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  // 2006-01-02 00:00:00 UTC is Unix time 1136160000.
  EXPECT_EQ(days_from_civil(2006, 1, 2) * 86400, 1136160000);
}

TEST(Timestamp, CivilRoundTripOverFourCenturies) {
  for (std::int64_t days = -146097; days <= 146097; days += 17) {
    const CivilDate date = civil_from_days(days);
    ASSERT_EQ(days_from_civil(date.year, date.month, date.day), days);
  }
}

TEST(Timestamp, WeekdayMondayIsZero) {
  EXPECT_EQ(weekday(0), 3);                                             // 1970-01-01 Thursday
  EXPECT_EQ(weekday(days_from_civil(2006, 1, 2) * k_ns_per_day), 0);   // Monday
  EXPECT_EQ(weekday(days_from_civil(1969, 12, 28) * k_ns_per_day), 6);  // Sunday
}

TEST(Timestamp, FormatsIsoWithMinimalFraction) {
  const Timestamp day = days_from_civil(2006, 1, 2) * k_ns_per_day;
  EXPECT_EQ(format_timestamp(day), "2006-01-02T00:00:00Z");
  EXPECT_EQ(format_timestamp(day, true), "2006-01-02");
  EXPECT_EQ(format_timestamp(day + 9 * k_ns_per_hour + 30 * k_ns_per_minute + 5 * k_ns_per_ms),
            "2006-01-02T09:30:00.005Z");
  EXPECT_EQ(format_timestamp(day + 1500), "2006-01-02T00:00:00.000001500Z");
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999999999Z");
}

TEST(Timestamp, LeapYears) {
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2023, 2), 28);
}

TEST(Timestamp, FormatsDurations) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(2 * k_ns_per_day + 17 * k_ns_per_hour + 30 * k_ns_per_minute),
            "2d 17h 30min");
  EXPECT_EQ(format_duration(250 * k_ns_per_ms), "250ms");
  EXPECT_EQ(format_duration(-k_ns_per_minute), "-1min");
  EXPECT_EQ(format_duration(INT64_MIN).substr(0, 8), "-106751d");
}

}  // namespace
}  // namespace qbt
