#include "qbt/core/timestamp_parser.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt {

namespace {

constexpr std::int32_t k_min_year = 1678;
constexpr std::int32_t k_max_year = 2261;

constexpr bool is_digit(char ch) noexcept { return static_cast<unsigned char>(ch - '0') < 10; }
constexpr std::int32_t digit_value(char ch) noexcept { return ch - '0'; }

/// Read exactly two digits at `p` into `out`.
inline bool read2(const char* p, std::int32_t& out) noexcept {
  if (!is_digit(p[0]) || !is_digit(p[1])) {
    return false;
  }
  out = digit_value(p[0]) * 10 + digit_value(p[1]);
  return true;
}

inline bool read4(const char* p, std::int32_t& out) noexcept {
  std::int32_t hi = 0;
  std::int32_t lo = 0;
  if (!read2(p, hi) || !read2(p + 2, lo)) {
    return false;
  }
  out = hi * 100 + lo;
  return true;
}

/// Read 1 to `max_digits` digits, greedily.
inline bool read_up_to(const char*& p, const char* end, int max_digits, std::int32_t& out) noexcept {
  std::int32_t value = 0;
  int n = 0;
  while (p < end && n < max_digits && is_digit(*p)) {
    value = value * 10 + digit_value(*p);
    ++p;
    ++n;
  }
  out = value;
  return n > 0;
}

constexpr TimestampResult fault(TimestampFault what, std::int64_t value = 0) noexcept {
  return {0, what, value};
}

/// Broken-down fields before validation.
struct Fields {
  std::int32_t year = 1970;
  std::int32_t month = 1;
  std::int32_t day = 1;
  std::int32_t hour = 0;
  std::int32_t minute = 0;
  std::int32_t second = 0;
  std::int64_t nanos = 0;
  std::int64_t offset_seconds = 0;  ///< local time minus UTC
};

inline TimestampResult validate_date(const Fields& f) noexcept {
  if (f.year < k_min_year || f.year > k_max_year) [[unlikely]] {
    return fault(TimestampFault::year, f.year);
  }
  if (f.month < 1 || f.month > 12) [[unlikely]] {
    return fault(TimestampFault::month, f.month);
  }
  if (f.day < 1 || f.day > days_in_month(f.year, f.month)) [[unlikely]] {
    return fault(TimestampFault::day, f.day);
  }
  return {};
}

inline TimestampResult validate_time(const Fields& f) noexcept {
  if (f.hour > 23) [[unlikely]] {
    return fault(TimestampFault::hour, f.hour);
  }
  if (f.minute > 59) [[unlikely]] {
    return fault(TimestampFault::minute, f.minute);
  }
  if (f.second > 59) [[unlikely]] {
    return fault(TimestampFault::second, f.second);
  }
  return {};
}

inline std::int64_t time_ns(const Fields& f) noexcept {
  return f.hour * k_ns_per_hour + f.minute * k_ns_per_minute + f.second * k_ns_per_second +
         f.nanos;
}

/// Validate every field and convert to UTC nanoseconds.
inline TimestampResult compose(const Fields& f) noexcept {
  if (const TimestampResult bad = validate_date(f); !bad.ok()) [[unlikely]] {
    return bad;
  }
  if (const TimestampResult bad = validate_time(f); !bad.ok()) [[unlikely]] {
    return bad;
  }
  return {days_from_civil(f.year, f.month, f.day) * k_ns_per_day + time_ns(f) -
              f.offset_seconds * k_ns_per_second,
          TimestampFault::none, 0};
}

/// Parse `.fffffffff` (or `,fff`) at `p` if present; `p` is left after the digits.
inline TimestampResult read_fraction(const char*& p, const char* end, std::int64_t& nanos) noexcept {
  if (p == end || (*p != '.' && *p != ',')) {
    return {};
  }
  ++p;
  std::int64_t value = 0;
  int n = 0;
  while (p < end && is_digit(*p)) {
    if (n == 9) {
      return fault(TimestampFault::fraction);
    }
    value = value * 10 + digit_value(*p);
    ++p;
    ++n;
  }
  if (n == 0) {
    return fault(TimestampFault::syntax);
  }
  constexpr std::array<std::int64_t, 10> k_scale{1'000'000'000, 100'000'000, 10'000'000,
                                                 1'000'000,     100'000,     10'000,
                                                 1'000,         100,         10,
                                                 1};
  nanos = value * k_scale[static_cast<std::size_t>(n)];
  return {};
}

/// Parse a zone designator filling the rest of the text: `Z`, `+hh:mm`, `+hhmm`, `+hh`.
inline TimestampResult read_zone(const char*& p, const char* end, std::int64_t& offset_seconds) noexcept {
  if (p == end) {
    return {};
  }
  if (*p == 'Z' || *p == 'z') {
    ++p;
    return {};
  }
  if (*p != '+' && *p != '-') {
    return fault(TimestampFault::syntax);
  }
  const bool negative = *p == '-';
  ++p;
  std::int32_t hours = 0;
  std::int32_t minutes = 0;
  if (end - p < 2 || !read2(p, hours)) {
    return fault(TimestampFault::syntax);
  }
  p += 2;
  if (p < end && *p == ':') {
    ++p;
    if (end - p < 2 || !read2(p, minutes)) {
      return fault(TimestampFault::syntax);
    }
    p += 2;
  } else if (end - p >= 2 && read2(p, minutes)) {
    p += 2;
  }
  if (hours > 23 || minutes > 59) {
    return fault(TimestampFault::utc_offset, hours * 100 + minutes);
  }
  offset_seconds = (hours * 3600 + minutes * 60) * (negative ? -1 : 1);
  return {};
}

/// `HH:MM[:SS[.f]]` at `p` (two-digit hour; fixed width). `p` is left after the time.
inline TimestampResult read_clock(const char*& p, const char* end, Fields& f) noexcept {
  if (end - p < 5 || !read2(p, f.hour) || p[2] != ':' || !read2(p + 3, f.minute)) {
    return fault(TimestampFault::syntax);
  }
  p += 5;
  if (p < end && *p == ':') {
    if (end - p < 3 || !read2(p + 1, f.second)) {
      return fault(TimestampFault::syntax);
    }
    p += 3;
    return read_fraction(p, end, f.nanos);
  }
  return {};
}

/// `YYYY-MM-DD` at the start of `text` (at least 10 characters).
inline bool read_date(const char* p, Fields& f) noexcept {
  return read4(p, f.year) && p[4] == '-' && read2(p + 5, f.month) && p[7] == '-' &&
         read2(p + 8, f.day);
}

constexpr std::array<std::string_view, 12> k_month_names{
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

constexpr char lower(char ch) noexcept {
  return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
}

bool starts_with_nocase(const char* p, const char* end, std::string_view word) noexcept {
  if (static_cast<std::size_t>(end - p) < word.size()) {
    return false;
  }
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(p[i]) != word[i]) {
      return false;
    }
  }
  return true;
}

