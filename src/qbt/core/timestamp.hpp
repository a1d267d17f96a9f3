#pragma once
/// Timestamps are int64 nanoseconds since the Unix epoch, UTC. This file holds the calendar
/// arithmetic (proleptic Gregorian) and the canonical text form; parsing of the many input
/// formats lives in timestamp_parser.hpp.

#include <cstdint>
#include <string>

namespace qbt {

using Timestamp = std::int64_t;  ///< nanoseconds since 1970-01-01T00:00:00Z

inline constexpr std::int64_t k_ns_per_us = 1'000;
inline constexpr std::int64_t k_ns_per_ms = 1'000'000;
inline constexpr std::int64_t k_ns_per_second = 1'000'000'000;
inline constexpr std::int64_t k_ns_per_minute = 60 * k_ns_per_second;
inline constexpr std::int64_t k_ns_per_hour = 60 * k_ns_per_minute;
inline constexpr std::int64_t k_ns_per_day = 24 * k_ns_per_hour;
inline constexpr std::int64_t k_ns_per_week = 7 * k_ns_per_day;

/// A calendar date in the proleptic Gregorian calendar.
struct CivilDate {
  std::int32_t year = 1970;
  std::int32_t month = 1;  ///< 1..12
  std::int32_t day = 1;    ///< 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

/// Broken-down UTC time of a Timestamp.
struct CivilTime {
  CivilDate date;
  std::int32_t hour = 0;
  std::int32_t minute = 0;
  std::int32_t second = 0;
  std::int64_t nanosecond = 0;  ///< 0..999'999'999
};

/// Days since 1970-01-01 of a civil date (negative before the epoch).
[[nodiscard]] constexpr std::int64_t days_from_civil(std::int32_t year, std::int32_t month,
                                                     std::int32_t day) noexcept {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/// Civil date of a count of days since 1970-01-01.
[[nodiscard]] constexpr CivilDate civil_from_days(std::int64_t days) noexcept {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<std::int32_t>(year), static_cast<std::int32_t>(month),
          static_cast<std::int32_t>(day)};
}

[[nodiscard]] constexpr bool is_leap_year(std::int32_t year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

[[nodiscard]] constexpr std::int32_t days_in_month(std::int32_t year, std::int32_t month) noexcept {
  constexpr std::int32_t k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : k_days[month - 1];
}

/// Floor division for timestamps before the epoch.
[[nodiscard]] constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// Day of week, 0 = Monday ... 6 = Sunday.
[[nodiscard]] constexpr std::int32_t weekday(Timestamp ts) noexcept {
  const std::int64_t days = floor_div(ts, k_ns_per_day);
  return static_cast<std::int32_t>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

[[nodiscard]] CivilTime to_civil(Timestamp ts) noexcept;
[[nodiscard]] Timestamp from_civil(const CivilTime& civil) noexcept;

/// ISO 8601 in UTC: `2006-01-02` when the time is midnight and `date_only_at_midnight`, else
/// `2006-01-02T09:30:00Z`, with as many fractional digits (3, 6 or 9) as needed to be exact.
[[nodiscard]] std::string format_timestamp(Timestamp ts, bool date_only_at_midnight = false);

/// A duration as `2d 17h 30min`, `45s`, `250ms`: whole units from days down to nanoseconds,
/// largest first, zero units omitted; `0s` for zero.
[[nodiscard]] std::string format_duration(std::int64_t ns);

}  // namespace qbt
