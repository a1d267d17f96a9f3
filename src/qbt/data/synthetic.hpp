#pragma once
/// Seeded synthetic bars: geometric Brownian motion with consistent OHLC and volume, on a
/// trading-hours or a 24/7 calendar. Benchmarks, examples and property tests need realistic bars
/// of any length without shipping data files; the same options give the same bytes everywhere.
/// The model and the calendar are described in docs/synthetic-data.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "qbt/core/frequency.hpp"
#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"

namespace qbt::data {

/// When bars exist.
enum class SessionCalendar : std::uint8_t {
  /// 09:30-16:00 New York on weekdays, mapped to 14:30-21:00 UTC (fixed UTC-5, no daylight
  /// saving, no holidays); 390 minutes a day, 252 days a year.
  trading,
  /// Around the clock, every day; 365 days a year.
  continuous,
};

[[nodiscard]] std::optional<SessionCalendar> parse_session_calendar(std::string_view text) noexcept;
[[nodiscard]] const char* to_string(SessionCalendar calendar) noexcept;

/// The trading calendar's session: 390 minutes starting 14:30 UTC.
inline constexpr std::int64_t k_session_open_utc = 14 * k_ns_per_hour + 30 * k_ns_per_minute;
inline constexpr std::int64_t k_session_length = 390 * k_ns_per_minute;
inline constexpr double k_trading_days_per_year = 252.0;
inline constexpr double k_calendar_days_per_year = 365.0;

struct SyntheticOptions {
  std::string symbol = "SYNTH";
  /// The first bar is the first calendar slot at or after this time (2024-01-01, a Monday).
  Timestamp start = days_from_civil(2024, 1, 1) * k_ns_per_day;
  std::int64_t bars = 0;
  /// Intraday frequencies must divide the 390-minute session under the trading calendar; `1d`
  /// gives one bar per weekday, stamped at 00:00 UTC of its date.
  Frequency frequency = Frequency::minutes(1);
  SessionCalendar calendar = SessionCalendar::trading;
  double start_price = 100.0;
  double drift = 0.05;        ///< annual drift mu of the log-price process (0.05 = 5 %)
  double volatility = 0.2;    ///< annual volatility sigma (0.2 = 20 %)
  double daily_volume = 1e6;  ///< mean volume per trading day (per 24 h when continuous)
  std::uint64_t seed = 0;
};

/// Generate `options.bars` bars. Each bar's open is the previous close; the close follows GBM,
/// log(close/open) ~ N((mu - sigma^2/2) dt, sigma^2 dt); high and low are drawn from the exact
/// distribution of a Brownian bridge's maximum and minimum between open and close, so
/// low <= min(open, close) <= max(open, close) <= high holds by construction; volume is
/// log-normal around a U-shaped intraday profile, rounded to whole units. Timestamps are bar
/// starts. Throws UserInputError naming the parameter when the options are impossible.
[[nodiscard]] BarFrame generate_bars(const SyntheticOptions& options);

}  // namespace qbt::data
