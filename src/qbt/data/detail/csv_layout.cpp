#include "qbt/data/detail/csv_layout.hpp"

#include <charconv>
#include <cstring>
#include <optional>
#include <utility>

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/data/detail/csv_fields.hpp"

namespace qbt::data::detail {

namespace {

constexpr std::size_t k_max_header_bytes = 1 << 20;
constexpr std::size_t k_max_listed_columns = 20;

/// One physical line of the text: its content without the line break, and where the next
/// line starts.
struct Line {
  std::string_view content;
  std::size_t next = 0;
};

Line line_at(std::string_view text, std::size_t offset) {
  const char* begin = text.data() + offset;
  const std::size_t rest = text.size() - offset;
  const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', rest));
  std::size_t length = newline == nullptr ? rest : static_cast<std::size_t>(newline - begin);
  const std::size_t next = newline == nullptr ? text.size() : offset + length + 1;
  if (length > 0 && begin[length - 1] == '\r') {
    --length;
  }
  return {std::string_view(begin, length), next};
}

bool is_skipped(std::string_view line, char comment) {
  const std::string_view content = trim(line);
  return content.empty() || (comment != '\0' && content.front() == comment);
}

std::string normalize(std::string_view name) {
  std::string out(trim(name));
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') {
      ch = static_cast<char>(ch - 'A' + 'a');
    }
  }
  return out;
}

/// The role a header name announces; `ignore` for names that are known but unused, nullopt
/// for names qbt does not know.
std::optional<CsvRole> role_of_name(const std::string& name) {
  static constexpr std::pair<std::string_view, CsvRole> k_names[] = {
      {"timestamp", CsvRole::timestamp},  {"datetime", CsvRole::timestamp},
      {"date_time", CsvRole::timestamp},  {"date time", CsvRole::timestamp},
      {"date", CsvRole::date},            {"time", CsvRole::time},
      {"open", CsvRole::open},            {"o", CsvRole::open},
      {"high", CsvRole::high},            {"h", CsvRole::high},
      {"low", CsvRole::low},              {"l", CsvRole::low},
      {"close", CsvRole::close},          {"c", CsvRole::close},
      {"volume", CsvRole::volume},        {"vol", CsvRole::volume},
      {"v", CsvRole::volume},             {"adj close", CsvRole::ignore},
      {"adj_close", CsvRole::ignore},     {"adjclose", CsvRole::ignore},
      {"adjusted close", CsvRole::ignore}, {"openinterest", CsvRole::ignore},
      {"open_interest", CsvRole::ignore}, {"open interest", CsvRole::ignore},
      {"oi", CsvRole::ignore},
  };
  for (const auto& [known, role] : k_names) {
    if (name == known) {
      return role;
    }
  }
  return std::nullopt;
}

std::string list_columns(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < k_max_listed_columns; ++i) {
    out += i == 0 ? "" : ", ";
    out += quote_excerpt(names[i]);
  }
  if (names.size() > k_max_listed_columns) {
    out += fmt::format(" and {} more", names.size() - k_max_listed_columns);
  }
  return out;
}

bool is_number(std::string_view text) {
  text = trim(text);
  double value = 0;
  const auto result = fast_float::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

/// The parser for a timestamp (or lone date) column given the first value found in it.
TimestampParser sniff_timestamp_parser(std::string_view first_value) {
  const std::string_view text = trim(first_value);
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = text.substr(negative ? 1 : 0);
  const bool integer = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (!integer) {
    return TimestampParser::iso();
  }
  if (!negative && digits.size() == 8) {
    TimestampParser compact = TimestampParser::from_format("%Y%m%d");
    if (compact.parse(text).ok()) {
      return compact;
    }
  }
  std::int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc()) {
    return TimestampParser::epoch(EpochUnit::nanoseconds);
  }
  return TimestampParser::epoch(infer_epoch_unit(value));
}

struct UserColumn {
  CsvRole role;
  const std::string* name;
};

}  // namespace

const char* to_string(CsvRole role) noexcept {
  switch (role) {
    case CsvRole::open: return "open";
    case CsvRole::high: return "high";
    case CsvRole::low: return "low";
    case CsvRole::close: return "close";
    case CsvRole::volume: return "volume";
    case CsvRole::timestamp: return "timestamp";
    case CsvRole::date: return "date";
    case CsvRole::time: return "time";
    case CsvRole::ignore: return "ignored";
  }
  return "?";
}

