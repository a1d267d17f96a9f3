#include "qbt/data/parquet/parquet_table.hpp"

namespace qbt::data::parquet {

const char* to_string(ColumnKind kind) noexcept {
  switch (kind) {
    case ColumnKind::int32: return "int32";
    case ColumnKind::int64: return "int64";
    case ColumnKind::timestamp_ns: return "timestamp_ns";
    case ColumnKind::float32: return "float32";
    case ColumnKind::float64: return "float64";
    case ColumnKind::string: return "string";
  }
  return "?";
}

std::size_t Table::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) {
      return i;
    }
  }
  return npos;
}

}  // namespace qbt::data::parquet
