#include "qbt/data/resample.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::data {
namespace {

struct Bar {
  Timestamp ts;
  double open;
  double high;
  double low;
  double close;
  double volume;
  friend bool operator==(const Bar&, const Bar&) = default;
};

void PrintTo(const Bar& bar, std::ostream* os) {
  *os << format_timestamp(bar.ts) << " " << bar.open << " " << bar.high << " " << bar.low << " "
      << bar.close << " " << bar.volume;
}

BarFrame make_frame(const std::vector<Bar>& bars, Frequency frequency) {
  BarFrameBuilder builder("TEST", frequency);
  for (const Bar& b : bars) {
    builder.append(b.ts, b.open, b.high, b.low, b.close, b.volume);
  }
  return builder.finish();
}

std::vector<Bar> bars_of(const BarFrame& frame) {
  std::vector<Bar> out;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    out.push_back({frame.timestamps()[i], frame.open()[i], frame.high()[i], frame.low()[i],
                   frame.close()[i], frame.volume()[i]});
  }
  return out;
}

Timestamp utc(std::int32_t year, std::int32_t month, std::int32_t day, std::int32_t hour = 0,
              std::int32_t minute = 0) {
  return days_from_civil(year, month, day) * k_ns_per_day + hour * k_ns_per_hour +
         minute * k_ns_per_minute;
}

// Minute m after 14:30 on Tuesday 2024-01-02.
Timestamp minute(std::int64_t m) { return utc(2024, 1, 2, 14, 30) + m * k_ns_per_minute; }

// Minutes 2, 6, 7 and 10-14 are missing: gaps inside bins and one wholly empty 5-minute bin.
BarFrame minutes_with_gaps() {
  return make_frame({{minute(0), 10, 11, 9, 10.5, 100},
                     {minute(1), 10.5, 12, 10, 11, 200},
                     {minute(3), 11, 11.5, 10.8, 11.2, 50},
                     {minute(4), 11.2, 11.3, 8.5, 9, 10},
                     {minute(5), 9, 9.5, 8.8, 9.4, 1},
                     {minute(8), 9.4, 13, 9.4, 12.5, 7},
                     {minute(9), 12.5, 12.6, 12, 12.1, 3},
                     {minute(15), 12, 12.2, 11.9, 12.0, 4}},
                    Frequency::minutes(1));
}

std::vector<Bar> resample_bars(const BarFrame& frame, Frequency to, ResampleLabel label,
                               ResampleClosed closed, std::int64_t offset = 0) {
  ResampleOptions options;
  options.to = to;
  options.label = label;
  options.closed = closed;
  options.offset = offset;
  return bars_of(resample(frame, options));
}

// Left-closed bins [14:30, 14:35) {0, 1, 3, 4}, [14:35, 14:40) {5, 8, 9}, [14:40, 14:45) empty,
// [14:45, 14:50) {15}.
TEST(Resample, MinutesToFiveMinutesLeftClosedAllLabels) {
  const BarFrame frame = minutes_with_gaps();
  const auto to = Frequency::minutes(5);
  const std::vector<Bar> left{{minute(0), 10, 12, 8.5, 9, 360},
                              {minute(5), 9, 13, 8.8, 12.1, 11},
                              {minute(15), 12, 12.2, 11.9, 12.0, 4}};
  EXPECT_EQ(resample_bars(frame, to, ResampleLabel::left, ResampleClosed::left), left);
  std::vector<Bar> right = left;
  right[0].ts = minute(5);
  right[1].ts = minute(10);
  right[2].ts = minute(20);
  EXPECT_EQ(resample_bars(frame, to, ResampleLabel::right, ResampleClosed::left), right);
  std::vector<Bar> last = left;
  last[0].ts = minute(4);
  last[1].ts = minute(9);
  last[2].ts = minute(15);
  EXPECT_EQ(resample_bars(frame, to, ResampleLabel::last, ResampleClosed::left), last);
}

