#pragma once
/// Decoding of one column chunk: its pages one after another (page header, decompression, the
/// dictionary page, DATA_PAGE v1 and DATA_PAGE_V2, definition levels, values) straight into the
/// caller's column memory. Plain pages of a REQUIRED INT64 / DOUBLE column are decompressed
/// directly into the destination, without an intermediate copy.
///
/// Only flat columns are read (max repetition level 0, max definition level 0 or 1). Any
/// malformed input throws DataError "<file>: row group G, column 'C', page P: <what>", with row
/// groups and pages counted from 0 and the dictionary page counted as a page.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "qbt/data/parquet/metadata.hpp"

namespace qbt::data::parquet {

/// Where the values of one chunk go: one slot per row of the row group. Set the pointer that
/// matches the column's kind: `ints` for INT32 / INT64 (timestamps stay in their stored unit),
/// `doubles` for FLOAT / DOUBLE (or INT32 / INT64 converted to double when `ints` is null),
/// `strings` for BYTE_ARRAY. Null rows receive 0 / NaN / "" and valid 0.
struct ChunkOutput {
  std::int64_t* ints = nullptr;
  double* doubles = nullptr;
  std::string* strings = nullptr;
  std::uint8_t* valid = nullptr;  ///< 1 per row with a value; required for nullable columns
};

/// Decode the chunk of leaf column `column` in row group `row_group` of the file whose bytes are
/// `file` and whose validated footer is `meta`. Returns the number of null rows. The column must
/// be supported (ColumnDescriptor::unsupported empty) and `out` must match its kind.
std::size_t read_column_chunk(std::span<const std::uint8_t> file, const FileMetadata& meta,
                              std::size_t row_group, std::size_t column, const ChunkOutput& out);

}  // namespace qbt::data::parquet