/// Month name, full or abbreviated to three letters, case-insensitive.
bool read_month_name(const char*& p, const char* end, std::int32_t& month) noexcept {
  for (std::size_t i = 0; i < k_month_names.size(); ++i) {
    const std::string_view name = k_month_names[i];
    if (starts_with_nocase(p, end, name)) {
      p += name.size();
      month = static_cast<std::int32_t>(i) + 1;
      return true;
    }
  }
  for (std::size_t i = 0; i < k_month_names.size(); ++i) {
    const std::string_view abbreviation = k_month_names[i].substr(0, 3);
    if (starts_with_nocase(p, end, abbreviation)) {
      p += 3;
      month = static_cast<std::int32_t>(i) + 1;
      return true;
    }
  }
  return false;
}

}  // namespace

const char* to_string(EpochUnit unit) noexcept {
  switch (unit) {
    case EpochUnit::seconds: return "epoch_s";
    case EpochUnit::milliseconds: return "epoch_ms";
    case EpochUnit::microseconds: return "epoch_us";
    case EpochUnit::nanoseconds: return "epoch_ns";
  }
  return "epoch_s";
}

EpochUnit infer_epoch_unit(std::int64_t value) noexcept {
  const std::uint64_t magnitude =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  if (magnitude < 100'000'000'000ULL) {
    return EpochUnit::seconds;
  }
  if (magnitude < 100'000'000'000'000ULL) {
    return EpochUnit::milliseconds;
  }
  if (magnitude < 100'000'000'000'000'000ULL) {
    return EpochUnit::microseconds;
  }
  return EpochUnit::nanoseconds;
}

