#pragma once
/// Read OHLCV bars from CSV text: memory-mapped, parsed in parallel chunks, validated once.
///
/// Layout: the header names the columns, matched case-insensitively with surrounding spaces
/// ignored: `timestamp`/`datetime`/`date_time` (or `date` plus an optional `time`), `open`/`o`,
/// `high`/`h`, `low`/`l`, `close`/`c`, `volume`/`vol`/`v`; `adj close`, `openinterest` and any
/// other column are ignored. An unnamed first column (pandas' index) is the timestamp. A file
/// whose first line names no known column but starts with a timestamp and a number has no
/// header; its columns are taken as timestamp, open, high, low, close[, volume].
///
/// Text: `,` `;` or tab delimiters (detected from the header line), quoted fields with doubled
/// quotes (a line break inside quotes is not supported), LF or CRLF, a UTF-8 BOM, blank lines
/// and comment lines, and one trailing delimiter are accepted.
///
/// A file with a header but no data rows is an error ("no data rows"); a file whose rows were
/// all dropped by the skip/warn policy gives an empty frame and a report saying why.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "qbt/data/bar_frame.hpp"
#include "qbt/data/validate.hpp"

namespace qbt::data {

/// Header names to use for the bar fields, when the file's names are not the usual ones.
/// An empty name means "detect". Names match case-insensitively, surrounding spaces ignored.
struct CsvColumnMap {
  std::string timestamp;  ///< one column holding the date and time
  std::string date;       ///< a date column, combined with `time` when that is given
  std::string time;
  std::string open;
  std::string high;
  std::string low;
  std::string close;
  std::string volume;
};

/// How to read a CSV file; the defaults read the common layouts as they are.
struct CsvOptions {
  ValidationPolicy policy = ValidationPolicy::error;
  std::optional<char> delimiter;  ///< nullopt: detect `,` `;` or tab from the header line
  /// Empty: detect ISO 8601, integer epochs (unit from the magnitude of the first value) or
  /// compact `YYYYMMDD` dates. Otherwise `iso`, `epoch_s`, `epoch_ms`, `epoch_us`, `epoch_ns`
  /// or a strptime-like pattern (see TimestampParser). With separate date and time columns a
  /// pattern is applied to the date text, a space and the time text.
  std::string time_format;
  CsvColumnMap columns;
  std::string symbol;  ///< empty: the file name without directory and extension
  char comment = '#';  ///< lines starting with it are skipped; '\0' disables comments
  std::size_t threads = 0;  ///< 0: every hardware thread
};

/// The bars read and what validation dropped.
struct CsvReadResult {
  BarFrame frame;
  ValidationReport report;
};

/// Read a CSV file of bars. Throws IoError when the file cannot be read and DataError for
/// content that cannot be parsed, or for the first invalid row under ValidationPolicy::error,
/// with file, line and column in the location.
[[nodiscard]] CsvReadResult read_csv(const std::string& path, const CsvOptions& options = {});

/// Parse CSV text already in memory; `source_name` is used in messages and for the symbol.
[[nodiscard]] CsvReadResult parse_csv(std::string_view text, const std::string& source_name,
                                      const CsvOptions& options = {});

}  // namespace qbt::data
