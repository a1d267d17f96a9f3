#pragma once
/// Bar frequency: a fixed duration in nanoseconds (`1min`, `5min`, `1h`, `1d`, `1w`), or
/// irregular. Calendar months are not a fixed duration and are not a Frequency.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "qbt/core/timestamp.hpp"

namespace qbt {

class Frequency {
public:
  constexpr Frequency() noexcept = default;
  /// A frequency of `ns` nanoseconds; 0 means irregular or unknown.
  constexpr explicit Frequency(std::int64_t ns) noexcept : ns_(ns < 0 ? 0 : ns) {}

  static constexpr Frequency minutes(std::int64_t n) noexcept { return Frequency(n * k_ns_per_minute); }
  static constexpr Frequency days(std::int64_t n) noexcept { return Frequency(n * k_ns_per_day); }

  /// Parse `1min`, `5m`, `15min`, `1h`, `4H`, `1d`, `1D`, `1w`, `30s`, `250ms`, `10us`, `1ns`
  /// (the count defaults to 1: `min`, `h`). Returns nullopt on anything else.
  [[nodiscard]] static std::optional<Frequency> parse(std::string_view text) noexcept;

  [[nodiscard]] constexpr std::int64_t ns() const noexcept { return ns_; }
  [[nodiscard]] constexpr bool regular() const noexcept { return ns_ > 0; }
  /// Canonical text: the largest unit that divides the duration (`90s` -> `90s`, `60s` -> `1min`),
  /// or `irregular`.
  [[nodiscard]] std::string to_string() const;

  friend constexpr bool operator==(Frequency, Frequency) noexcept = default;

private:
  std::int64_t ns_ = 0;
};

}  // namespace qbt
