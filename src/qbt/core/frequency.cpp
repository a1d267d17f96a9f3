#include "qbt/core/frequency.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace qbt {

namespace {
struct Unit {
  std::string_view name;
  std::int64_t ns;
};

// Accepted spellings; the first entry of each duration is the canonical one used by to_string().
constexpr std::array<Unit, 22> k_units{{
    {"w", k_ns_per_week},       {"W", k_ns_per_week},      {"week", k_ns_per_week},
    {"d", k_ns_per_day},        {"D", k_ns_per_day},       {"day", k_ns_per_day},
    {"h", k_ns_per_hour},       {"H", k_ns_per_hour},      {"hour", k_ns_per_hour},
    {"min", k_ns_per_minute},   {"m", k_ns_per_minute},    {"T", k_ns_per_minute},
    {"minute", k_ns_per_minute},
    {"s", k_ns_per_second},     {"S", k_ns_per_second},    {"sec", k_ns_per_second},
    {"second", k_ns_per_second},
    {"ms", k_ns_per_ms},        {"L", k_ns_per_ms},
    {"us", k_ns_per_us},
    {"ns", 1},                  {"N", 1},
}};

constexpr std::array<Unit, 8> k_canonical{{{"w", k_ns_per_week},
                                           {"d", k_ns_per_day},
                                           {"h", k_ns_per_hour},
                                           {"min", k_ns_per_minute},
                                           {"s", k_ns_per_second},
                                           {"ms", k_ns_per_ms},
                                           {"us", k_ns_per_us},
                                           {"ns", 1}}};
}  // namespace

std::optional<Frequency> Frequency::parse(std::string_view text) noexcept {
  std::int64_t count = 1;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first >= '0' && *first <= '9') {
    const auto [ptr, ec] = std::from_chars(first, last, count);
    if (ec != std::errc{} || count <= 0) {
      return std::nullopt;
    }
    first = ptr;
  }
  std::string_view unit(first, static_cast<std::size_t>(last - first));
  if (unit.size() > 1 && unit.back() == 's' && unit != "ms" && unit != "us" && unit != "ns") {
    unit.remove_suffix(1);  // plural: "minutes", "hours", "days", "weeks", "secs"
  }
  for (const Unit& u : k_units) {
    if (u.name == unit) {
      if (count > INT64_MAX / u.ns) {
        return std::nullopt;
      }
      return Frequency(count * u.ns);
    }
  }
  return std::nullopt;
}

std::string Frequency::to_string() const {
  if (ns_ <= 0) {
    return "irregular";
  }
  for (const Unit& u : k_canonical) {
    if (ns_ % u.ns == 0) {
      return fmt::format("{}{}", ns_ / u.ns, u.name);
    }
  }
  return fmt::format("{}ns", ns_);
}

}  // namespace qbt
