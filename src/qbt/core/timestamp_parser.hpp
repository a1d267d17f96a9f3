#pragma once
/// Parsing of timestamp text in the forms market data comes in: ISO 8601 (with a fast path for
/// the fixed-width forms), separate date and time-of-day fields, integer epochs and
/// strptime-like formats. Parsing never throws: it returns a TimestampResult whose fault says
/// what was wrong, so a reader can report it with the file position or skip the row by policy.
///
/// Supported range: years 1678..2261, the whole years that int64 nanoseconds can hold.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/core/timestamp.hpp"

namespace qbt {

/// Unit of an integer epoch timestamp.
enum class EpochUnit : std::uint8_t { seconds, milliseconds, microseconds, nanoseconds };

/// The format keyword of a unit: `epoch_s`, `epoch_ms`, `epoch_us` or `epoch_ns`.
[[nodiscard]] const char* to_string(EpochUnit unit) noexcept;

/// Nanoseconds in one step of `unit`.
[[nodiscard]] constexpr std::int64_t ns_per_unit(EpochUnit unit) noexcept {
  switch (unit) {
    case EpochUnit::seconds: return k_ns_per_second;
    case EpochUnit::milliseconds: return k_ns_per_ms;
    case EpochUnit::microseconds: return k_ns_per_us;
    case EpochUnit::nanoseconds: return 1;
  }
  return 1;
}

/// Guess the unit of an epoch value from its magnitude: below 1e11 seconds, below 1e14
/// milliseconds, below 1e17 microseconds, else nanoseconds. The ranges do not overlap for
/// dates between 1973 and 5138, which covers any real market data.
[[nodiscard]] EpochUnit infer_epoch_unit(std::int64_t value) noexcept;

/// What made a timestamp text invalid.
enum class TimestampFault : std::uint8_t {
  none,
  syntax,       ///< the text does not have the expected shape
  year,         ///< year outside 1678..2261
  month,        ///< month outside 1..12
  day,          ///< day outside the month
  day_of_year,  ///< day of year outside 1..365/366
  hour,         ///< hour outside 0..23 (1..12 with %I)
  minute,
  second,
  fraction,     ///< more than 9 fractional digits
  utc_offset,   ///< offset hours above 23 or minutes above 59
  range,        ///< an epoch value beyond the int64 nanosecond range
};

/// The outcome of parsing one timestamp text.
struct TimestampResult {
  Timestamp value = 0;  ///< ns since the epoch (UTC); ns since midnight for a time of day
  TimestampFault fault = TimestampFault::none;
  std::int64_t fault_value = 0;  ///< the offending number, e.g. 13 for month 13

  [[nodiscard]] constexpr bool ok() const noexcept { return fault == TimestampFault::none; }
};

/// Describe a range fault, e.g. "month 13 is out of range"; empty for `none` and `syntax`,
/// whose explanation depends on the expected format (see TimestampParser::explain).
[[nodiscard]] std::string describe(const TimestampResult& result);

/// Parse ISO 8601: `2006-01-02`, or a date and time separated by a space or `T`:
/// `2006-01-02 09:30`, `2006-01-02T09:30:00`, with up to 9 fractional digits after `.` or `,`,
/// and an optional zone `Z`, `+hh:mm`, `-hh:mm`, `+hhmm` or `+hh` (converted to UTC).
[[nodiscard]] TimestampResult parse_iso_timestamp(std::string_view text) noexcept;

/// Parse an ISO date `2006-01-02` alone, as midnight UTC.
[[nodiscard]] TimestampResult parse_iso_date(std::string_view text) noexcept;

/// Parse a time of day `H:MM`, `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fffffffff` as ns since midnight.
[[nodiscard]] TimestampResult parse_time_of_day(std::string_view text) noexcept;

/// Parse an integer count of `unit` since 1970-01-01 (a leading `-` is allowed).
[[nodiscard]] TimestampResult parse_epoch(std::string_view text, EpochUnit unit) noexcept;

/// A compiled timestamp format, built once per input and applied to every row.
///
/// Pattern directives (strptime-like): `%Y` 4-digit year, `%y` 2-digit year (69-99 -> 19xx),
/// `%m` month, `%d` day, `%j` day of year, `%b` month name (`Jan` or `January`), `%H` hour,
/// `%I` hour 1-12 with `%p` AM/PM, `%M` minute, `%S` second, `%f` 1-9 fractional digits,
/// `%z` zone (`Z`, `+hh:mm`, `+hhmm`, `+hh`), `%%` a percent sign. A space matches any run of
/// spaces and tabs (also none); other characters match themselves. Fields that the pattern
/// omits default to 1970-01-01 00:00:00 UTC.
class TimestampParser {
public:
  /// ISO 8601 dates and date-times (see parse_iso_timestamp); the default.
  TimestampParser() = default;

  [[nodiscard]] static TimestampParser iso() { return {}; }
  /// A date column on its own: ISO dates only.
  [[nodiscard]] static TimestampParser iso_date();
  /// A time-of-day column on its own (see parse_time_of_day).
  [[nodiscard]] static TimestampParser time_of_day();
  [[nodiscard]] static TimestampParser epoch(EpochUnit unit);
  /// Compile a user-given format: empty or `iso` for ISO 8601, `epoch_s`, `epoch_ms`,
  /// `epoch_us`, `epoch_ns`, or a pattern. Throws UserInputError naming an unknown directive.
  [[nodiscard]] static TimestampParser from_format(std::string_view format);

  [[nodiscard]] TimestampResult parse(std::string_view text) const noexcept;

  /// Why `result` failed, for an error message: describe() for range faults, otherwise what
  /// the text should look like, e.g. "expected ISO 8601 like 2006-01-02 or 2006-01-02 09:30:00".
  [[nodiscard]] std::string explain(const TimestampResult& result) const;

  /// Whether this parser reads ISO 8601 date-times, so callers may cache the date part.
  [[nodiscard]] bool is_iso() const noexcept { return kind_ == Kind::iso; }

  /// The format as given (`iso`, `epoch_ms`, `%d/%m/%Y`, ...).
  [[nodiscard]] const std::string& format() const noexcept { return format_; }

private:
  enum class Kind : std::uint8_t { iso, iso_date, time_of_day, epoch, pattern };
  enum class Directive : std::uint8_t {
    literal, space, year4, year2, month, month_name, day, day_of_year, hour24, hour12,
    minute, second, fraction, zone, am_pm
  };
  struct Token {
    Directive directive = Directive::literal;
    char literal = 0;
  };

  [[nodiscard]] TimestampResult parse_pattern(std::string_view text) const noexcept;

  Kind kind_ = Kind::iso;
  EpochUnit unit_ = EpochUnit::seconds;
  std::vector<Token> tokens_;
  std::string format_ = "iso";
};

}  // namespace qbt
