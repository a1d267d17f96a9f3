#include "qbt/core/byte_size.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt {

namespace {

struct Unit {
  std::string_view name;  ///< lower case
  double bytes;
};

constexpr std::array<Unit, 10> k_units{{{"b", 1.0},
                                        {"kb", 1e3},
                                        {"mb", 1e6},
                                        {"gb", 1e9},
                                        {"tb", 1e12},
                                        {"kib", 1024.0},
                                        {"mib", 1048576.0},
                                        {"gib", 1073741824.0},
                                        {"tib", 1099511627776.0},
                                        {"", 1.0}}};

/// Whether `text` is `lower` ignoring ASCII case.
bool equals_folded(std::string_view text, std::string_view lower) noexcept {
  if (text.size() != lower.size()) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch =
        text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (ch != lower[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::uint64_t> parse_byte_size(std::string_view text) noexcept {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  double number = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, number, std::chars_format::fixed);
  if (ec != std::errc{} || ptr == text.data() || !std::isfinite(number) || number < 0.0) {
    return std::nullopt;
  }
  std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
  while (!unit.empty() && unit.front() == ' ') {
    unit.remove_prefix(1);
  }
  for (const Unit& known : k_units) {
    if (equals_folded(unit, known.name)) {
      const double bytes = std::floor(number * known.bytes);
      if (!(bytes < 9.223372036854775808e18)) {
        return std::nullopt;
      }
      return static_cast<std::uint64_t>(bytes);
    }
  }
  return std::nullopt;
}

std::uint64_t parse_byte_size_flag(std::string_view text, std::string_view flag) {
  if (const std::optional<std::uint64_t> bytes = parse_byte_size(text)) {
    return *bytes;
  }
  throw UserInputError(
      fmt::format("{} {}: expected a size such as 512MB, 2GB, 1.5GiB or a "
                  "number of bytes (kB, MB, GB, TB are powers of 1000; KiB, "
                  "MiB, GiB, TiB of 1024)",
                  flag, quote_excerpt(text)));
}

std::string format_byte_size(std::uint64_t bytes) {
  constexpr std::array<std::string_view, 4> k_names{"kB", "MB", "GB", "TB"};
  if (bytes < 1000) {
    return fmt::format("{} B", bytes);
  }
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  value /= 1e3;
  while (value >= 1000.0 && unit + 1 < k_names.size()) {
    value /= 1e3;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, k_names[unit]);
}

}  // namespace qbt
