#include "qbt/data/synthetic.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/validate.hpp"

namespace qbt::data {
namespace {

Timestamp utc(std::int32_t year, std::int32_t month, std::int32_t day, std::int32_t hour = 0,
              std::int32_t minute = 0) {
  return days_from_civil(year, month, day) * k_ns_per_day + hour * k_ns_per_hour +
         minute * k_ns_per_minute;
}

struct LogReturnStats {
  double mean = 0.0;
  double sd = 0.0;
};

LogReturnStats log_return_stats(const BarFrame& frame) {
  const auto open = frame.open();
  const auto close = frame.close();
  const auto n = static_cast<double>(frame.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    sum += std::log(close[i] / open[i]);
  }
  const double mean = sum / n;
  double squares = 0.0;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const double d = std::log(close[i] / open[i]) - mean;
    squares += d * d;
  }
  return {mean, std::sqrt(squares / (n - 1.0))};
}

void expect_consistent_bars(const BarFrame& frame) {
  const auto ts = frame.timestamps();
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const auto problem = check_bar(frame.open()[i], frame.high()[i], frame.low()[i],
                                   frame.close()[i], frame.volume()[i]);
    ASSERT_FALSE(problem) << "bar " << i << ": " << describe(problem->issue);
    if (i > 0) {
      ASSERT_LT(ts[i - 1], ts[i]) << "bar " << i;
      ASSERT_EQ(frame.open()[i], frame.close()[i - 1]) << "bar " << i;
    }
  }
}

TEST(Synthetic, SameSeedSameBytesDifferentSeedDifferentBars) {
  SyntheticOptions options;
  options.bars = 5000;
  options.seed = 42;
  const BarFrame a = generate_bars(options);
  const BarFrame b = generate_bars(options);
  ASSERT_EQ(a.size(), 5000U);
  EXPECT_TRUE(a.same_bars(b));
  options.seed = 43;
  const BarFrame c = generate_bars(options);
  EXPECT_EQ(c.timestamps()[4999], a.timestamps()[4999]);
  EXPECT_NE(c.close()[0], a.close()[0]);
  EXPECT_NE(c.close()[4999], a.close()[4999]);
  EXPECT_FALSE(a.same_bars(c));
}

TEST(Synthetic, FewerBarsArePrefixOfMoreBars) {
  SyntheticOptions options;
  options.seed = 9;
  options.bars = 3000;
  const BarFrame longer = generate_bars(options);
  options.bars = 1000;
  EXPECT_TRUE(generate_bars(options).same_bars(longer.slice(0, 1000)));
}

TEST(Synthetic, FrameCarriesSymbolFrequencyAndStartPrice) {
  SyntheticOptions options;
  options.symbol = "ABC";
  options.frequency = Frequency::minutes(5);
  options.start_price = 42.5;
  options.bars = 10;
  const BarFrame frame = generate_bars(options);
  EXPECT_EQ(frame.symbol(), "ABC");
  EXPECT_EQ(frame.frequency(), Frequency::minutes(5));
  EXPECT_EQ(frame.open()[0], 42.5);
}

TEST(Synthetic, ZeroBarsGiveEmptyFrame) {
  SyntheticOptions options;
  options.bars = 0;
  const BarFrame frame = generate_bars(options);
  EXPECT_TRUE(frame.empty());
  EXPECT_EQ(frame.symbol(), "SYNTH");
}

// Minute bars with a large drift so that the drift is measurable: per bar the log return has
// mean (mu - sigma^2 / 2) dt and standard deviation sigma sqrt(dt), dt = 1 / (252 * 390).
TEST(Synthetic, MinuteLogReturnsHaveGbmMeanAndDeviation) {
  SyntheticOptions options;
  options.bars = 1'000'000;
  options.drift = 20.0;
  options.volatility = 0.2;
  options.seed = 1;
  const LogReturnStats stats = log_return_stats(generate_bars(options));
  const double dt = 1.0 / (252.0 * 390.0);
  const double expected_mean = (20.0 - 0.5 * 0.04) * dt;  // 2.0329e-4
  const double expected_sd = 0.2 * std::sqrt(dt);         // 6.3796e-4
  // Standard errors: mean sd / sqrt(n) = 6.4e-7; sd about sd / sqrt(2 n) = 4.5e-7. Allow 5.
  EXPECT_NEAR(stats.mean, expected_mean, 3.2e-6);
  EXPECT_NEAR(stats.sd, expected_sd, 2.3e-6);
}

TEST(Synthetic, DailyLogReturnsAnnualiseOver252Days) {
  SyntheticOptions options;
  options.frequency = Frequency::days(1);
  options.bars = 50'000;
  options.drift = 0.05;
  options.volatility = 0.3;
  options.seed = 2;
  const LogReturnStats stats = log_return_stats(generate_bars(options));
  const double expected_mean = (0.05 - 0.045) / 252.0;  // 1.98e-5
  const double expected_sd = 0.3 / std::sqrt(252.0);    // 1.8898e-2
  // Standard errors: mean 8.5e-5, sd 6.0e-5.
  EXPECT_NEAR(stats.mean, expected_mean, 4.3e-4);
  EXPECT_NEAR(stats.sd, expected_sd, 3.0e-4);
}

