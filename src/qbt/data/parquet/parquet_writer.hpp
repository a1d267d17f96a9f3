#pragma once
/// Parquet writer: bars (one symbol, or many in long format) and generic column tables to
/// Parquet files that DuckDB, Arrow and every other mainstream reader load as they are.
///
/// What is written: format version 1 files with DATA_PAGE (v1) pages, one column chunk per
/// column and row group, REQUIRED columns unless a column has nulls, a PLAIN dictionary page plus
/// RLE_DICTIONARY data pages where a dictionary pays and PLAIN (or, on request,
/// DELTA_BINARY_PACKED / BYTE_STREAM_SPLIT) pages elsewhere, chunk statistics with type-defined
/// ordering, and `created_by` = "qbt version X". The bytes depend only on the input and the
/// options, never on the thread count: column chunks are encoded in parallel and laid out in
/// schema order.

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "qbt/data/bar_frame.hpp"
#include "qbt/data/bar_panel.hpp"
#include "qbt/data/parquet/codec.hpp"
#include "qbt/data/parquet/parquet_table.hpp"

namespace qbt::data::parquet {

/// The dictionary of one column chunk may not exceed this many PLAIN-encoded bytes; beyond it
/// the chunk is written PLAIN (as arrow-rs and Arrow C++ do, with the same default limit).
inline constexpr std::size_t k_dictionary_limit_bytes = std::size_t{1} << 20;

struct ParquetWriteOptions {
  Codec codec = Codec::snappy;
  /// 0 = the codec's default; see `compress` for the ranges.
  int compression_level = 0;
  /// Dictionary-encode a column chunk when its dictionary stays within k_dictionary_limit_bytes
  /// and dictionary + indices are smaller than the plain encoding, for the whole chunk and for
  /// its first 4096, 8192, ... values (so distinct values give up early); otherwise fall back.
  bool dictionary = true;
  /// Rows per row group (the last one may be shorter). At least 1.
  std::size_t row_group_rows = 1'048'576;
  /// Target uncompressed size of a data page (values plus levels); a page holds at least one value.
  std::size_t page_bytes = std::size_t{1} << 20;
  /// Column chunk statistics (min, max, null count).
  bool statistics = true;
  /// Store open/high/low/close as FLOAT, rounded to nearest: ~7 significant digits, so prices
  /// above 16'777'216 or with finer ticks than that precision change. Volume stays DOUBLE.
  /// Only `write_parquet` and `write_parquet_panel` use it.
  bool float32_prices = false;
  /// Encode non-dictionary INT32 / INT64 / timestamp pages as DELTA_BINARY_PACKED instead of
  /// PLAIN: regular timestamps shrink to a few bits per row. Every mainstream reader supports it.
  bool delta_integers = false;
  /// Encode non-dictionary FLOAT / DOUBLE pages as BYTE_STREAM_SPLIT instead of PLAIN, which
  /// helps the codec on prices. Needs a reader from 2021 or later (parquet-format 2.8).
  bool byte_stream_split = false;
};

/// Write `columns` to the Parquet file `path`.
///
/// Every column must hold the same number of rows and a unique, non-empty name; int32 values
/// must fit in 32 bits (UserInputError otherwise, naming the column and row). `key_values` go
/// to the file's key-value metadata in the given order. The bytes go to `path + ".tmp"` and are
/// renamed over `path` only when complete; IoError naming the path when that fails.
void write_parquet_table(std::span<const ColumnView> columns, const std::string& path,
                         const ParquetWriteOptions& options = {},
                         std::vector<std::pair<std::string, std::string>> key_values = {});

/// Write the bars of `frame` with columns `ts` (INT64 TIMESTAMP(NANOS, UTC)), `open`, `high`,
/// `low`, `close`, `volume` (DOUBLE, or FLOAT prices with `float32_prices`) and key-value
/// metadata `qbt.symbol` and `qbt.frequency`.
void write_parquet(const BarFrame& frame, const std::string& path,
                   const ParquetWriteOptions& options = {});

/// Write several symbols' bars in long format: columns `ts`, `symbol` (STRING), then the five
/// value columns; rows ordered by timestamp, then by the order of `frames`. Each frame needs a
/// non-empty symbol, unique among the frames (UserInputError), and non-decreasing timestamps
/// (DataError). `qbt.frequency` is recorded when every frame has the same frequency.
void write_parquet_panel(std::span<const BarFrame> frames, const std::string& path,
                         const ParquetWriteOptions& options = {});

/// Write the real bars of `panel` (rows marked present) in long format, as above.
void write_parquet_panel(const BarPanel& panel, const std::string& path,
                         const ParquetWriteOptions& options = {});

}  // namespace qbt::data::parquet
