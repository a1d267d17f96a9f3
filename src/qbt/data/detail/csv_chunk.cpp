#include "qbt/data/detail/csv_chunk.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include "qbt/data/detail/csv_fields.hpp"

namespace qbt::data::detail {

namespace {

/// Why a row was rejected, before the location is attached.
struct RowProblem {
  BarIssue issue = BarIssue::malformed_row;
  std::int32_t column = 0;  ///< 1-based
  std::string message;
};

constexpr std::array<double, 23> k_powers_of_ten{
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// Parse a plain decimal (`-123.45`, `7`, at most 19 digits, no exponent) at `p`, the form of
/// nearly every price and volume. Returns the end of the number, or nullptr to let fast_float
/// handle the text. A mantissa below 2^53 and a power of ten up to 1e22 are both exact, so one
/// IEEE division is correctly rounded: the result is bit-identical to fast_float's.
inline const char* parse_plain_decimal(const char* p, const char* end, double& value) noexcept {
  const bool negative = p < end && *p == '-';
  p += negative ? 1 : 0;
  std::uint64_t mantissa = 0;
  const char* const digits_begin = p;
  while (p < end && static_cast<unsigned char>(*p - '0') < 10) {
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
    ++p;
  }
  std::size_t fraction_digits = 0;
  if (p < end && *p == '.') {
    ++p;
    const char* const fraction_begin = p;
    while (p < end && static_cast<unsigned char>(*p - '0') < 10) {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(*p - '0');
      ++p;
    }
    fraction_digits = static_cast<std::size_t>(p - fraction_begin);
  }
  const auto digits = static_cast<std::size_t>(p - digits_begin) - (fraction_digits > 0 ? 1 : 0);
  constexpr std::uint64_t k_max_exact = std::uint64_t{1} << 53;
  if (digits == 0 || digits > 19 || mantissa > k_max_exact || fraction_digits >= k_powers_of_ten.size() ||
      (p < end && (*p == 'e' || *p == 'E'))) [[unlikely]] {
    return nullptr;
  }
  double result = static_cast<double>(mantissa);
  if (fraction_digits > 0) {
    result /= k_powers_of_ten[fraction_digits];
  }
  value = negative ? -result : result;
  return p;
}

inline bool parse_number(std::string_view text, double& value) noexcept {
  const char* const end = text.data() + text.size();
  const auto result = fast_float::from_chars(text.data(), end, value);
  return result.ec == std::errc() && result.ptr == end && !text.empty();
}

/// Parses the rows of one chunk. Holds scratch space so the hot loop never allocates.
class RowParser {
public:
  explicit RowParser(const CsvLayout& layout)
      : layout_(layout), cache_dates_(layout.timestamp_parser.is_iso()) {}

  /// Parse the line [begin, end) into `ts` and `v`, or describe the problem.
  bool parse(const char* begin, const char* end, Timestamp& ts, std::array<double, k_field_count>& v,
             RowProblem& problem);

private:
  bool parse_timestamp(std::string_view text, std::int32_t column, Timestamp& ts,
                       RowProblem& problem);
  bool parse_time(std::string_view text, std::int32_t column, Timestamp& ns, RowProblem& problem) const;
  /// The trimmed, unquoted text of 0-based field `column` of a line, for messages.
  std::string field_text(const char* begin, const char* end, std::size_t column);
  bool check_values(const char* begin, const char* end, const std::array<double, k_field_count>& v,
                    RowProblem& problem);

  const CsvLayout& layout_;
  bool cache_dates_ = false;
  bool has_cached_date_ = false;
  std::array<char, 10> cached_date_{};  ///< `YYYY-MM-DD` of the last ISO date-time parsed
  Timestamp cached_day_ = 0;            ///< its midnight
  std::string scratch_;
  std::string error_;
  std::string date_text_;  ///< copies for join_date_and_time
  std::string time_text_;
  std::string joined_;
};

inline std::int32_t to_column(std::size_t index) { return static_cast<std::int32_t>(index + 1); }

bool RowParser::parse_timestamp(std::string_view text, std::int32_t column, Timestamp& ts,
                                RowProblem& problem) {
  // Intraday rows repeat the date: reuse the last one and parse only `HH:MM:SS`.
  constexpr std::size_t k_date_length = 10;
  constexpr std::size_t k_date_time_length = 19;
  if (text.size() == k_date_time_length && has_cached_date_ &&
      std::memcmp(text.data(), cached_date_.data(), k_date_length) == 0 &&
      (text[k_date_length] == ' ' || text[k_date_length] == 'T')) {
    const TimestampResult clock = parse_time_of_day(text.substr(k_date_length + 1));
    if (clock.ok()) [[likely]] {
      ts = cached_day_ + clock.value;
      return true;
    }
  }
  const TimestampResult result = layout_.timestamp_parser.parse(text);
  if (result.ok()) [[likely]] {
    ts = result.value;
    if (cache_dates_ && text.size() == k_date_time_length) {
      std::memcpy(cached_date_.data(), text.data(), k_date_length);
      cached_day_ = parse_iso_date(text.substr(0, k_date_length)).value;
      has_cached_date_ = true;
    }
    return true;
  }
  const char* what = layout_.time_column >= 0 ? "date" : "timestamp";
  problem = {BarIssue::bad_timestamp, column,
             fmt::format("{} is invalid {} ({})", what, quote_excerpt(text),
                         layout_.timestamp_parser.explain(result))};
  return false;
}

bool RowParser::parse_time(std::string_view text, std::int32_t column, Timestamp& ns,
                           RowProblem& problem) const {
  const TimestampResult result = layout_.time_parser.parse(text);
  if (result.ok()) [[likely]] {
    ns = result.value;
    return true;
  }
  problem = {BarIssue::bad_timestamp, column,
             fmt::format("time is invalid {} ({})", quote_excerpt(text),
                         layout_.time_parser.explain(result))};
  return false;
}

std::string RowParser::field_text(const char* begin, const char* end, std::size_t column) {
  const char* p = begin;
  std::string_view field;
  for (std::size_t i = 0;; ++i) {
    const char* next = read_field(p, end, layout_.delimiter, scratch_, field, error_);
    if (next == nullptr) {
      return {};
    }
    if (i == column) {
      return std::string(field);
    }
    if (next == end) {
      return {};
    }
    p = next + 1;
  }
}

bool RowParser::parse(const char* begin, const char* end, Timestamp& ts,
                      std::array<double, k_field_count>& v, RowProblem& problem) {
  const CsvRole* const roles = layout_.roles.data();
  const std::size_t role_count = layout_.roles.size();
  const char delimiter = layout_.delimiter;
  v[static_cast<std::size_t>(Field::volume)] = 0.0;
  Timestamp date_ns = 0;
  Timestamp time_ns = 0;

  const char* p = begin;
  const char* field_begin = begin;
  std::size_t column = 0;
  for (;; ++column) {
    field_begin = p;
    const CsvRole role = column < role_count ? roles[column] : CsvRole::ignore;
    const bool plain = p == end || (*p != '"' && *p != ' ');
    if (role <= CsvRole::volume) {
      double& value = v[static_cast<std::size_t>(role)];
      const char* number_end = plain ? parse_plain_decimal(p, end, value) : nullptr;
      if (number_end == nullptr && plain) [[unlikely]] {
        const auto result = fast_float::from_chars(p, end, value);
        number_end = result.ec == std::errc() ? result.ptr : nullptr;
      }
      if (number_end != nullptr && (number_end == end || *number_end == delimiter)) [[likely]] {
        p = number_end;
      } else {
        std::string_view field;
        const char* next = read_field(p, end, delimiter, scratch_, field, error_);
        if (next == nullptr) {
          problem = {BarIssue::malformed_row, to_column(column), error_};
          return false;
        }
        if (!parse_number(field, value)) {
          problem = {BarIssue::non_numeric, to_column(column),
                     fmt::format("{} is not a number {}", to_string(static_cast<Field>(role)),
                                 quote_excerpt(field))};
          return false;
        }
        p = next;
      }
    } else {
      std::string_view field;
      if (plain) {
        const auto* stop = static_cast<const char*>(
            std::memchr(p, delimiter, static_cast<std::size_t>(end - p)));
        if (stop == nullptr) {
          stop = end;
        }
        field = std::string_view(p, static_cast<std::size_t>(stop - p));
        if (!field.empty() && (field.back() == ' ' || field.back() == '\t')) {
          field = trim(field);
        }
        p = stop;
      } else {
        p = read_field(p, end, delimiter, scratch_, field, error_);
        if (p == nullptr) {
          problem = {BarIssue::malformed_row, to_column(column), error_};
          return false;
        }
      }
      if (role == CsvRole::timestamp || role == CsvRole::date) {
        if (layout_.join_date_and_time) {
          date_text_.assign(field);
        } else if (!parse_timestamp(field, to_column(column), date_ns, problem)) {
          return false;
        }
      } else if (role == CsvRole::time) {
        if (layout_.join_date_and_time) {
          time_text_.assign(field);
        } else if (!parse_time(field, to_column(column), time_ns, problem)) {
          return false;
        }
      }
    }
    if (p == end) {
      break;
    }
    ++p;
  }

  const std::size_t fields = column + 1;
  if (fields != role_count) [[unlikely]] {
    const bool trailing_delimiter = fields == role_count + 1 && trim({field_begin, end}).empty();
    const bool header_trailing = layout_.header_has_trailing_delimiter && fields + 1 == role_count;
    if (!trailing_delimiter && !header_trailing) {
      problem = {BarIssue::malformed_row, to_column(std::min(fields, role_count)),
                 fmt::format("row has {} field{}, expected {}", fields, fields == 1 ? "" : "s",
                             role_count)};
      return false;
    }
  }

  if (layout_.join_date_and_time) {
    joined_.assign(date_text_);
    joined_ += ' ';
    joined_ += time_text_;
    if (!parse_timestamp(joined_, to_column(static_cast<std::size_t>(layout_.timestamp_column)),
                         ts, problem)) {
      return false;
    }
  } else {
    ts = date_ns + time_ns;
  }
  return check_values(begin, end, v, problem);
}

bool RowParser::check_values(const char* begin, const char* end,
                             const std::array<double, k_field_count>& v, RowProblem& problem) {
  const std::optional<BarProblem> bad = check_bar(v[0], v[1], v[2], v[3], v[4]);
  if (!bad) [[likely]] {
    return true;
  }
  const Field field = bad->field;
  const char* name = to_string(field);
  const auto column_index = static_cast<std::size_t>(layout_.column(static_cast<CsvRole>(field)));
  const double value = v[static_cast<std::size_t>(field)];
  const double open = v[0];
  const double high = v[1];
  const double low = v[2];
  const double close = v[3];
  std::string message;
  switch (bad->issue) {
    case BarIssue::nan_value:
      message = fmt::format("{} is {} {}", name, std::isnan(value) ? "NaN" : "infinite",
                            quote_excerpt(field_text(begin, end, column_index)));
      break;
    case BarIssue::non_positive_price:
      message = fmt::format("{} is not positive ({})", name, value);
      break;
    case BarIssue::negative_volume: message = fmt::format("volume is negative ({})", value); break;
    case BarIssue::high_below_low:
      message = fmt::format("high is below low (high {}, low {})", high, low);
      break;
    case BarIssue::open_outside_range:
      message = fmt::format("open is outside [low, high] (open {}, low {}, high {})", open, low, high);
      break;
    case BarIssue::close_outside_range:
      message =
          fmt::format("close is outside [low, high] (close {}, low {}, high {})", close, low, high);
      break;
    default: message = describe(bad->issue); break;
  }
  problem = {bad->issue, to_column(column_index), std::move(message)};
  return false;
}

}  // namespace

std::int64_t CsvChunk::line_of_row(std::size_t row) const noexcept {
  auto it = std::upper_bound(line_anchors.begin(), line_anchors.end(), row,
                             [](std::size_t r, const auto& anchor) { return r < anchor.first; });
  if (it == line_anchors.begin()) {
    return 0;
  }
  --it;
  return static_cast<std::int64_t>(row) + it->second;
}

void parse_chunk(CsvChunk& chunk, const CsvLayout& layout, const std::string& source,
                 ValidationPolicy policy) {
  RowParser parser(layout);
  const char comment = layout.comment;
  const char* p = chunk.text.data();
  const char* const chunk_end = p + chunk.text.size();
  std::int64_t line = chunk.first_line;
  std::int64_t anchor_delta = std::numeric_limits<std::int64_t>::min();
  std::size_t rows = 0;
  std::int64_t checked = 0;
  std::array<double, k_field_count> v{};
  Timestamp ts = 0;
  RowProblem problem;
  for (; p < chunk_end; ++line) {
    const auto* newline =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(chunk_end - p)));
    const char* line_end = newline == nullptr ? chunk_end : newline;
    const char* const next = newline == nullptr ? chunk_end : newline + 1;
    if (line_end > p && line_end[-1] == '\r') {
      --line_end;
    }
    const char first = p < line_end ? *p : '\0';
    if (first == '\0' || first == comment || first == ' ' || first == '\t') [[unlikely]] {
      const std::string_view content = trim({p, static_cast<std::size_t>(line_end - p)});
      if (content.empty() || (comment != '\0' && content.front() == comment)) {
        p = next;
        continue;
      }
    }
    ++checked;
    if (parser.parse(p, line_end, ts, v, problem)) [[likely]] {
      if (line - static_cast<std::int64_t>(rows) != anchor_delta) [[unlikely]] {
        anchor_delta = line - static_cast<std::int64_t>(rows);
        chunk.line_anchors.emplace_back(rows, anchor_delta);
      }
      chunk.timestamps[rows] = ts;
      for (std::size_t f = 0; f < k_field_count; ++f) {
        chunk.values[f][rows] = v[f];
      }
      ++rows;
    } else {
      ErrorLocation location{source, line, problem.column};
      if (policy == ValidationPolicy::error) {
        chunk.error.emplace(std::move(problem.message), std::move(location));
        break;
      }
      ++chunk.rows_rejected;
      ++chunk.counts[static_cast<std::size_t>(problem.issue)];
      if (chunk.issues.size() < ValidationReport::k_max_messages) {
        chunk.issues.push_back(
            {line, problem.issue, fmt::format("{} at {}", problem.message, location.to_string())});
      }
    }
    p = next;
  }
  chunk.rows = rows;
  chunk.rows_checked = checked;
}

}  // namespace qbt::data::detail