TEST(Synthetic, ContinuousLogReturnsAnnualiseOver365Days) {
  SyntheticOptions options;
  options.calendar = SessionCalendar::continuous;
  options.frequency = Frequency(k_ns_per_hour);
  options.bars = 400'000;
  options.drift = 3.0;
  options.volatility = 0.8;
  options.seed = 3;
  const LogReturnStats stats = log_return_stats(generate_bars(options));
  const double dt = 1.0 / (365.0 * 24.0);
  const double expected_mean = (3.0 - 0.32) * dt;  // 3.059e-4
  const double expected_sd = 0.8 * std::sqrt(dt);  // 8.548e-3
  // Standard errors: mean 1.35e-5, sd 9.6e-6.
  EXPECT_NEAR(stats.mean, expected_mean, 6.8e-5);
  EXPECT_NEAR(stats.sd, expected_sd, 4.8e-5);
}

// By the reflection principle the maximum of a Brownian motion with variance v over a bar has
// mean sqrt(2 v / pi) (and the minimum minus that); the drift of one minute bar is negligible.
TEST(Synthetic, HighAndLowExcursionsMatchBrownianExtremes) {
  SyntheticOptions options;
  options.bars = 1'000'000;
  options.seed = 4;
  const BarFrame frame = generate_bars(options);
  double up = 0.0;
  double down = 0.0;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    up += std::log(frame.high()[i] / frame.open()[i]);
    down += std::log(frame.low()[i] / frame.open()[i]);
  }
  const double n = static_cast<double>(frame.size());
  const double v = 0.04 / (252.0 * 390.0);
  const double expected = std::sqrt(2.0 * v / std::numbers::pi);  // 5.090e-4
  // The maximum's standard deviation is sqrt(v (1 - 2/pi)) = 3.8e-4, so the standard error of
  // the mean is 3.8e-7; the drift shifts it by about mu dt / 2 = 2.5e-7.
  EXPECT_NEAR(up / n, expected, 2.5e-6);
  EXPECT_NEAR(down / n, -expected, 2.5e-6);
}

TEST(Synthetic, EveryBarIsConsistent) {
  for (const double volatility : {0.0, 0.2, 3.0}) {
    for (const auto calendar : {SessionCalendar::trading, SessionCalendar::continuous}) {
      SyntheticOptions options;
      options.bars = 100'000;
      options.volatility = volatility;
      options.calendar = calendar;
      options.seed = 5;
      SCOPED_TRACE(fmt::format("volatility {} calendar {}", volatility, to_string(calendar)));
      expect_consistent_bars(generate_bars(options));
    }
  }
  SyntheticOptions daily;
  daily.frequency = Frequency::days(1);
  daily.bars = 20'000;
  expect_consistent_bars(generate_bars(daily));
}

TEST(Synthetic, TradingCalendarHas390MinuteBarsPerWeekday) {
  SyntheticOptions options;
  options.start = utc(2024, 1, 3);  // a Wednesday
  options.bars = 390 * 10;
  const BarFrame frame = generate_bars(options);
  const auto ts = frame.timestamps();
  std::vector<std::int64_t> days;
  std::vector<int> bars_per_day;
  for (const Timestamp t : ts) {
    ASSERT_LT(weekday(t), 5) << format_timestamp(t);
    const std::int64_t day = floor_div(t, k_ns_per_day);
    const std::int64_t time_of_day = t - day * k_ns_per_day;
    ASSERT_GE(time_of_day, utc(1970, 1, 1, 14, 30));  // 09:30 New York (UTC-5)
    ASSERT_LE(time_of_day, utc(1970, 1, 1, 20, 59));  // the bar covering 15:59-16:00
    if (days.empty() || days.back() != day) {
      EXPECT_EQ(time_of_day, utc(1970, 1, 1, 14, 30)) << format_timestamp(t);
      days.push_back(day);
      bars_per_day.push_back(0);
    }
    ++bars_per_day.back();
  }
  ASSERT_EQ(days.size(), 10U);
  for (const int count : bars_per_day) {
    EXPECT_EQ(count, 390);
  }
  // Wed 3, Thu 4, Fri 5, then Mon 8 ... Fri 12, Mon 15, Tue 16.
  EXPECT_EQ(ts.front(), utc(2024, 1, 3, 14, 30));
  EXPECT_EQ(ts[390 * 3], utc(2024, 1, 8, 14, 30));
  EXPECT_EQ(ts.back(), utc(2024, 1, 16, 20, 59));
}

