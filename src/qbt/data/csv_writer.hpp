#pragma once
/// Write bars as CSV that read_csv reads back bit for bit: ISO 8601 UTC timestamps and
/// doubles in their shortest round-trip form.

#include <string>

#include "qbt/data/bar_frame.hpp"

namespace qbt::data {

struct CsvWriteOptions {
  char delimiter = ',';
  /// Write `2006-01-02` instead of `2006-01-02T00:00:00Z` at midnight, as daily data reads best.
  bool date_only_when_midnight = true;
};

/// Write `frame` to `path` with the header `timestamp,open,high,low,close,volume`.
/// Throws IoError naming the path when the file cannot be created or written.
void write_csv(const BarFrame& frame, const std::string& path, const CsvWriteOptions& options = {});

/// The CSV text write_csv would write, for callers that need it in memory.
[[nodiscard]] std::string format_csv(const BarFrame& frame, const CsvWriteOptions& options = {});

}  // namespace qbt::data
