#pragma once
/// Bar validation shared by every reader: one definition of a valid bar, one policy for what to
/// do with an invalid one.
///
/// Policies follow pandas' `on_bad_lines`: `error` (default) stops at the first bad row with an
/// error naming file, line, column and text; `skip` drops bad rows silently (they are counted);
/// `warn` drops them and reports each one (the first few verbatim, then a count).

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/data/bar_frame.hpp"

namespace qbt::data {

enum class ValidationPolicy : std::uint8_t { error, skip, warn };

[[nodiscard]] std::optional<ValidationPolicy> parse_validation_policy(std::string_view text) noexcept;
[[nodiscard]] const char* to_string(ValidationPolicy policy) noexcept;

/// Every way a row can be rejected.
enum class BarIssue : std::uint8_t {
  malformed_row,       ///< wrong number of fields, unterminated quote, unparsable line
  bad_timestamp,       ///< timestamp text that does not parse
  non_numeric,         ///< a value field that is not a number
  nan_value,           ///< NaN or infinite value
  non_positive_price,  ///< open/high/low/close <= 0
  negative_volume,
  high_below_low,
  open_outside_range,   ///< open not within [low, high]
  close_outside_range,  ///< close not within [low, high]
  unsorted_timestamp,   ///< earlier than the previous row's timestamp
  duplicate_timestamp,  ///< equal to the previous row's timestamp
};
inline constexpr std::size_t k_bar_issue_count = 11;

/// Short description, e.g. "high is below low".
[[nodiscard]] const char* describe(BarIssue issue) noexcept;
/// Stable snake_case key, e.g. "high_below_low", for JSON output.
[[nodiscard]] const char* to_string(BarIssue issue) noexcept;

/// A problem with one bar's values: what and in which field.
struct BarProblem {
  BarIssue issue;
  Field field;
};

/// Check the values of one bar (not its timestamp order). Branch-light; called once per row at
/// ingestion, never in a backtest loop.
[[nodiscard]] inline std::optional<BarProblem> check_bar(double open, double high, double low,
                                                         double close, double volume) noexcept {
  const std::array<double, k_field_count> v{open, high, low, close, volume};
  for (std::size_t i = 0; i < k_field_count; ++i) {
    if (!std::isfinite(v[i])) [[unlikely]] {
      return BarProblem{BarIssue::nan_value, static_cast<Field>(i)};
    }
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (v[i] <= 0.0) [[unlikely]] {
      return BarProblem{BarIssue::non_positive_price, static_cast<Field>(i)};
    }
  }
  if (volume < 0.0) [[unlikely]] {
    return BarProblem{BarIssue::negative_volume, Field::volume};
  }
  if (high < low) [[unlikely]] {
    return BarProblem{BarIssue::high_below_low, Field::high};
  }
  if (open < low || open > high) [[unlikely]] {
    return BarProblem{BarIssue::open_outside_range, Field::open};
  }
  if (close < low || close > high) [[unlikely]] {
    return BarProblem{BarIssue::close_outside_range, Field::close};
  }
  return std::nullopt;
}

/// Counts of rejected rows per issue plus the first messages, for `qbt data info` and warnings.
struct ValidationReport {
  static constexpr std::size_t k_max_messages = 20;

  std::int64_t rows_checked = 0;
  std::int64_t rows_rejected = 0;
  std::array<std::int64_t, k_bar_issue_count> counts{};
  std::vector<std::string> messages;  ///< the first k_max_messages problems, verbatim

  void record(BarIssue issue, std::string message);
  void merge(const ValidationReport& other);
  [[nodiscard]] bool clean() const noexcept { return rows_rejected == 0; }
  [[nodiscard]] std::int64_t count(BarIssue issue) const noexcept {
    return counts[static_cast<std::size_t>(issue)];
  }
};

/// Check every bar of a frame (values and timestamp order) without changing it.
[[nodiscard]] ValidationReport validate(const BarFrame& frame);

}  // namespace qbt::data
