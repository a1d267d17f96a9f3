#include "qbt/core/timestamp.hpp"

#include <fmt/format.h>

namespace qbt {

CivilTime to_civil(Timestamp ts) noexcept {
  const std::int64_t days = floor_div(ts, k_ns_per_day);
  std::int64_t rest = ts - days * k_ns_per_day;
  CivilTime out;
  out.date = civil_from_days(days);
  out.hour = static_cast<std::int32_t>(rest / k_ns_per_hour);
  rest %= k_ns_per_hour;
  out.minute = static_cast<std::int32_t>(rest / k_ns_per_minute);
  rest %= k_ns_per_minute;
  out.second = static_cast<std::int32_t>(rest / k_ns_per_second);
  out.nanosecond = rest % k_ns_per_second;
  return out;
}

Timestamp from_civil(const CivilTime& civil) noexcept {
  return days_from_civil(civil.date.year, civil.date.month, civil.date.day) * k_ns_per_day +
         civil.hour * k_ns_per_hour + civil.minute * k_ns_per_minute +
         civil.second * k_ns_per_second + civil.nanosecond;
}

std::string format_timestamp(Timestamp ts, bool date_only_at_midnight) {
  const CivilTime c = to_civil(ts);
  const bool midnight = c.hour == 0 && c.minute == 0 && c.second == 0 && c.nanosecond == 0;
  if (date_only_at_midnight && midnight) {
    return fmt::format("{:04}-{:02}-{:02}", c.date.year, c.date.month, c.date.day);
  }
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.date.year, c.date.month,
                                c.date.day, c.hour, c.minute, c.second);
  if (c.nanosecond != 0) {
    if (c.nanosecond % k_ns_per_ms == 0) {
      out += fmt::format(".{:03}", c.nanosecond / k_ns_per_ms);
    } else if (c.nanosecond % k_ns_per_us == 0) {
      out += fmt::format(".{:06}", c.nanosecond / k_ns_per_us);
    } else {
      out += fmt::format(".{:09}", c.nanosecond);
    }
  }
  out += 'Z';
  return out;
}

std::string format_duration(std::int64_t ns) {
  if (ns == 0) {
    return "0s";
  }
  struct Unit {
    const char* name;
    std::int64_t ns;
  };
  constexpr Unit k_units[] = {{"d", k_ns_per_day},     {"h", k_ns_per_hour}, {"min", k_ns_per_minute},
                              {"s", k_ns_per_second},  {"ms", k_ns_per_ms},  {"us", k_ns_per_us},
                              {"ns", 1}};
  std::string out = ns < 0 ? "-" : "";
  // Work on the magnitude as unsigned so INT64_MIN is representable.
  std::uint64_t rest = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  bool first = true;
  for (const Unit& unit : k_units) {
    const std::uint64_t count = rest / static_cast<std::uint64_t>(unit.ns);
    if (count == 0) {
      continue;
    }
    rest -= count * static_cast<std::uint64_t>(unit.ns);
    out += fmt::format("{}{}{}", first ? "" : " ", count, unit.name);
    first = false;
  }
  return out;
}

}  // namespace qbt
