#include "qbt/data/parquet/metadata.hpp"

#include <cstring>

#include <fmt/format.h>

#include "qbt/core/error.hpp"
#include "qbt/data/parquet/thrift_io.hpp"

namespace qbt::data::parquet {

namespace {

constexpr std::size_t k_magic_size = 4;
constexpr char k_magic[] = "PAR1";
constexpr char k_encrypted_magic[] = "PARE";
/// Magic at the start, then the footer length and the magic at the end.
constexpr std::size_t k_min_file_size = 3 * k_magic_size;
/// Schema nesting deeper than this is refused before recursing into it.
constexpr int k_max_schema_depth = 64;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw DataError(fmt::format("{}: {}", path, what));
}

std::optional<PhysicalType> physical_type(std::int32_t type) noexcept {
  switch (type) {
    case format::Type::BOOLEAN: return PhysicalType::boolean;
    case format::Type::INT32: return PhysicalType::int32;
    case format::Type::INT64: return PhysicalType::int64;
    case format::Type::INT96: return PhysicalType::int96;
    case format::Type::FLOAT: return PhysicalType::float32;
    case format::Type::DOUBLE: return PhysicalType::float64;
    case format::Type::BYTE_ARRAY: return PhysicalType::byte_array;
    case format::Type::FIXED_LEN_BYTE_ARRAY: return PhysicalType::fixed_len_byte_array;
  }
  return std::nullopt;
}

/// Kind, time unit and support of a leaf from its physical type and annotations. The logical
/// type wins over the legacy converted type when both are present.
void classify(const format::SchemaElement& element, ColumnDescriptor& column) {
  const bool has_logical = element.__isset.logicalType;
  const format::LogicalType& logical = element.logicalType;
  const bool has_converted = element.__isset.converted_type;
  const std::int32_t converted = wire_value(element.converted_type);

  bool timestamp = false;
  bool date = false;
  bool decimal = false;
  if (has_logical) {
    if (logical.__isset.TIMESTAMP) {
      timestamp = true;
      column.utc_adjusted = logical.TIMESTAMP.isAdjustedToUTC;
      const format::TimeUnit& unit = logical.TIMESTAMP.unit;
      column.time_unit = unit.__isset.MILLIS   ? TimeUnit::milliseconds
                         : unit.__isset.MICROS ? TimeUnit::microseconds
                         : unit.__isset.NANOS  ? TimeUnit::nanoseconds
                                               : TimeUnit::none;
      if (column.time_unit == TimeUnit::none) {
        column.unsupported = "TIMESTAMP with an unknown unit";
      }
    } else if (logical.__isset.DATE) {
      date = true;
    } else if (logical.__isset.DECIMAL) {
      decimal = true;
    } else if (logical.__isset.INTEGER) {
      column.is_unsigned = !logical.INTEGER.isSigned;
    }
  } else if (has_converted) {
    switch (converted) {
      case format::ConvertedType::TIMESTAMP_MILLIS:
        timestamp = true;
        column.time_unit = TimeUnit::milliseconds;
        break;
      case format::ConvertedType::TIMESTAMP_MICROS:
        timestamp = true;
        column.time_unit = TimeUnit::microseconds;
        break;
      case format::ConvertedType::DATE: date = true; break;
      case format::ConvertedType::DECIMAL: decimal = true; break;
      case format::ConvertedType::UINT_8:
      case format::ConvertedType::UINT_16:
      case format::ConvertedType::UINT_32:
      case format::ConvertedType::UINT_64: column.is_unsigned = true; break;
      default: break;
    }
  }

  switch (column.physical) {
    case PhysicalType::int32: column.kind = ColumnKind::int32; break;
    case PhysicalType::int64: column.kind = ColumnKind::int64; break;
    case PhysicalType::float32: column.kind = ColumnKind::float32; break;
    case PhysicalType::float64: column.kind = ColumnKind::float64; break;
    case PhysicalType::byte_array: column.kind = ColumnKind::string; break;
    case PhysicalType::boolean:
    case PhysicalType::int96:
    case PhysicalType::fixed_len_byte_array:
      column.unsupported =
          fmt::format("physical type {} is not supported", to_string(column.physical));
      return;
  }
  if (decimal) {
    column.unsupported = "DECIMAL columns are not supported";
  } else if (timestamp) {
    if (column.physical != PhysicalType::int64) {
      column.unsupported =
          fmt::format("TIMESTAMP stored as {} is not supported", to_string(column.physical));
    }
    column.kind = ColumnKind::timestamp_ns;
  } else if (date) {
    if (column.physical != PhysicalType::int32) {
      column.unsupported =
          fmt::format("DATE stored as {} is not supported", to_string(column.physical));
    }
    column.kind = ColumnKind::timestamp_ns;
    column.time_unit = TimeUnit::days;
    column.is_unsigned = false;
  } else if (column.is_unsigned && column.physical == PhysicalType::int32) {
    column.kind = ColumnKind::int64;  // UINT_32 needs 64 bits once zero-extended
  }
}

struct SchemaWalker {
  const std::vector<format::SchemaElement>& elements;
  const std::string& path;
  std::vector<ColumnDescriptor> columns;
  std::size_t next = 1;