std::string describe(const TimestampResult& result) {
  const std::int64_t v = result.fault_value;
  switch (result.fault) {
    case TimestampFault::none:
    case TimestampFault::syntax: return {};
    case TimestampFault::year:
      return fmt::format("year {} is outside the supported range {}..{}", v, k_min_year, k_max_year);
    case TimestampFault::month: return fmt::format("month {} is out of range", v);
    case TimestampFault::day: return fmt::format("day {} is out of range for the month", v);
    case TimestampFault::day_of_year: return fmt::format("day of year {} is out of range", v);
    case TimestampFault::hour: return fmt::format("hour {} is out of range", v);
    case TimestampFault::minute: return fmt::format("minute {} is out of range", v);
    case TimestampFault::second: return fmt::format("second {} is out of range", v);
    case TimestampFault::fraction: return "more than 9 fractional digits";
    case TimestampFault::utc_offset: return fmt::format("UTC offset {:04} is out of range", v);
    case TimestampFault::range:
      return "beyond the representable range 1677-09-21..2262-04-11";
  }
  return {};
}

TimestampResult parse_iso_timestamp(std::string_view text) noexcept {
  const char* p = text.data();
  const char* const end = p + text.size();
  Fields f;
  if (text.size() < 10 || !read_date(p, f)) [[unlikely]] {
    return fault(TimestampFault::syntax);
  }
  p += 10;
  if (p != end) {
    if (*p != ' ' && *p != 'T' && *p != 't') [[unlikely]] {
      return fault(TimestampFault::syntax);
    }
    ++p;
    if (const TimestampResult bad = read_clock(p, end, f); !bad.ok()) [[unlikely]] {
      return bad;
    }
    if (const TimestampResult bad = read_zone(p, end, f.offset_seconds); !bad.ok()) [[unlikely]] {
      return bad;
    }
    if (p != end) [[unlikely]] {
      return fault(TimestampFault::syntax);
    }
  }
  return compose(f);
}

TimestampResult parse_iso_date(std::string_view text) noexcept {
  Fields f;
  if (text.size() != 10 || !read_date(text.data(), f)) {
    return fault(TimestampFault::syntax);
  }
  return compose(f);
}

TimestampResult parse_time_of_day(std::string_view text) noexcept {
  const char* p = text.data();
  const char* const end = p + text.size();
  Fields f;
  if (!read_up_to(p, end, 2, f.hour) || p == end || *p != ':') {
    return fault(TimestampFault::syntax);
  }
  ++p;
  if (end - p < 2 || !read2(p, f.minute)) {
    return fault(TimestampFault::syntax);
  }
  p += 2;
  if (p < end && *p == ':') {
    if (end - p < 3 || !read2(p + 1, f.second)) {
      return fault(TimestampFault::syntax);
    }
    p += 3;
    if (const TimestampResult bad = read_fraction(p, end, f.nanos); !bad.ok()) {
      return bad;
    }
  }
  if (p != end) {
    return fault(TimestampFault::syntax);
  }
  if (const TimestampResult bad = validate_time(f); !bad.ok()) {
    return bad;
  }
  return {time_ns(f), TimestampFault::none, 0};
}

TimestampResult parse_epoch(std::string_view text, EpochUnit unit) noexcept {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec == std::errc::result_out_of_range) {
    return fault(TimestampFault::range);
  }
  if (ec != std::errc() || ptr != end) {
    return fault(TimestampFault::syntax);
  }
  std::int64_t ns = 0;
  if (__builtin_mul_overflow(value, ns_per_unit(unit), &ns)) {
    return fault(TimestampFault::range);
  }
  return {ns, TimestampFault::none, 0};
}