// Right-closed bins (14:25, 14:30] {0}, (14:30, 14:35] {1, 3, 4, 5}, (14:35, 14:40] {8, 9},
// (14:40, 14:45] {15}.
TEST(Resample, MinutesToFiveMinutesRightClosedAllLabels) {
  const BarFrame frame = minutes_with_gaps();
  const auto to = Frequency::minutes(5);
  const std::vector<Bar> left{{minute(-5), 10, 11, 9, 10.5, 100},
                              {minute(0), 10.5, 12, 8.5, 9.4, 261},
                              {minute(5), 9.4, 13, 9.4, 12.1, 10},
                              {minute(10), 12, 12.2, 11.9, 12.0, 4}};
  EXPECT_EQ(resample_bars(frame, to, ResampleLabel::left, ResampleClosed::right), left);
  std::vector<Bar> right = left;
  for (Bar& bar : right) {
    bar.ts += 5 * k_ns_per_minute;
  }
  EXPECT_EQ(resample_bars(frame, to, ResampleLabel::right, ResampleClosed::right), right);
  std::vector<Bar> last = left;
  last[0].ts = minute(0);
  last[1].ts = minute(5);
  last[2].ts = minute(9);
  last[3].ts = minute(15);
  EXPECT_EQ(resample_bars(frame, to, ResampleLabel::last, ResampleClosed::right), last);
}

// 14:30, 15:29, 15:30, then the 16:30 hour is missing, then 17:30.
TEST(Resample, HourlyBinsWithOffsetAndMissingHour) {
  const BarFrame frame = make_frame({{utc(2024, 1, 2, 14, 30), 10, 10.5, 9.5, 10.2, 1},
                                     {utc(2024, 1, 2, 15, 29), 10.2, 11, 10, 10.8, 2},
                                     {utc(2024, 1, 2, 15, 30), 10.8, 10.9, 10.1, 10.3, 4},
                                     {utc(2024, 1, 2, 17, 30), 10.3, 10.4, 9.9, 10.0, 8}},
                                    Frequency::minutes(1));
  const Frequency hour(k_ns_per_hour);
  // Epoch-aligned: [14:00, 15:00) {14:30}, [15:00, 16:00) {15:29, 15:30}, [17:00, 18:00) {17:30}.
  const std::vector<Bar> aligned{{utc(2024, 1, 2, 14, 0), 10, 10.5, 9.5, 10.2, 1},
                                 {utc(2024, 1, 2, 15, 0), 10.2, 11, 10, 10.3, 6},
                                 {utc(2024, 1, 2, 17, 0), 10.3, 10.4, 9.9, 10.0, 8}};
  EXPECT_EQ(resample_bars(frame, hour, ResampleLabel::left, ResampleClosed::left), aligned);
  // Offset 30min: [14:30, 15:30) {14:30, 15:29}, [15:30, 16:30) {15:30}, [17:30, 18:30) {17:30}.
  const std::vector<Bar> shifted{{utc(2024, 1, 2, 14, 30), 10, 11, 9.5, 10.8, 3},
                                 {utc(2024, 1, 2, 15, 30), 10.8, 10.9, 10.1, 10.3, 4},
                                 {utc(2024, 1, 2, 17, 30), 10.3, 10.4, 9.9, 10.0, 8}};
  EXPECT_EQ(resample_bars(frame, hour, ResampleLabel::left, ResampleClosed::left,
                          30 * k_ns_per_minute),
            shifted);
  // An offset of a whole bin plus 30 minutes, or minus 30 minutes, gives the same edges.
  EXPECT_EQ(resample_bars(frame, hour, ResampleLabel::left, ResampleClosed::left,
                          90 * k_ns_per_minute),
            shifted);
  EXPECT_EQ(resample_bars(frame, hour, ResampleLabel::left, ResampleClosed::left,
                          -30 * k_ns_per_minute),
            shifted);
}

