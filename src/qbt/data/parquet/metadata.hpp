#pragma once
/// The footer of a Parquet file, decoded and checked before any page is touched: the magic
/// bytes, the Thrift FileMetaData, the schema flattened to leaf columns with their physical and
/// logical types, and every row group's column chunks with offsets and sizes validated against
/// the file size. Everything the readers later trust (chunk byte ranges, row counts) is checked
/// here once, so a forged size fails with a message instead of steering a read or an allocation.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "qbt/data/parquet/codec.hpp"
#include "qbt/data/parquet/parquet_table.hpp"

namespace qbt::data::parquet {

/// How a column's values are stored (Parquet's physical `Type`).
enum class PhysicalType : std::uint8_t {
  boolean,
  int32,
  int64,
  int96,
  float32,
  float64,
  byte_array,
  fixed_len_byte_array,
};

/// The Parquet name: "INT64", "DOUBLE", "BYTE_ARRAY", ...
[[nodiscard]] const char* to_string(PhysicalType type) noexcept;

/// Unit of the integers stored in a time column.
enum class TimeUnit : std::uint8_t { none, days, milliseconds, microseconds, nanoseconds };

[[nodiscard]] const char* to_string(TimeUnit unit) noexcept;

/// Nanoseconds in one step of `unit` (1 for none).
[[nodiscard]] constexpr std::int64_t time_unit_ns(TimeUnit unit) noexcept {
  switch (unit) {
    case TimeUnit::days: return 86'400'000'000'000;
    case TimeUnit::milliseconds: return 1'000'000;
    case TimeUnit::microseconds: return 1'000;
    case TimeUnit::none:
    case TimeUnit::nanoseconds: return 1;
  }
  return 1;
}

/// One leaf column of the schema.
struct ColumnDescriptor {
  std::string name;  ///< the path in the schema, joined with '.' for nested columns
  PhysicalType physical = PhysicalType::int64;
  ColumnKind kind = ColumnKind::int64;  ///< value type after decoding
  bool nullable = false;                ///< OPTIONAL: values may be null
  /// Unit of a timestamp_ns column's stored integers (TIMESTAMP unit, or days for DATE).
  TimeUnit time_unit = TimeUnit::none;
  bool utc_adjusted =
      true;  ///< TIMESTAMP's isAdjustedToUTC; the integers are read as UTC either way
  bool is_unsigned = false;    ///< an unsigned INTEGER / UINT_* annotation
  std::optional<Codec> codec;  ///< of the first row group's chunk; nullopt: none or unsupported
  std::string unsupported;     ///< why qbt cannot decode this column; empty when it can
  std::int16_t max_definition_level = 0;
  std::int16_t max_repetition_level = 0;
};

/// One column chunk of a row group, validated against the file.
struct ColumnChunkInfo {
  std::uint64_t offset = 0;    ///< first byte of the chunk's first page (dictionary or data)
  std::uint64_t size = 0;      ///< bytes of all its pages, headers included
  std::int64_t values = 0;     ///< level entries: rows, nulls included, for a flat column
  std::int32_t codec_id = 0;   ///< the Thrift CompressionCodec id
  std::optional<Codec> codec;  ///< nullopt for a codec qbt does not decode
  /// Statistics in PLAIN encoding (min_value/max_value, or the legacy min/max for numbers).
  std::optional<std::string> min;
  std::optional<std::string> max;
  std::optional<std::int64_t> null_count;
};

struct RowGroupInfo {
  std::int64_t rows = 0;
  std::int64_t first_row = 0;           ///< index in the file of the row group's first row
  std::vector<ColumnChunkInfo> chunks;  ///< one per leaf column, in column order
};

struct FileMetadata {
  std::string path;
  std::uint64_t file_size = 0;
  std::int32_t version = 0;
  std::string created_by;
  std::vector<std::pair<std::string, std::string>> key_values;
  std::vector<ColumnDescriptor> columns;
  std::vector<RowGroupInfo> row_groups;
  std::int64_t rows = 0;
};

/// A row group claims at most this many rows per byte of any of its column chunks. Real files
/// stay far below it (a constant column dictionary-encoded in 100k-row pages stores ~5000 rows per
/// byte); it keeps a forged row count from sizing the output buffers.
inline constexpr std::uint64_t k_max_values_per_byte = std::uint64_t{1} << 14;

/// The integer a Thrift enum field holds. Thrift stores whatever i32 the file has in the enum
/// field, and loading an out-of-range value as the enum type is undefined, so it is copied out
/// as bytes.
template <class Enum>
[[nodiscard]] std::int32_t wire_value(const Enum& field) noexcept {
  static_assert(sizeof(Enum) == sizeof(std::int32_t));
  std::int32_t value = 0;
  std::memcpy(&value, &field, sizeof value);
  return value;
}

/// Parse and validate the footer of the Parquet file whose bytes are `file`. `path` only names
/// the file in messages. Throws DataError ("<path>: <what is wrong>") for anything malformed.
[[nodiscard]] FileMetadata read_metadata(std::span<const std::uint8_t> file,
                                         const std::string& path);

/// Whether `file` begins and ends with the magic `PAR1`.
[[nodiscard]] bool has_parquet_magic(std::span<const std::uint8_t> file) noexcept;

}  // namespace qbt::data::parquet
