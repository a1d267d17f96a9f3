#include "qbt/data/validate.hpp"

#include <fmt/format.h>

namespace qbt::data {

std::optional<ValidationPolicy> parse_validation_policy(std::string_view text) noexcept {
  if (text == "error") return ValidationPolicy::error;
  if (text == "skip") return ValidationPolicy::skip;
  if (text == "warn") return ValidationPolicy::warn;
  return std::nullopt;
}

const char* to_string(ValidationPolicy policy) noexcept {
  switch (policy) {
    case ValidationPolicy::error: return "error";
    case ValidationPolicy::skip: return "skip";
    case ValidationPolicy::warn: return "warn";
  }
  return "?";
}

const char* describe(BarIssue issue) noexcept {
  switch (issue) {
    case BarIssue::malformed_row: return "malformed row";
    case BarIssue::bad_timestamp: return "invalid timestamp";
    case BarIssue::non_numeric: return "value is not a number";
    case BarIssue::nan_value: return "value is NaN or infinite";
    case BarIssue::non_positive_price: return "price is not positive";
    case BarIssue::negative_volume: return "volume is negative";
    case BarIssue::high_below_low: return "high is below low";
    case BarIssue::open_outside_range: return "open is outside [low, high]";
    case BarIssue::close_outside_range: return "close is outside [low, high]";
    case BarIssue::unsorted_timestamp: return "timestamp is earlier than the previous row's";
    case BarIssue::duplicate_timestamp: return "timestamp duplicates the previous row's";
  }
  return "unknown issue";
}

const char* to_string(BarIssue issue) noexcept {
  switch (issue) {
    case BarIssue::malformed_row: return "malformed_row";
    case BarIssue::bad_timestamp: return "bad_timestamp";
    case BarIssue::non_numeric: return "non_numeric";
    case BarIssue::nan_value: return "nan_value";
    case BarIssue::non_positive_price: return "non_positive_price";
    case BarIssue::negative_volume: return "negative_volume";
    case BarIssue::high_below_low: return "high_below_low";
    case BarIssue::open_outside_range: return "open_outside_range";
    case BarIssue::close_outside_range: return "close_outside_range";
    case BarIssue::unsorted_timestamp: return "unsorted_timestamp";
    case BarIssue::duplicate_timestamp: return "duplicate_timestamp";
  }
  return "unknown";
}

void ValidationReport::record(BarIssue issue, std::string message) {
  ++rows_rejected;
  ++counts[static_cast<std::size_t>(issue)];
  if (messages.size() < k_max_messages) {
    messages.push_back(std::move(message));
  }
}

void ValidationReport::merge(const ValidationReport& other) {
  rows_checked += other.rows_checked;
  rows_rejected += other.rows_rejected;
  for (std::size_t i = 0; i < k_bar_issue_count; ++i) {
    counts[i] += other.counts[i];
  }
  for (const auto& message : other.messages) {
    if (messages.size() >= k_max_messages) {
      break;
    }
    messages.push_back(message);
  }
}

ValidationReport validate(const BarFrame& frame) {
  ValidationReport report;
  report.rows_checked = static_cast<std::int64_t>(frame.size());
  const auto ts = frame.timestamps();
  const auto open = frame.open();
  const auto high = frame.high();
  const auto low = frame.low();
  const auto close = frame.close();
  const auto volume = frame.volume();
  for (std::size_t i = 0; i < frame.size(); ++i) {
    if (const auto problem = check_bar(open[i], high[i], low[i], close[i], volume[i])) {
      report.record(problem->issue,
                    fmt::format("{} at row {} ({}): {} = {}", describe(problem->issue), i + 1,
                                format_timestamp(ts[i]), to_string(problem->field),
                                frame.field(problem->field)[i]));
    } else if (i > 0 && ts[i] <= ts[i - 1]) {
      const BarIssue issue = ts[i] == ts[i - 1] ? BarIssue::duplicate_timestamp
                                                : BarIssue::unsorted_timestamp;
      report.record(issue, fmt::format("{} at row {} ({})", describe(issue), i + 1,
                                       format_timestamp(ts[i])));
    }
  }
  return report;
}

}  // namespace qbt::data
