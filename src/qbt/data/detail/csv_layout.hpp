#pragma once
/// The layout of a CSV file of bars: delimiter, which column holds which field, how its
/// timestamps are written and where the data rows start. Decided once from the header line
/// and the first data row, before the rows are parsed in parallel.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "qbt/core/timestamp_parser.hpp"
#include "qbt/data/csv_reader.hpp"

namespace qbt::data::detail {

/// What a column holds. The five value roles come first, in Field order.
enum class CsvRole : std::uint8_t { open, high, low, close, volume, timestamp, date, time, ignore };
inline constexpr std::size_t k_csv_role_count = 8;  ///< roles other than ignore

[[nodiscard]] const char* to_string(CsvRole role) noexcept;

struct CsvLayout {
  char delimiter = ',';
  char comment = '#';
  std::vector<CsvRole> roles;  ///< one per header field
  /// The header ends with a delimiter, so rows may omit that last, empty field.
  bool header_has_trailing_delimiter = false;
  /// 0-based column of each role, -1 when absent.
  std::array<std::int32_t, k_csv_role_count> columns{-1, -1, -1, -1, -1, -1, -1, -1};
  /// The column whose text is the timestamp, or the date when a time column is used too.
  std::int32_t timestamp_column = -1;
  std::int32_t time_column = -1;  ///< -1: the timestamp column holds date and time
  /// Separate date and time columns parsed as one text, "date time", with `timestamp_parser`.
  bool join_date_and_time = false;
  TimestampParser timestamp_parser;
  TimestampParser time_parser;
  std::size_t data_offset = 0;       ///< byte offset of the line after the header
  std::int64_t first_data_line = 1;  ///< 1-based line number at data_offset
  std::int64_t header_line = 0;      ///< 0 when the file has no header

  [[nodiscard]] std::int32_t column(CsvRole role) const noexcept {
    return columns[static_cast<std::size_t>(role)];
  }
};

/// Read the header and the first data row of `text` (BOM already removed). Throws DataError
/// naming `source` when the header lacks a required column or there are no data rows, and
/// UserInputError for invalid options.
[[nodiscard]] CsvLayout detect_layout(std::string_view text, const std::string& source,
                                      const CsvOptions& options);

}  // namespace qbt::data::detail