  /// Add the leaves under the group whose children start at `next`.
  void walk_children(std::int32_t children, const std::string& prefix, int depth,
                     std::int16_t definition, std::int16_t repetition) {
    if (depth > k_max_schema_depth) {
      fail(path, fmt::format("schema nested deeper than {} levels", k_max_schema_depth));
    }
    for (std::int32_t c = 0; c < children; ++c) {
      if (next >= elements.size()) {
        fail(path, fmt::format("schema ends inside group '{}' ({} elements)",
                               prefix.empty() ? elements[0].name : prefix, elements.size()));
      }
      const format::SchemaElement& element = elements[next++];
      const std::string name = prefix.empty() ? element.name : prefix + "." + element.name;
      std::int16_t def = definition;
      std::int16_t rep = repetition;
      const bool has_repetition = element.__isset.repetition_type;
      const std::int32_t kind = wire_value(element.repetition_type);
      if (has_repetition && kind == format::FieldRepetitionType::OPTIONAL) {
        ++def;
      } else if (has_repetition && kind == format::FieldRepetitionType::REPEATED) {
        ++def;
        ++rep;
      } else if (has_repetition && kind != format::FieldRepetitionType::REQUIRED) {
        fail(path,
             fmt::format("schema element '{}' has an unknown repetition type {}", name, kind));
      }
      if (element.__isset.num_children && element.num_children > 0) {
        if (static_cast<std::size_t>(element.num_children) > elements.size() - next) {
          fail(path, fmt::format("schema group '{}' claims {} children, only {} elements follow",
                                 name, element.num_children, elements.size() - next));
        }
        walk_children(element.num_children, name, depth + 1, def, rep);
        continue;
      }
      if (element.__isset.num_children && element.num_children < 0) {
        fail(path, fmt::format("schema element '{}' has {} children", name, element.num_children));
      }
      if (!element.__isset.type) {
        if (element.__isset.num_children) {
          continue;  // an empty group holds no column
        }
        fail(path, fmt::format("schema element '{}' has neither a type nor children", name));
      }
      const auto physical = physical_type(wire_value(element.type));
      if (!physical) {
        fail(path, fmt::format("column '{}' has an unknown physical type {}", name,
                               wire_value(element.type)));
      }
      ColumnDescriptor column;
      column.name = name;
      column.physical = *physical;
      column.nullable = def > 0;
      column.max_definition_level = def;
      column.max_repetition_level = rep;
      classify(element, column);
      if (rep > 0) {
        column.unsupported = "repeated (list) columns are not supported; only flat columns are";
      } else if (depth > 0) {
        column.unsupported = "nested columns are not supported; only flat columns are";
      }
      columns.push_back(std::move(column));
    }
  }
};

std::vector<ColumnDescriptor> flatten_schema(const std::vector<format::SchemaElement>& schema,
                                             const std::string& path) {
  if (schema.empty()) {
    fail(path, "the schema is empty");
  }
  const format::SchemaElement& root = schema[0];
  const std::int32_t children = root.__isset.num_children ? root.num_children : 0;
  if (children < 0 || static_cast<std::size_t>(children) > schema.size() - 1) {
    fail(path, fmt::format("schema root claims {} children, only {} elements follow", children,
                           schema.size() - 1));
  }
  SchemaWalker walker{schema, path, {}};
  walker.walk_children(children, {}, 0, 0, 0);
  if (walker.next != schema.size()) {
    fail(path,
         fmt::format("schema has {} elements but its tree covers {}", schema.size(), walker.next));
  }
  return std::move(walker.columns);
}

std::string join_path(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) {
      out += '.';
    }
    out += part;
  }
  return out;
}