// Minute bars on Tuesday and Thursday (Wednesday missing) become one bar per day at 00:00 UTC.
TEST(Resample, MinutesToDaysWithDayGap) {
  const BarFrame frame = make_frame({{utc(2024, 1, 2, 14, 30), 10, 10.5, 9.5, 10.2, 1},
                                     {utc(2024, 1, 2, 20, 59), 10.2, 11, 10, 10.8, 2},
                                     {utc(2024, 1, 4, 14, 30), 10.9, 11.1, 10.7, 11.0, 3},
                                     {utc(2024, 1, 4, 14, 31), 11.0, 11.2, 10.6, 10.65, 5}},
                                    Frequency::minutes(1));
  const std::vector<Bar> expected{{utc(2024, 1, 2), 10, 11, 9.5, 10.8, 3},
                                  {utc(2024, 1, 4), 10.9, 11.2, 10.6, 10.65, 8}};
  EXPECT_EQ(resample_bars(frame, Frequency::days(1), ResampleLabel::left, ResampleClosed::left),
            expected);
}

// Weeks run Monday to Sunday: Thu 4 and Fri 5 January 2024 fall in the week of Monday 1
// January; Mon 8, Wed 10 (Tuesday missing) and Fri 12 in the next; no bar in the week of the
// 15th; Mon 22 alone.
TEST(Resample, DaysToWeeksStartMonday) {
  const BarFrame frame = make_frame({{utc(2024, 1, 4), 10, 11, 9, 10.5, 1},
                                     {utc(2024, 1, 5), 10.5, 10.6, 10, 10.1, 2},
                                     {utc(2024, 1, 8), 10.1, 10.2, 9.8, 10, 3},
                                     {utc(2024, 1, 10), 10, 12, 10, 11.5, 4},
                                     {utc(2024, 1, 12), 11.5, 11.6, 11, 11.2, 5},
                                     {utc(2024, 1, 22), 11, 11.4, 10.9, 11.3, 6}},
                                    Frequency::days(1));
  const Frequency week(k_ns_per_week);
  const std::vector<Bar> left{{utc(2024, 1, 1), 10, 11, 9, 10.1, 3},
                              {utc(2024, 1, 8), 10.1, 12, 9.8, 11.2, 12},
                              {utc(2024, 1, 22), 11, 11.4, 10.9, 11.3, 6}};
  EXPECT_EQ(resample_bars(frame, week, ResampleLabel::left, ResampleClosed::left), left);
  std::vector<Bar> last = left;
  last[0].ts = utc(2024, 1, 5);
  last[1].ts = utc(2024, 1, 12);
  EXPECT_EQ(resample_bars(frame, week, ResampleLabel::last, ResampleClosed::left), last);
  std::vector<Bar> right = left;
  right[0].ts = utc(2024, 1, 8);
  right[1].ts = utc(2024, 1, 15);
  right[2].ts = utc(2024, 1, 29);
  EXPECT_EQ(resample_bars(frame, week, ResampleLabel::right, ResampleClosed::left), right);
}

// backtrader's sample data: its weekly file is its daily file resampled to weeks and dated by
// the last trading day of each week.
TEST(Resample, ReproducesBacktraderWeeklyFile) {
  const BarFrame daily = read_csv(testing::source_path("data/backtrader/2006-day-001.txt")).frame;
  const BarFrame weekly = read_csv(testing::source_path("data/backtrader/2006-week-001.txt")).frame;
  ASSERT_EQ(daily.size(), 255U);
  ASSERT_EQ(weekly.size(), 52U);
  ResampleOptions options;
  options.to = Frequency(k_ns_per_week);
  options.label = ResampleLabel::last;
  const BarFrame resampled = resample(daily, options);
  ASSERT_EQ(resampled.size(), weekly.size());
  for (std::size_t i = 0; i < weekly.size(); ++i) {
    SCOPED_TRACE(format_timestamp(weekly.timestamps()[i], true));
    EXPECT_EQ(resampled.timestamps()[i], weekly.timestamps()[i]);
    EXPECT_EQ(resampled.open()[i], weekly.open()[i]);
    EXPECT_EQ(resampled.high()[i], weekly.high()[i]);
    EXPECT_EQ(resampled.low()[i], weekly.low()[i]);
    EXPECT_EQ(resampled.close()[i], weekly.close()[i]);
  }
}

