#pragma once
/// Read Parquet files: OHLCV bars straight into BarFrames, long-format multi-symbol files into
/// one frame per symbol, and any flat file into a Table.
///
/// Supported: physical INT32, INT64, FLOAT, DOUBLE, BYTE_ARRAY; logical TIMESTAMP (ms, us, ns;
/// the integers are taken as UTC epoch whether isAdjustedToUTC is set or not), DATE, STRING;
/// REQUIRED and OPTIONAL flat columns; encodings PLAIN, RLE_DICTIONARY / PLAIN_DICTIONARY,
/// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT; data pages
/// v1 and v2; codecs UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW. Nested or repeated columns,
/// BOOLEAN, INT96, FIXED_LEN_BYTE_ARRAY and DECIMAL are listed by columns() but reading one is a
/// DataError naming it.
///
/// Errors: DataError "<file>: row group G, column 'C', page P: <what>" for corrupt content, with
/// row groups, pages and rows counted from 0 (as pandas and DuckDB number them); IoError when the
/// file cannot be opened. Every size read from the file is checked against the bytes present
/// before it is used, so corrupt input never crashes or allocates without bound.
///
/// Speed: the file is memory-mapped; column chunks of all row groups decode in parallel (oneTBB)
/// straight into the frame's columns; results do not depend on the thread count.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/data/parquet/metadata.hpp"
#include "qbt/data/parquet/parquet_table.hpp"
#include "qbt/data/validate.hpp"

namespace qbt::data::parquet {

/// What to do with a row holding a null in a column being read.
enum class NullPolicy : std::uint8_t {
  error,     ///< DataError naming file, row group, column and row (default)
  skip_row,  ///< drop the row
  nan,       ///< keep it: NaN in bar values (bar checks skip such rows); marked in Table::valid
};

[[nodiscard]] const char* to_string(NullPolicy policy) noexcept;
/// "error", "skip_row" (or "skip"), "nan"; nullopt for anything else.
[[nodiscard]] std::optional<NullPolicy> parse_null_policy(std::string_view text) noexcept;

struct ParquetReadOptions {
  /// Columns read_table returns, in this order (exact names); empty = every column.
  std::vector<std::string> columns;
  /// Only rows with start <= time < end (ns since the epoch, UTC). Row groups whose time column
  /// statistics lie outside the range are not decoded at all.
  std::optional<Timestamp> start;
  std::optional<Timestamp> end;
  NullPolicy nulls = NullPolicy::error;
  /// What to do with invalid bars (high < low, non-positive prices, unsorted timestamps, ...):
  /// the same semantics as the CSV reader.
  ValidationPolicy policy = ValidationPolicy::error;
  /// The BarFrame's symbol; empty: the file name without directory and extension. For a file
  /// with a symbol column: read only this symbol's rows when non-empty.
  std::string symbol;
  std::size_t threads = 0;  ///< 0: every hardware thread
};

struct ParquetBarsResult {
  BarFrame frame;
  ValidationReport report;
  std::size_t row_groups_read = 0;
  std::size_t row_groups_skipped = 0;  ///< by the time range, from the statistics alone
};

namespace detail {
struct ParquetFileState;
}

/// An open Parquet file: its validated footer and a read-only mapping of its bytes. Cheap to copy
/// (shared state); safe to read from several threads at once.
class ParquetFile {
 public:
  /// Map `path` and validate its footer. IoError when it cannot be opened, DataError when it is
  /// not a valid Parquet file.
  [[nodiscard]] static ParquetFile open(const std::string& path);
  /// The same for a file already in memory (a download, a fuzzer's input); `name` stands for the
  /// path in messages and as the default symbol.
  [[nodiscard]] static ParquetFile from_bytes(std::vector<std::uint8_t> bytes, std::string name);

  [[nodiscard]] const std::string& path() const noexcept;
  [[nodiscard]] std::size_t rows() const noexcept;
  [[nodiscard]] std::size_t row_group_count() const noexcept;
  [[nodiscard]] std::size_t row_group_rows(std::size_t i) const;
  /// The leaf columns in schema order.
  [[nodiscard]] const std::vector<ColumnDescriptor>& columns() const noexcept;
  [[nodiscard]] const std::string& created_by() const noexcept;
  [[nodiscard]] std::optional<std::string> key_value(std::string_view key) const;

  /// Name of the column read as bar time: the first of timestamp, ts, datetime, date_time, date,
  /// time (case-insensitive), else the only TIMESTAMP column; nullopt when there is none.
  [[nodiscard]] std::optional<std::string> time_column() const;
  /// [min, max] of row group `i`'s time column in ns, from the chunk statistics; nullopt when the
  /// file has no time column or the writer stored no statistics.
  [[nodiscard]] std::optional<std::pair<Timestamp, Timestamp>> row_group_time_range(
      std::size_t i) const;
  /// Row groups that may hold rows in [start, end): all but those whose statistics rule it out.
  [[nodiscard]] std::vector<std::size_t> row_groups_in_range(std::optional<Timestamp> start,
                                                             std::optional<Timestamp> end) const;

  /// Bars of row group `i` alone, for streaming data larger than memory. Applies the time range,
  /// null and validation policies and the symbol filter of `options`.
  [[nodiscard]] BarFrame bar_row_group_frame(std::size_t i,
                                             const ParquetReadOptions& options = {}) const;
  /// Bars of the whole file; see read_parquet_bars.
  [[nodiscard]] ParquetBarsResult read_bars(const ParquetReadOptions& options = {}) const;
  /// One frame per symbol; see read_parquet_symbols.
  [[nodiscard]] std::vector<BarFrame> read_symbols(const ParquetReadOptions& options = {}) const;
  /// The projected columns, with time columns converted to ns. Nulls follow `options.nulls`
  /// (under `nan` they are kept and marked in TableColumn::valid).
  [[nodiscard]] Table read_table(const ParquetReadOptions& options = {}) const;

 private:
  explicit ParquetFile(std::shared_ptr<const detail::ParquetFileState> state);

  std::shared_ptr<const detail::ParquetFileState> state_;
};

/// Read a Parquet file of OHLCV bars. Columns are found case-insensitively: the time column (see
/// ParquetFile::time_column; TIMESTAMP / DATE columns in any unit, or plain integers whose epoch
/// unit is inferred from their magnitude like the CSV reader does) and open/o, high/h, low/l,
/// close/c, volume/vol/v (volume optional: 0 when absent); others are ignored. Timestamps must
/// increase strictly. A file with a `symbol` column holding several symbols needs
/// `options.symbol`, or read_parquet_symbols.
[[nodiscard]] ParquetBarsResult read_parquet_bars(const std::string& path,
                                                  const ParquetReadOptions& options = {});

/// Read a long-format file (a `symbol` string column beside the bar columns) into one BarFrame
/// per symbol, in order of first appearance, each validated on its own; align them with
/// BarPanel::align. A file without a symbol column gives one frame.
[[nodiscard]] std::vector<BarFrame> read_parquet_symbols(const std::string& path,
                                                         const ParquetReadOptions& options = {});

/// Whether `path` starts and ends with the Parquet magic `PAR1`. Never throws.
[[nodiscard]] bool is_parquet_file(const std::string& path) noexcept;

}  // namespace qbt::data::parquet