CsvLayout detect_layout(std::string_view text, const std::string& source, const CsvOptions& options) {
  CsvLayout layout;
  layout.comment = options.comment;
  if (options.delimiter) {
    const char d = *options.delimiter;
    if (d == '"' || d == '\n' || d == '\r' || d == ' ' || d == '\0' || d == options.comment) {
      throw UserInputError(fmt::format("cannot use {} as the CSV delimiter",
                                       quote_excerpt(std::string_view(&d, 1))));
    }
  }

  // The header is the first line that is neither blank nor a comment.
  std::size_t offset = 0;
  std::int64_t line_number = 1;
  Line header;
  for (;; ++line_number) {
    if (offset >= text.size()) {
      throw DataError("file has no header and no data rows (only blank or comment lines)",
                      {source});
    }
    header = line_at(text, offset);
    if (!is_skipped(header.content, options.comment)) {
      break;
    }
    offset = header.next;
  }
  if (header.content.size() > k_max_header_bytes) {
    throw DataError(fmt::format("header line is too long ({} bytes); the file does not look "
                                "like CSV text",
                                header.content.size()),
                    {source, line_number});
  }
  layout.delimiter = options.delimiter.value_or(detect_delimiter(header.content));
  layout.header_line = line_number;
  layout.data_offset = header.next;
  layout.first_data_line = line_number + 1;

  std::vector<std::string> names;
  if (const auto bad = split_fields(header.content, layout.delimiter, names)) {
    throw DataError(fmt::format("header is malformed: {}", bad->message),
                    {source, line_number, bad->column});
  }
  const std::size_t field_count = names.size();
  layout.roles.assign(field_count, CsvRole::ignore);
  layout.header_has_trailing_delimiter = field_count > 1 && names.back().empty();

  std::vector<std::string> normalized(field_count);
  for (std::size_t i = 0; i < field_count; ++i) {
    normalized[i] = normalize(names[i]);
  }

  const CsvColumnMap& map = options.columns;
  const UserColumn user_columns[] = {
      {CsvRole::timestamp, &map.timestamp}, {CsvRole::date, &map.date},
      {CsvRole::time, &map.time},           {CsvRole::open, &map.open},
      {CsvRole::high, &map.high},           {CsvRole::low, &map.low},
      {CsvRole::close, &map.close},         {CsvRole::volume, &map.volume},
  };
  std::array<bool, k_csv_role_count> user_given{};
  std::vector<bool> taken(field_count, false);
  auto assign = [&](CsvRole role, std::size_t column) {
    auto& slot = layout.columns[static_cast<std::size_t>(role)];
    if (slot >= 0) {
      throw DataError(fmt::format("columns {} and {} are both {} ({} and {})", slot + 1, column + 1,
                                  to_string(role), quote_excerpt(names[static_cast<std::size_t>(slot)]),
                                  quote_excerpt(names[column])),
                      {source, line_number, static_cast<std::int32_t>(column + 1)});
    }
    slot = static_cast<std::int32_t>(column);
    layout.roles[column] = role;
    taken[column] = true;
  };

  for (const UserColumn& user : user_columns) {
    if (user.name->empty()) {
      continue;
    }
    const std::string wanted = normalize(*user.name);
    std::size_t found = field_count;
    for (std::size_t i = 0; i < field_count; ++i) {
      if (normalized[i] == wanted) {
        found = i;
        break;
      }
    }
    if (found == field_count) {
      throw DataError(fmt::format("column {} given for {} is not in the header (found: {})",
                                  quote_excerpt(*user.name), to_string(user.role),
                                  list_columns(names)),
                      {source, line_number});
    }
    if (taken[found]) {
      throw DataError(fmt::format("column {} is given for two fields", quote_excerpt(*user.name)),
                      {source, line_number, static_cast<std::int32_t>(found + 1)});
    }
    user_given[static_cast<std::size_t>(user.role)] = true;
    assign(user.role, found);
  }

  bool any_known = false;
  for (std::size_t i = 0; i < field_count; ++i) {
    const std::optional<CsvRole> role = role_of_name(normalized[i]);
    any_known = any_known || role.has_value();
    if (taken[i] || !role || *role == CsvRole::ignore ||
        user_given[static_cast<std::size_t>(*role)]) {
      continue;
    }
    assign(*role, i);
  }
  auto has = [&](CsvRole role) { return layout.column(role) >= 0; };
  if (field_count > 1 && normalized[0].empty() && !taken[0] && !has(CsvRole::timestamp) &&
      !has(CsvRole::date)) {
    assign(CsvRole::timestamp, 0);
  }

  // Find the first data row: it decides the timestamp format and whether line 1 is data.
  std::size_t data_offset = layout.data_offset;
  Line first_row;
  bool have_row = false;
  if (!any_known && !has(CsvRole::timestamp)) {
    std::vector<std::string> fields;
    (void)split_fields(header.content, layout.delimiter, fields, 2);
    const bool given_format = !options.time_format.empty();
    if (fields.size() == 2 && is_number(fields[1]) &&
        (given_format ? TimestampParser::from_format(options.time_format)
                     : sniff_timestamp_parser(fields[0]))
            .parse(trim(fields[0]))
            .ok()) {
      layout.header_line = 0;
      layout.data_offset = offset;
      layout.first_data_line = line_number;
      layout.header_has_trailing_delimiter = false;
      layout.roles.assign(field_count, CsvRole::ignore);
      layout.columns.fill(-1);
      constexpr CsvRole k_positional[] = {CsvRole::timestamp, CsvRole::open, CsvRole::high,
                                          CsvRole::low,       CsvRole::close, CsvRole::volume};
      for (std::size_t i = 0; i < field_count && i < std::size(k_positional); ++i) {
        layout.roles[i] = k_positional[i];
        layout.columns[static_cast<std::size_t>(k_positional[i])] = static_cast<std::int32_t>(i);
      }
      first_row = header;
      have_row = true;
    }
  }

  // Date alone is the timestamp column; date with time are combined.
  if (has(CsvRole::timestamp)) {
    layout.timestamp_column = layout.column(CsvRole::timestamp);
  } else if (has(CsvRole::date)) {
    layout.timestamp_column = layout.column(CsvRole::date);
    layout.time_column = layout.column(CsvRole::time);
  }
  std::vector<std::string> missing;
  if (layout.timestamp_column < 0) {
    missing.emplace_back("timestamp");
  }
  for (const CsvRole role : {CsvRole::open, CsvRole::high, CsvRole::low, CsvRole::close}) {
    if (!has(role)) {
      missing.emplace_back(to_string(role));
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& name : missing) {
      list += list.empty() ? name : ", " + name;
    }
    throw DataError(fmt::format("missing column{} {} (found: {})", missing.size() > 1 ? "s" : "",
                                list, list_columns(names)),
                    {source, line_number});
  }
  // A column mapped to nothing (date beside a timestamp, time without date) is ignored.
  for (std::size_t i = 0; i < field_count; ++i) {
    const CsvRole role = layout.roles[i];
    const auto column = static_cast<std::int32_t>(i);
    if ((role == CsvRole::date || role == CsvRole::timestamp) && column != layout.timestamp_column) {
      layout.roles[i] = CsvRole::ignore;
    }
    if (role == CsvRole::time && column != layout.time_column) {
      layout.roles[i] = CsvRole::ignore;
    }
  }

  while (!have_row) {
    if (data_offset >= text.size()) {
      throw DataError("no data rows", {source, layout.header_line});
    }
    first_row = line_at(text, data_offset);
    if (!is_skipped(first_row.content, options.comment)) {
      // Only the first fields matter here; never copy a giant garbage line.
      first_row.content = first_row.content.substr(0, k_max_header_bytes);
      have_row = true;
    } else {
      data_offset = first_row.next;
    }
  }

  const bool user_format = !options.time_format.empty() && options.time_format != "iso";
  if (layout.time_column >= 0) {
    layout.time_parser = TimestampParser::time_of_day();
    if (user_format) {
      layout.timestamp_parser = TimestampParser::from_format(options.time_format);
      if (layout.timestamp_parser.format().starts_with("epoch_")) {
        throw UserInputError(fmt::format("time format {} cannot read separate date and time columns",
                                         options.time_format));
      }
      layout.join_date_and_time = true;
    } else {
      std::vector<std::string> fields;
      (void)split_fields(first_row.content, layout.delimiter, fields,
                         static_cast<std::size_t>(layout.timestamp_column) + 1);
      const std::string_view date = fields.size() > static_cast<std::size_t>(layout.timestamp_column)
                                        ? std::string_view(fields.back())
                                        : std::string_view();
      const bool compact = date.size() == 8 && date.find_first_not_of("0123456789") == std::string_view::npos;
      layout.timestamp_parser =
          compact ? TimestampParser::from_format("%Y%m%d") : TimestampParser::iso_date();
    }
  } else if (user_format) {
    layout.timestamp_parser = TimestampParser::from_format(options.time_format);
  } else if (!options.time_format.empty()) {
    layout.timestamp_parser = TimestampParser::iso();
  } else {
    std::vector<std::string> fields;
    (void)split_fields(first_row.content, layout.delimiter, fields,
                       static_cast<std::size_t>(layout.timestamp_column) + 1);
    const std::string_view value = fields.size() > static_cast<std::size_t>(layout.timestamp_column)
                                       ? std::string_view(fields.back())
                                       : std::string_view();
    layout.timestamp_parser = sniff_timestamp_parser(value);
  }
  return layout;
}

}  // namespace qbt::data::detail