ColumnChunkInfo check_chunk(const format::ColumnChunk& chunk, const ColumnDescriptor& column,
                            const format::RowGroup& group, std::size_t group_index,
                            std::uint64_t data_end, const std::string& path) {
  const auto where = [&](const std::string& what) {
    return fmt::format("row group {}, column '{}': {}", group_index, column.name, what);
  };
  if (chunk.__isset.file_path) {
    fail(path, where(fmt::format("data in another file ('{}') is not supported", chunk.file_path)));
  }
  if (!chunk.__isset.meta_data) {
    fail(path, where("column chunk has no metadata"));
  }
  const format::ColumnMetaData& meta = chunk.meta_data;
  const auto physical = physical_type(wire_value(meta.type));
  if (!physical || *physical != column.physical) {
    fail(path, where(fmt::format("chunk type {} differs from the schema's {}",
                                 wire_value(meta.type), to_string(column.physical))));
  }
  if (join_path(meta.path_in_schema) != column.name) {
    fail(path, where(fmt::format("chunk path '{}' differs from the schema's",
                                 join_path(meta.path_in_schema))));
  }
  if (meta.num_values < 0) {
    fail(path, where(fmt::format("negative value count {}", meta.num_values)));
  }
  if (meta.total_compressed_size < 0) {
    fail(path, where(fmt::format("negative chunk size {}", meta.total_compressed_size)));
  }
  const std::int64_t data_offset = meta.data_page_offset;
  std::int64_t begin = data_offset;
  if (meta.__isset.dictionary_page_offset && meta.dictionary_page_offset > 0 &&
      meta.dictionary_page_offset < data_offset) {
    begin = meta.dictionary_page_offset;
  }
  const auto size = static_cast<std::uint64_t>(meta.total_compressed_size);
  if (begin < static_cast<std::int64_t>(k_magic_size) ||
      static_cast<std::uint64_t>(begin) > data_end ||
      size > data_end - static_cast<std::uint64_t>(begin)) {
    fail(path, where(fmt::format("chunk at offset {} of {} bytes lies outside the data region "
                                 "[{}, {})",
                                 begin, size, k_magic_size, data_end)));
  }
  if (data_offset < begin || static_cast<std::uint64_t>(data_offset - begin) > size) {
    fail(path, where(fmt::format("data page offset {} lies outside the chunk", data_offset)));
  }
  if (column.unsupported.empty()) {
    if (meta.num_values != group.num_rows) {
      fail(path, where(fmt::format("chunk holds {} values but the row group has {} rows",
                                   meta.num_values, group.num_rows)));
    }
    if (static_cast<std::uint64_t>(group.num_rows) > size * k_max_values_per_byte) {
      fail(path, where(fmt::format("{} rows cannot be stored in a chunk of {} bytes",
                                   group.num_rows, size)));
    }
  }

  ColumnChunkInfo info;
  info.offset = static_cast<std::uint64_t>(begin);
  info.size = size;
  info.values = meta.num_values;
  info.codec_id = wire_value(meta.codec);
  try {
    info.codec = codec_from_parquet_id(info.codec_id);
  } catch (const DataError&) {
    info.codec = std::nullopt;  // reported when the chunk is read
  }
  if (meta.__isset.statistics) {
    const format::Statistics& stats = meta.statistics;
    if (stats.__isset.min_value && stats.__isset.max_value) {
      info.min = stats.min_value;
      info.max = stats.max_value;
    } else if (stats.__isset.min && stats.__isset.max &&
               column.physical != PhysicalType::byte_array &&
               column.physical != PhysicalType::fixed_len_byte_array && !column.is_unsigned) {
      // The legacy fields were written with signed comparison: right for signed numbers only.
      info.min = stats.min;
      info.max = stats.max;
    }
    if (stats.__isset.null_count) {
      info.null_count = stats.null_count;
    }
  }
  return info;
}

}  // namespace