TimestampParser TimestampParser::iso_date() {
  TimestampParser parser;
  parser.kind_ = Kind::iso_date;
  parser.format_ = "iso date";
  return parser;
}

TimestampParser TimestampParser::time_of_day() {
  TimestampParser parser;
  parser.kind_ = Kind::time_of_day;
  parser.format_ = "time of day";
  return parser;
}

TimestampParser TimestampParser::epoch(EpochUnit unit) {
  TimestampParser parser;
  parser.kind_ = Kind::epoch;
  parser.unit_ = unit;
  parser.format_ = to_string(unit);
  return parser;
}

TimestampParser TimestampParser::from_format(std::string_view format) {
  if (format.empty() || format == "iso") {
    return iso();
  }
  for (const EpochUnit unit : {EpochUnit::seconds, EpochUnit::milliseconds,
                               EpochUnit::microseconds, EpochUnit::nanoseconds}) {
    if (format == to_string(unit)) {
      return epoch(unit);
    }
  }
  TimestampParser parser;
  parser.kind_ = Kind::pattern;
  parser.format_ = std::string(format);
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char ch = format[i];
    if (ch == ' ') {
      parser.tokens_.push_back({Directive::space, ' '});
      continue;
    }
    if (ch != '%') {
      parser.tokens_.push_back({Directive::literal, ch});
      continue;
    }
    if (i + 1 == format.size()) {
      throw UserInputError(
          fmt::format("time format '{}' ends with a lone '%' (write %% for a percent sign)", format));
    }
    const char code = format[++i];
    Directive directive = Directive::literal;
    switch (code) {
      case 'Y': directive = Directive::year4; break;
      case 'y': directive = Directive::year2; break;
      case 'm': directive = Directive::month; break;
      case 'b': directive = Directive::month_name; break;
      case 'd': directive = Directive::day; break;
      case 'j': directive = Directive::day_of_year; break;
      case 'H': directive = Directive::hour24; break;
      case 'I': directive = Directive::hour12; break;
      case 'M': directive = Directive::minute; break;
      case 'S': directive = Directive::second; break;
      case 'f': directive = Directive::fraction; break;
      case 'z': directive = Directive::zone; break;
      case 'p': directive = Directive::am_pm; break;
      case '%': directive = Directive::literal; break;
      default:
        throw UserInputError(fmt::format(
            "unknown directive '%{}' in time format '{}' (known: %Y %y %m %d %j %b %H %I %p %M "
            "%S %f %z %%, or epoch_s, epoch_ms, epoch_us, epoch_ns)",
            code, format));
    }
    parser.tokens_.push_back({directive, directive == Directive::literal ? '%' : '\0'});
  }
  return parser;
}

TimestampResult TimestampParser::parse(std::string_view text) const noexcept {
  switch (kind_) {
    case Kind::iso: return parse_iso_timestamp(text);
    case Kind::iso_date: return parse_iso_date(text);
    case Kind::time_of_day: return parse_time_of_day(text);
    case Kind::epoch: return parse_epoch(text, unit_);
    case Kind::pattern: return parse_pattern(text);
  }
  return fault(TimestampFault::syntax);
}