TEST(Resample, SkipsNanRowsAndKeepsMetadata) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const BarFrame frame = make_frame({{minute(0), 10, 11, 9, 10.5, 1},
                                     {minute(1), nan, nan, nan, nan, nan},
                                     {minute(5), nan, nan, nan, nan, nan},
                                     {minute(6), 10.5, 10.7, 10.4, 10.6, 2}},
                                    Frequency::minutes(1));
  ResampleOptions options;
  options.to = Frequency::minutes(5);
  const BarFrame out = resample(frame, options);
  EXPECT_EQ(out.symbol(), "TEST");
  EXPECT_EQ(out.frequency(), Frequency::minutes(5));
  const std::vector<Bar> expected{{minute(0), 10, 11, 9, 10.5, 1},
                                  {minute(5), 10.5, 10.7, 10.4, 10.6, 2}};
  EXPECT_EQ(bars_of(out), expected);
  EXPECT_TRUE(resample(BarFrame(), options).empty());
}

TEST(Resample, InfersSourceFrequencyWhenUnset) {
  const BarFrame frame = make_frame({{minute(0), 10, 11, 9, 10.5, 1},
                                     {minute(2), 10, 11, 9, 10.5, 1},
                                     {minute(4), 10, 11, 9, 10.5, 1}},
                                    Frequency());
  ResampleOptions options;
  options.to = Frequency::minutes(5);  // not a multiple of the inferred 2min
  EXPECT_THROW(static_cast<void>(resample(frame, options)), UserInputError);
  options.to = Frequency::minutes(6);
  EXPECT_EQ(resample(frame, options).size(), 1U);
}

TEST(Resample, RejectsTargetsThatAreNotCoarserMultiples) {
  auto message_of = [](Frequency source, Frequency target) {
    const BarFrame frame = make_frame({{minute(0), 10, 11, 9, 10.5, 1}}, source);
    ResampleOptions options;
    options.to = target;
    try {
      static_cast<void>(resample(frame, options));
    } catch (const UserInputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message_of(Frequency::minutes(2), Frequency::minutes(5)),
            "target frequency 5min is not a multiple of the source frequency 2min");
  EXPECT_EQ(message_of(Frequency::minutes(5), Frequency::minutes(1)),
            "target frequency 1min is not coarser than the source frequency 5min");
  EXPECT_EQ(message_of(Frequency::minutes(1), Frequency::minutes(1)),
            "target frequency 1min is not coarser than the source frequency 1min");
  EXPECT_NE(message_of(Frequency::minutes(1), Frequency()).find("target frequency"),
            std::string::npos);
  EXPECT_EQ(message_of(Frequency::minutes(1), Frequency(k_ns_per_hour)), "no error");
}

TEST(Resample, RejectsUnsortedInput) {
  const BarFrame frame = make_frame({{minute(1), 10, 11, 9, 10.5, 1},
                                     {minute(0), 10, 11, 9, 10.5, 1}},
                                    Frequency::minutes(1));
  ResampleOptions options;
  options.to = Frequency::minutes(5);
  EXPECT_THROW(static_cast<void>(resample(frame, options)), DataError);
}

TEST(ResampleOptions, ParsesNames) {
  EXPECT_EQ(parse_resample_label("left"), ResampleLabel::left);
  EXPECT_EQ(parse_resample_label("right"), ResampleLabel::right);
  EXPECT_EQ(parse_resample_label("last"), ResampleLabel::last);
  EXPECT_FALSE(parse_resample_label("first"));
  EXPECT_EQ(parse_resample_closed("left"), ResampleClosed::left);
  EXPECT_EQ(parse_resample_closed("right"), ResampleClosed::right);
  EXPECT_FALSE(parse_resample_closed("both"));
  EXPECT_STREQ(to_string(ResampleLabel::last), "last");
  EXPECT_STREQ(to_string(ResampleClosed::right), "right");
}

}  // namespace
}  // namespace qbt::data