const char* to_string(PhysicalType type) noexcept {
  switch (type) {
    case PhysicalType::boolean: return "BOOLEAN";
    case PhysicalType::int32: return "INT32";
    case PhysicalType::int64: return "INT64";
    case PhysicalType::int96: return "INT96";
    case PhysicalType::float32: return "FLOAT";
    case PhysicalType::float64: return "DOUBLE";
    case PhysicalType::byte_array: return "BYTE_ARRAY";
    case PhysicalType::fixed_len_byte_array: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "?";
}

const char* to_string(TimeUnit unit) noexcept {
  switch (unit) {
    case TimeUnit::none: return "none";
    case TimeUnit::days: return "days";
    case TimeUnit::milliseconds: return "ms";
    case TimeUnit::microseconds: return "us";
    case TimeUnit::nanoseconds: return "ns";
  }
  return "?";
}

bool has_parquet_magic(std::span<const std::uint8_t> file) noexcept {
  return file.size() >= k_min_file_size && std::memcmp(file.data(), k_magic, k_magic_size) == 0 &&
         std::memcmp(file.data() + file.size() - k_magic_size, k_magic, k_magic_size) == 0;
}

FileMetadata read_metadata(std::span<const std::uint8_t> file, const std::string& path) {
  const std::uint64_t size = file.size();
  if (size < k_min_file_size) {
    fail(path, fmt::format("not a Parquet file: {} bytes is shorter than the {}-byte minimum", size,
                           k_min_file_size));
  }
  if (std::memcmp(file.data(), k_magic, k_magic_size) != 0) {
    fail(path,
         fmt::format("not a Parquet file: it starts with {} instead of 'PAR1'",
                     quote_excerpt({reinterpret_cast<const char*>(file.data()), k_magic_size})));
  }
  const std::uint8_t* tail = file.data() + size - k_magic_size;
  if (std::memcmp(tail, k_encrypted_magic, k_magic_size) == 0) {
    fail(path, "encrypted Parquet files are not supported");
  }
  if (std::memcmp(tail, k_magic, k_magic_size) != 0) {
    fail(path, fmt::format("truncated or not a Parquet file: it ends with {} instead of 'PAR1'",
                           quote_excerpt({reinterpret_cast<const char*>(tail), k_magic_size})));
  }
  std::uint32_t footer_length = 0;
  std::memcpy(&footer_length, tail - 4, 4);
  if (footer_length > size - k_min_file_size) {
    fail(path, fmt::format("footer length {} exceeds the file ({} bytes)", footer_length, size));
  }
  const std::uint64_t footer_begin = size - 2 * k_magic_size - footer_length;
  format::FileMetaData meta;
  const std::string what = path + ": footer";
  deserialize(file.subspan(static_cast<std::size_t>(footer_begin), footer_length), meta,
              what.c_str());

  FileMetadata out;
  out.path = path;
  out.file_size = size;
  out.version = meta.version;
  if (meta.__isset.created_by) {
    out.created_by = meta.created_by;
  }
  if (meta.__isset.key_value_metadata) {
    for (const auto& kv : meta.key_value_metadata) {
      out.key_values.emplace_back(kv.key, kv.__isset.value ? kv.value : std::string());
    }
  }
  out.columns = flatten_schema(meta.schema, path);
  if (meta.num_rows < 0) {
    fail(path, fmt::format("negative row count {}", meta.num_rows));
  }

  std::int64_t first_row = 0;
  out.row_groups.reserve(meta.row_groups.size());
  for (std::size_t g = 0; g < meta.row_groups.size(); ++g) {
    const format::RowGroup& group = meta.row_groups[g];
    if (group.num_rows < 0) {
      fail(path, fmt::format("row group {}: negative row count {}", g, group.num_rows));
    }
    if (group.columns.size() != out.columns.size()) {
      fail(path, fmt::format("row group {}: {} column chunks for {} schema columns", g,
                             group.columns.size(), out.columns.size()));
    }
    RowGroupInfo info;
    info.rows = group.num_rows;
    info.first_row = first_row;
    if (group.num_rows > meta.num_rows - first_row) {
      fail(path, fmt::format("row groups hold more rows than the file's {}", meta.num_rows));
    }
    first_row += group.num_rows;
    info.chunks.reserve(group.columns.size());
    for (std::size_t c = 0; c < group.columns.size(); ++c) {
      info.chunks.push_back(
          check_chunk(group.columns[c], out.columns[c], group, g, footer_begin, path));
    }
    out.row_groups.push_back(std::move(info));
  }
  if (first_row != meta.num_rows) {
    fail(path,
         fmt::format("row groups hold {} rows but the file records {}", first_row, meta.num_rows));
  }
  out.rows = meta.num_rows;
  if (!out.row_groups.empty()) {
    for (std::size_t c = 0; c < out.columns.size(); ++c) {
      out.columns[c].codec = out.row_groups[0].chunks[c].codec;
    }
  }
  return out;
}

}  // namespace qbt::data::parquet