TimestampResult TimestampParser::parse_pattern(std::string_view text) const noexcept {
  const char* p = text.data();
  const char* const end = p + text.size();
  Fields f;
  std::int32_t day_of_year = 0;
  bool has_day_of_year = false;
  std::int32_t hour12 = -1;
  int am_pm = -1;  // 0 = AM, 1 = PM
  for (const Token& token : tokens_) {
    bool ok = true;
    switch (token.directive) {
      case Directive::literal:
        ok = p < end && *p == token.literal;
        p += ok ? 1 : 0;
        break;
      case Directive::space:
        while (p < end && (*p == ' ' || *p == '\t')) {
          ++p;
        }
        break;
      case Directive::year4:
        ok = end - p >= 4 && read4(p, f.year);
        p += ok ? 4 : 0;
        break;
      case Directive::year2: {
        std::int32_t yy = 0;
        ok = end - p >= 2 && read2(p, yy);
        p += ok ? 2 : 0;
        f.year = yy < 69 ? 2000 + yy : 1900 + yy;
        break;
      }
      case Directive::month: ok = read_up_to(p, end, 2, f.month); break;
      case Directive::month_name: ok = read_month_name(p, end, f.month); break;
      case Directive::day: ok = read_up_to(p, end, 2, f.day); break;
      case Directive::day_of_year:
        ok = read_up_to(p, end, 3, day_of_year);
        has_day_of_year = true;
        break;
      case Directive::hour24: ok = read_up_to(p, end, 2, f.hour); break;
      case Directive::hour12: ok = read_up_to(p, end, 2, hour12); break;
      case Directive::minute: ok = read_up_to(p, end, 2, f.minute); break;
      case Directive::second: ok = read_up_to(p, end, 2, f.second); break;
      case Directive::fraction: {
        if (p == end || !is_digit(*p)) {
          ok = false;
          break;
        }
        std::int64_t value = 0;
        int n = 0;
        while (p < end && is_digit(*p)) {
          if (n == 9) {
            return fault(TimestampFault::fraction);
          }
          value = value * 10 + digit_value(*p);
          ++p;
          ++n;
        }
        for (int i = n; i < 9; ++i) {
          value *= 10;
        }
        f.nanos = value;
        break;
      }
      case Directive::zone: {
        if (p == end) {
          ok = false;
          break;
        }
        if (const TimestampResult bad = read_zone(p, end, f.offset_seconds); !bad.ok()) {
          return bad;
        }
        break;
      }
      case Directive::am_pm:
        if (starts_with_nocase(p, end, "am")) {
          am_pm = 0;
        } else if (starts_with_nocase(p, end, "pm")) {
          am_pm = 1;
        } else {
          ok = false;
        }
        p += ok ? 2 : 0;
        break;
    }
    if (!ok) {
      return fault(TimestampFault::syntax);
    }
  }
  if (p != end) {
    return fault(TimestampFault::syntax);
  }
  if (hour12 >= 0) {
    if (hour12 < 1 || hour12 > 12) {
      return fault(TimestampFault::hour, hour12);
    }
    f.hour = am_pm < 0 ? hour12 : hour12 % 12 + (am_pm == 1 ? 12 : 0);
  }
  if (has_day_of_year) {
    if (f.year < k_min_year || f.year > k_max_year) {
      return fault(TimestampFault::year, f.year);
    }
    const std::int32_t days_in_year = is_leap_year(f.year) ? 366 : 365;
    if (day_of_year < 1 || day_of_year > days_in_year) {
      return fault(TimestampFault::day_of_year, day_of_year);
    }
    const CivilDate date =
        civil_from_days(days_from_civil(f.year, 1, 1) + static_cast<std::int64_t>(day_of_year) - 1);
    f.month = date.month;
    f.day = date.day;
  }
  return compose(f);
}

std::string TimestampParser::explain(const TimestampResult& result) const {
  if (result.fault != TimestampFault::syntax) {
    return describe(result);
  }
  switch (kind_) {
    case Kind::iso: return "expected ISO 8601 like 2006-01-02 or 2006-01-02 09:30:00";
    case Kind::iso_date: return "expected a date like 2006-01-02";
    case Kind::time_of_day: return "expected a time like 09:30 or 09:30:00";
    case Kind::epoch: {
      constexpr std::array<const char*, 4> k_units{"seconds", "milliseconds", "microseconds",
                                                   "nanoseconds"};
      return fmt::format("expected an integer number of {} since 1970-01-01",
                         k_units[static_cast<std::size_t>(unit_)]);
    }
    case Kind::pattern: return fmt::format("does not match the time format '{}'", format_);
  }
  return {};
}

}  // namespace qbt