TEST(Synthetic, TradingCalendarStartsAtNextSlot) {
  SyntheticOptions options;
  options.bars = 3;
  options.frequency = Frequency::minutes(5);
  options.start = utc(2024, 1, 6, 12, 0);  // Saturday
  EXPECT_EQ(generate_bars(options).timestamps()[0], utc(2024, 1, 8, 14, 30));
  options.start = utc(2024, 1, 9, 15, 7);  // Tuesday, mid-session: next 5-minute slot
  const BarFrame mid = generate_bars(options);
  EXPECT_EQ(mid.timestamps()[0], utc(2024, 1, 9, 15, 10));
  EXPECT_EQ(mid.timestamps()[2], utc(2024, 1, 9, 15, 20));
  options.start = utc(2024, 1, 12, 21, 0);  // Friday after the close
  EXPECT_EQ(generate_bars(options).timestamps()[0], utc(2024, 1, 15, 14, 30));
  options.frequency = Frequency::minutes(390);
  options.start = utc(2024, 1, 12, 14, 30);
  const BarFrame whole_sessions = generate_bars(options);
  EXPECT_EQ(whole_sessions.timestamps()[1], utc(2024, 1, 15, 14, 30));
}

TEST(Synthetic, DailyTradingBarsAreWeekdayMidnights) {
  SyntheticOptions options;
  options.frequency = Frequency::days(1);
  options.start = utc(2024, 1, 5, 10, 0);  // Friday morning: first bar is Monday the 8th
  options.bars = 6;
  const BarFrame frame = generate_bars(options);
  const std::vector<Timestamp> expected{utc(2024, 1, 8),  utc(2024, 1, 9),  utc(2024, 1, 10),
                                        utc(2024, 1, 11), utc(2024, 1, 12), utc(2024, 1, 15)};
  EXPECT_EQ(std::vector<Timestamp>(frame.timestamps().begin(), frame.timestamps().end()),
            expected);
}

TEST(Synthetic, ContinuousCalendarIncludesWeekends) {
  SyntheticOptions options;
  options.calendar = SessionCalendar::continuous;
  options.frequency = Frequency(k_ns_per_hour);
  options.start = utc(2024, 1, 6, 0, 0);  // Saturday
  options.bars = 48;
  const BarFrame frame = generate_bars(options);
  const auto ts = frame.timestamps();
  EXPECT_EQ(ts.front(), utc(2024, 1, 6));
  EXPECT_EQ(ts.back(), utc(2024, 1, 7, 23, 0));
  for (std::size_t i = 1; i < ts.size(); ++i) {
    EXPECT_EQ(ts[i] - ts[i - 1], k_ns_per_hour);
  }
}

TEST(Synthetic, VolumeAveragesDailyVolumeWithUShapedDay) {
  SyntheticOptions options;
  options.bars = 390 * 2000;
  options.daily_volume = 2e6;
  options.seed = 6;
  const BarFrame frame = generate_bars(options);
  double total = 0.0;
  double first_bars = 0.0;
  double midday_bars = 0.0;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const double v = frame.volume()[i];
    ASSERT_EQ(v, std::floor(v));  // whole units
    total += v;
    first_bars += i % 390 == 0 ? v : 0.0;
    midday_bars += i % 390 == 195 ? v : 0.0;
  }
  EXPECT_NEAR(total / 2000.0, 2e6, 2e6 * 0.01);
  // More trading at the open than at midday.
  EXPECT_GT(first_bars, 2.0 * midday_bars);
}

TEST(Synthetic, RejectsImpossibleParametersNamingThem) {
  auto message_of = [](const SyntheticOptions& options) {
    try {
      static_cast<void>(generate_bars(options));
    } catch (const UserInputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  SyntheticOptions options;
  options.bars = -1;
  EXPECT_NE(message_of(options).find("bars"), std::string::npos);
  options = {};
  options.bars = 10;
  options.volatility = -0.1;
  EXPECT_NE(message_of(options).find("volatility"), std::string::npos);
  options = {};
  options.bars = 10;
  options.start_price = 0.0;
  EXPECT_NE(message_of(options).find("start price"), std::string::npos);
  options = {};
  options.bars = 10;
  options.frequency = Frequency::minutes(7);  // 390 / 7 is not whole
  EXPECT_NE(message_of(options).find("frequency 7min"), std::string::npos);
  options.frequency = Frequency(7 * k_ns_per_day);
  EXPECT_NE(message_of(options).find("frequency 1w"), std::string::npos);
  options.frequency = Frequency();
  EXPECT_NE(message_of(options).find("frequency"), std::string::npos);
  options.calendar = SessionCalendar::continuous;
  options.frequency = Frequency::minutes(7);
  EXPECT_EQ(message_of(options), "no error");
  options = {};
  options.bars = 300'000'000;  // minute bars past 2262
  EXPECT_NE(message_of(options).find("2262"), std::string::npos);
  options = {};
  options.bars = 1000;
  options.frequency = Frequency::days(1);
  options.volatility = 50.0;
  EXPECT_NE(message_of(options).find("volatility"), std::string::npos);
}

TEST(SessionCalendar, ParsesNames) {
  EXPECT_EQ(parse_session_calendar("trading"), SessionCalendar::trading);
  EXPECT_EQ(parse_session_calendar("continuous"), SessionCalendar::continuous);
  EXPECT_FALSE(parse_session_calendar("24/7"));
  EXPECT_STREQ(to_string(SessionCalendar::continuous), "continuous");
}

}  // namespace
}  // namespace qbt::data
