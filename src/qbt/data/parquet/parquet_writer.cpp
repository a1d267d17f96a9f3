#include "qbt/data/parquet/parquet_writer.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <unistd.h>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/error.hpp"
#include "qbt/core/version.hpp"
#include "qbt/data/parquet/encoding.hpp"
#include "qbt/data/parquet/thrift_io.hpp"

namespace qbt::data::parquet {
namespace {

constexpr std::string_view k_magic = "PAR1";
/// Largest accepted `page_bytes`: page sizes are i32 in the page header.
constexpr std::size_t k_max_page_bytes = std::size_t{1} << 30;
/// Cap on rows per page, so a zero-width dictionary column still gets several pages per chunk.
constexpr std::size_t k_max_page_rows = std::size_t{1} << 24;
/// Largest row group: row counts of pages and chunks are i32 in places.
constexpr std::size_t k_max_row_group_rows = std::size_t{1} << 30;
/// Bytes reserved per page for its header (a v1 data page header takes about 20).
constexpr std::size_t k_page_overhead_bytes = 64;
/// Strings longer than this get no min/max statistics (they would bloat the footer).
constexpr std::size_t k_max_statistics_bytes = 4096;
/// Rows encoded before the next batch of row groups starts: bounds the memory held in flight.
constexpr std::size_t k_window_rows = std::size_t{4} << 20;

/// How a column is stored: its Parquet physical type.
enum class Stored : std::uint8_t { int32, int64, float32, float64, byte_array };

/// A column to encode, as views. Strings are views too, so long-format symbols point at one
/// string per symbol rather than one per row.
struct SourceColumn {
  std::string name;
  ColumnKind kind = ColumnKind::float64;
  std::span<const std::int64_t> ints;
  std::span<const double> doubles;
  std::span<const std::string_view> strings;
  std::span<const std::uint8_t> valid;

  [[nodiscard]] bool nullable() const noexcept { return !valid.empty(); }
};

SourceColumn int_column(std::string name, ColumnKind kind, std::span<const std::int64_t> ints) {
  SourceColumn column;
  column.name = std::move(name);
  column.kind = kind;
  column.ints = ints;
  return column;
}

SourceColumn double_column(std::string name, ColumnKind kind, std::span<const double> doubles) {
  SourceColumn column;
  column.name = std::move(name);
  column.kind = kind;
  column.doubles = doubles;
  return column;
}

SourceColumn string_column(std::string name, std::span<const std::string_view> strings) {
  SourceColumn column;
  column.name = std::move(name);
  column.kind = ColumnKind::string;
  column.strings = strings;
  return column;
}

Stored stored_type(ColumnKind kind) noexcept {
  switch (kind) {
    case ColumnKind::int32: return Stored::int32;
    case ColumnKind::int64:
    case ColumnKind::timestamp_ns: return Stored::int64;
    case ColumnKind::float32: return Stored::float32;
    case ColumnKind::float64: return Stored::float64;
    case ColumnKind::string: return Stored::byte_array;
  }
  return Stored::float64;
}

/// Bytes of one PLAIN value of a fixed-width type.
std::size_t plain_width(Stored type) noexcept {
  return type == Stored::int32 || type == Stored::float32 ? 4 : 8;
}

format::Type::type physical_type(Stored type) noexcept {
  switch (type) {
    case Stored::int32: return format::Type::INT32;
    case Stored::int64: return format::Type::INT64;
    case Stored::float32: return format::Type::FLOAT;
    case Stored::float64: return format::Type::DOUBLE;
    case Stored::byte_array: return format::Type::BYTE_ARRAY;
  }
  return format::Type::DOUBLE;
}

template <typename T>
std::string le_bytes(T value) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &value, sizeof(T));
  return out;
}

/// The non-null values of one column chunk: views of the source when the column is REQUIRED,
/// otherwise compacted copies (one buffer per chunk).
struct ChunkValues {
  std::span<const std::int64_t> ints;
  std::span<const double> doubles;
  std::span<const std::string_view> strings;
  std::size_t count = 0;

  std::vector<std::int64_t> int_store;
  std::vector<double> double_store;
  std::vector<std::string_view> string_store;
};

void gather_values(const SourceColumn& column, std::size_t begin, std::size_t end,
                   ChunkValues& out) {
  const Stored type = stored_type(column.kind);
  const auto compact = [&](const auto& source, auto& store) {
    store.reserve(end - begin);
    for (std::size_t row = begin; row < end; ++row) {
      if (column.valid[row] != 0) store.push_back(source[row]);
    }
  };
  if (type == Stored::byte_array) {
    if (column.nullable()) {
      compact(column.strings, out.string_store);
      out.strings = out.string_store;
    } else {
      out.strings = column.strings.subspan(begin, end - begin);
    }
    out.count = out.strings.size();
  } else if (type == Stored::float32 || type == Stored::float64) {
    if (column.nullable()) {
      compact(column.doubles, out.double_store);
      out.doubles = out.double_store;
    } else {
      out.doubles = column.doubles.subspan(begin, end - begin);
    }
    out.count = out.doubles.size();
  } else {
    if (column.nullable()) {
      compact(column.ints, out.int_store);
      out.ints = out.int_store;
    } else {
      out.ints = column.ints.subspan(begin, end - begin);
    }
    out.count = out.ints.size();
  }
}

/// Minimum and maximum following the format's rules for statistics: NaN never enters them, a
/// zero minimum is written as -0.0 and a zero maximum as +0.0 (parquet.thrift, Statistics).
template <typename F>
std::optional<std::pair<F, F>> float_min_max(std::span<const double> values) {
  bool any = false;
  F low = 0;
  F high = 0;
  for (double v : values) {
    const auto x = static_cast<F>(v);
    if (std::isnan(x)) continue;
    if (!any) {
      low = high = x;
      any = true;
    } else {
      low = std::min(low, x);
      high = std::max(high, x);
    }
  }
  if (!any) return std::nullopt;
  if (low == 0) low = -F{0};
  if (high == 0) high = F{0};
  return std::pair{low, high};
}

format::Statistics chunk_statistics(Stored type, const ChunkValues& values, std::int64_t nulls) {
  format::Statistics stats;
  stats.__set_null_count(nulls);
  std::optional<std::pair<std::string, std::string>> bounds;
  bool legacy_order_matches = true;  // the deprecated min/max use signed comparison
  switch (type) {
    case Stored::int32:
    case Stored::int64:
      if (values.count > 0) {
        const auto [low, high] = std::minmax_element(values.ints.begin(), values.ints.end());
        bounds = type == Stored::int32 ? std::pair{le_bytes(static_cast<std::int32_t>(*low)),
                                                   le_bytes(static_cast<std::int32_t>(*high))}
                                       : std::pair{le_bytes(*low), le_bytes(*high)};
      }
      break;
    case Stored::float32:
      if (const auto mm = float_min_max<float>(values.doubles)) {
        bounds = std::pair{le_bytes(mm->first), le_bytes(mm->second)};
      }
      break;
    case Stored::float64:
      if (const auto mm = float_min_max<double>(values.doubles)) {
        bounds = std::pair{le_bytes(mm->first), le_bytes(mm->second)};
      }
      break;
    case Stored::byte_array:
      legacy_order_matches = false;
      if (values.count > 0) {
        // string_view compares bytes as unsigned char: the format's order for BYTE_ARRAY.
        const auto [low, high] = std::minmax_element(values.strings.begin(), values.strings.end());
        if (low->size() <= k_max_statistics_bytes && high->size() <= k_max_statistics_bytes) {
          bounds = std::pair{std::string(*low), std::string(*high)};
        }
      }
      break;
  }
  if (bounds) {
    if (legacy_order_matches) {
      stats.__set_min(bounds->first);
      stats.__set_max(bounds->second);
    }
    stats.__set_min_value(std::move(bounds->first));
    stats.__set_max_value(std::move(bounds->second));
  }
  return stats;
}

/// The 64-bit dictionary key of value `i`: the bits of the value as stored, so equal keys mean
/// equal bytes in the file.
std::uint64_t value_key(Stored type, const ChunkValues& values, std::size_t i) noexcept {
  switch (type) {
    case Stored::int32:
      return static_cast<std::uint32_t>(static_cast<std::int32_t>(values.ints[i]));
    case Stored::int64: return static_cast<std::uint64_t>(values.ints[i]);
    case Stored::float32:
      return std::bit_cast<std::uint32_t>(static_cast<float>(values.doubles[i]));
    case Stored::float64: return std::bit_cast<std::uint64_t>(values.doubles[i]);
    case Stored::byte_array: return 0;
  }
  return 0;
}

/// Bytes of the PLAIN encoding of all values of the chunk.
std::size_t plain_bytes(Stored type, const ChunkValues& values) noexcept {
  if (type != Stored::byte_array) return values.count * plain_width(type);
  std::size_t bytes = 0;
  for (std::string_view s : values.strings) bytes += sizeof(std::uint32_t) + s.size();
  return bytes;
}

/// A chunk's dictionary when it is worth writing: the PLAIN dictionary page body, the index of
/// every value and the index bit width.
struct DictionaryEncoding {
  std::string page;
  std::size_t entries = 0;
  AlignedVector<std::uint32_t> indices;
  int width = 0;
};

/// Whether a dictionary of `entries` distinct values taking `dictionary_bytes`, plus one index
/// per value, is smaller than the PLAIN encoding (`plain` bytes) of `count` values.
bool dictionary_pays(std::size_t entries, std::size_t dictionary_bytes, std::size_t count,
                     std::size_t plain) noexcept {
  const auto width = static_cast<std::size_t>(bit_width_for(entries - 1));
  return dictionary_bytes + (count * width + 7) / 8 < plain;
}

/// Build the chunk's dictionary, giving up (nullopt) when it outgrows k_dictionary_limit_bytes or
/// does not pay. Whether it pays is also checked on the first 2^12, 2^13, ... values, so columns
/// of distinct values (prices of a random walk, timestamps) give up after a few thousand values
/// rather than after filling the dictionary.
std::optional<DictionaryEncoding> try_dictionary(Stored type, const ChunkValues& values) {
  constexpr std::size_t k_first_checkpoint = std::size_t{1} << 12;
  if (values.count == 0) return std::nullopt;
  DictionaryEncoding dict;
  dict.indices.resize(values.count);
  std::size_t dictionary_bytes = 0;
  std::size_t checkpoint = k_first_checkpoint;
  if (type == Stored::byte_array) {
    StringDictionary strings;
    std::size_t plain = 0;
    for (std::size_t i = 0; i < values.count; ++i) {
      dict.indices[i] = strings.insert(values.strings[i]);
      plain += sizeof(std::uint32_t) + values.strings[i].size();
      if (strings.plain_bytes() > k_dictionary_limit_bytes) return std::nullopt;
      if (i + 1 == checkpoint) {
        if (!dictionary_pays(strings.size(), strings.plain_bytes(), i + 1, plain))
          return std::nullopt;
        checkpoint *= 2;
      }
    }
    dictionary_bytes = strings.plain_bytes();
    dict.entries = strings.size();
    dict.page.reserve(dictionary_bytes);
    encode_plain_byte_array(strings.values(), dict.page);
  } else {
    const std::size_t width = plain_width(type);
    const std::size_t max_entries = k_dictionary_limit_bytes / width;
    KeyDictionary keys;
    for (std::size_t i = 0; i < values.count; ++i) {
      dict.indices[i] = keys.insert(value_key(type, values, i));
      if (keys.size() > max_entries) return std::nullopt;
      if (i + 1 == checkpoint) {
        if (!dictionary_pays(keys.size(), keys.size() * width, i + 1, (i + 1) * width)) {
          return std::nullopt;
        }
        checkpoint *= 2;
      }
    }
    dictionary_bytes = keys.size() * width;
    dict.entries = keys.size();
    dict.page.resize(dictionary_bytes);
    // PLAIN of a key is its low `width` bytes, little-endian: the value's bytes.
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const std::uint64_t key = keys.keys()[k];
      std::memcpy(dict.page.data() + k * width, &key, width);
    }
  }
  if (!dictionary_pays(dict.entries, dictionary_bytes, values.count, plain_bytes(type, values))) {
    return std::nullopt;
  }
  dict.width = bit_width_for(dict.entries - 1);
  return dict;
}

/// The non-dictionary encoding of a column under `options`.
format::Encoding::type value_encoding(Stored type, const ParquetWriteOptions& options) noexcept {
  if (options.delta_integers && (type == Stored::int32 || type == Stored::int64)) {
    return format::Encoding::DELTA_BINARY_PACKED;
  }
  if (options.byte_stream_split && (type == Stored::float32 || type == Stored::float64)) {
    return format::Encoding::BYTE_STREAM_SPLIT;
  }
  return format::Encoding::PLAIN;
}

/// One column chunk, encoded and compressed, with offsets relative to its first byte. The bytes
/// live in column memory (huge pages for large chunks): on VMs first-touch page faults of a
/// plain heap buffer cost more than encoding and compressing together.
struct EncodedChunk {
  AlignedVector<char> bytes;
  format::ColumnMetaData meta;
  std::int64_t uncompressed_bytes = 0;
};

class ChunkEncoder {
 public:
  ChunkEncoder(const SourceColumn& column, const ParquetWriteOptions& options)
      : column_(column), options_(options), type_(stored_type(column.kind)) {}

  EncodedChunk encode(std::size_t begin, std::size_t end) {
    EncodedChunk chunk;
    ChunkValues values;
    gather_values(column_, begin, end, values);
    const std::size_t rows = end - begin;
    // Room for the whole chunk up front (compression rarely grows data by more than 1/8), so the
    // buffer is neither copied nor faulted twice while it grows; untouched room costs nothing.
    const std::size_t estimate = plain_bytes(type_, values) + rows / 8;
    chunk.bytes.reserve(estimate + estimate / 8 +
                        k_page_overhead_bytes * (1 + estimate / options_.page_bytes));

    format::ColumnMetaData& meta = chunk.meta;
    meta.type = physical_type(type_);
    meta.path_in_schema = {column_.name};
    meta.codec = static_cast<format::CompressionCodec::type>(parquet_codec_id(options_.codec));
    meta.num_values = static_cast<std::int64_t>(rows);
    if (options_.statistics) {
      meta.__set_statistics(
          chunk_statistics(type_, values, static_cast<std::int64_t>(rows - values.count)));
    }

    std::optional<DictionaryEncoding> dict;
    if (options_.dictionary) dict = try_dictionary(type_, values);
    const format::Encoding::type encoding =
        dict ? format::Encoding::RLE_DICTIONARY : value_encoding(type_, options_);

    std::vector<format::PageEncodingStats> encoding_stats;
    if (dict) {
      meta.__set_dictionary_page_offset(0);
      format::PageHeader header;
      header.type = format::PageType::DICTIONARY_PAGE;
      format::DictionaryPageHeader dictionary_header;
      dictionary_header.num_values = static_cast<std::int32_t>(dict->entries);
      dictionary_header.encoding = format::Encoding::PLAIN;
      header.__set_dictionary_page_header(dictionary_header);
      write_page(header, dict->page, chunk);
      encoding_stats.push_back(
          page_stats(format::PageType::DICTIONARY_PAGE, format::Encoding::PLAIN, 1));
    }
    meta.data_page_offset = static_cast<std::int64_t>(chunk.bytes.size());

    std::size_t pages = 0;
    std::size_t value_at = 0;
    for (std::size_t row = 0; row < rows;) {
      const std::size_t page_rows = rows_in_page(row, rows, begin, values, value_at, dict);
      const std::size_t page_values = count_values(begin + row, begin + row + page_rows);
      page_.clear();
      if (column_.nullable()) {
        encode_definition_levels(column_.valid.subspan(begin + row, page_rows), page_);
      }
      encode_values(values, value_at, page_values, dict, encoding);
      format::PageHeader header;
      header.type = format::PageType::DATA_PAGE;
      format::DataPageHeader data_header;
      data_header.num_values = static_cast<std::int32_t>(page_rows);
      data_header.encoding = encoding;
      data_header.definition_level_encoding = format::Encoding::RLE;
      data_header.repetition_level_encoding = format::Encoding::RLE;
      header.__set_data_page_header(data_header);
      write_page(header, page_, chunk);
      row += page_rows;
      value_at += page_values;
      ++pages;
    }
    encoding_stats.push_back(page_stats(format::PageType::DATA_PAGE, encoding, pages));

    if (dict) meta.encodings.push_back(format::Encoding::PLAIN);
    if (column_.nullable()) meta.encodings.push_back(format::Encoding::RLE);
    meta.encodings.push_back(encoding);
    meta.__set_encoding_stats(std::move(encoding_stats));
    meta.total_uncompressed_size = chunk.uncompressed_bytes;
    meta.total_compressed_size = static_cast<std::int64_t>(chunk.bytes.size());
    return chunk;
  }

 private:
  static format::PageEncodingStats page_stats(format::PageType::type type,
                                              format::Encoding::type encoding, std::size_t count) {
    format::PageEncodingStats stats;
    stats.page_type = type;
    stats.encoding = encoding;
    stats.count = static_cast<std::int32_t>(count);
    return stats;
  }

  std::size_t count_values(std::size_t begin, std::size_t end) const noexcept {
    if (!column_.nullable()) return end - begin;
    std::size_t n = 0;
    for (std::size_t row = begin; row < end; ++row) n += column_.valid[row] != 0 ? 1 : 0;
    return n;
  }

  /// Rows of the page starting at chunk row `row`: as many as fit `page_bytes` uncompressed
  /// (levels and values), at least one.
  std::size_t rows_in_page(std::size_t row, std::size_t rows, std::size_t begin,
                           const ChunkValues& values, std::size_t value_at,
                           const std::optional<DictionaryEncoding>& dict) const {
    const std::size_t left = rows - row;
    const std::size_t level_bits = column_.nullable() ? 1 : 0;
    if (dict || type_ != Stored::byte_array) {
      const std::size_t value_bits =
          dict ? static_cast<std::size_t>(dict->width) : plain_width(type_) * 8;
      const std::size_t per_row = std::max<std::size_t>(1, value_bits + level_bits);
      const std::size_t fit = std::max<std::size_t>(1, options_.page_bytes * 8 / per_row);
      return std::min({left, fit, k_max_page_rows});
    }
    std::size_t bytes = 0;
    std::size_t n = 0;
    std::size_t value = value_at;
    while (n < left && n < k_max_page_rows && bytes < options_.page_bytes) {
      const bool present = !column_.nullable() || column_.valid[begin + row + n] != 0;
      if (present) bytes += sizeof(std::uint32_t) + values.strings[value++].size();
      ++n;
    }
    return n;
  }

  void encode_values(const ChunkValues& values, std::size_t first, std::size_t count,
                     const std::optional<DictionaryEncoding>& dict,
                     format::Encoding::type encoding) {
    if (dict) {
      encode_dictionary_indices(std::span(dict->indices).subspan(first, count), dict->width, page_);
      return;
    }
    switch (type_) {
      case Stored::int32:
      case Stored::int64: {
        const auto ints = values.ints.subspan(first, count);
        if (encoding == format::Encoding::DELTA_BINARY_PACKED) {
          type_ == Stored::int32 ? encode_delta_int32(ints, page_)
                                 : encode_delta_int64(ints, page_);
        } else {
          type_ == Stored::int32 ? encode_plain_int32(ints, page_)
                                 : encode_plain_int64(ints, page_);
        }
        return;
      }
      case Stored::float32:
      case Stored::float64: {
        const auto doubles = values.doubles.subspan(first, count);
        const bool split = encoding == format::Encoding::BYTE_STREAM_SPLIT;
        if (type_ == Stored::float32) {
          split ? encode_byte_stream_split_float(doubles, page_)
                : encode_plain_float(doubles, page_);
        } else {
          split ? encode_byte_stream_split_double(doubles, page_)
                : encode_plain_double(doubles, page_);
        }
        return;
      }
      case Stored::byte_array:
        encode_plain_byte_array(values.strings.subspan(first, count), page_);
        return;
    }
  }

  /// Compress `body`, then append the page header and the compressed body to the chunk.
  void write_page(format::PageHeader& header, const std::string& body, EncodedChunk& chunk) {
    if (body.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      throw UserInputError(fmt::format("column '{}': a page of {} bytes exceeds the 2 GiB limit",
                                       column_.name, body.size()));
    }
    const std::span<const std::uint8_t> raw(reinterpret_cast<const std::uint8_t*>(body.data()),
                                            body.size());
    const std::string* stored = &body;
    if (options_.codec != Codec::uncompressed) {
      compress(options_.codec, raw, compressed_, options_.compression_level);
      stored = &compressed_;
    }
    header.uncompressed_page_size = static_cast<std::int32_t>(body.size());
    header.compressed_page_size = static_cast<std::int32_t>(stored->size());
    header_bytes_.clear();
    serialize(header, header_bytes_);
    const std::size_t header_bytes = header_bytes_.size();
    chunk.bytes.insert(chunk.bytes.end(), header_bytes_.begin(), header_bytes_.end());
    chunk.bytes.insert(chunk.bytes.end(), stored->begin(), stored->end());
    chunk.uncompressed_bytes += static_cast<std::int64_t>(header_bytes + body.size());
  }

  const SourceColumn& column_;
  const ParquetWriteOptions& options_;
  Stored type_;
  std::string page_;
  std::string compressed_;
  std::string header_bytes_;
};

format::SchemaElement schema_leaf(const SourceColumn& column) {
  format::SchemaElement leaf;
  leaf.name = column.name;
  leaf.__set_type(physical_type(stored_type(column.kind)));
  leaf.__set_repetition_type(column.nullable() ? format::FieldRepetitionType::OPTIONAL
                                               : format::FieldRepetitionType::REQUIRED);
  if (column.kind == ColumnKind::timestamp_ns) {
    // NANOS has no ConvertedType counterpart, so only the logical type is set.
    format::TimeUnit unit;
    unit.__set_NANOS(format::NanoSeconds());
    format::TimestampType timestamp;
    timestamp.isAdjustedToUTC = true;
    timestamp.unit = unit;
    format::LogicalType logical;
    logical.__set_TIMESTAMP(timestamp);
    leaf.__set_logicalType(logical);
  } else if (column.kind == ColumnKind::string) {
    format::LogicalType logical;
    logical.__set_STRING(format::StringType());
    leaf.__set_logicalType(logical);
    leaf.__set_converted_type(format::ConvertedType::UTF8);
  }
  return leaf;
}

/// Owns the temporary file until it is renamed into place; removes it on every failure path.
class TempFile {
 public:
  TempFile(std::string temp_path, const std::string& final_path)
      : temp_path_(std::move(temp_path)), final_path_(final_path) {
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) fail("cannot create temporary file");
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(temp_path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(std::string_view bytes) {
    const char* cursor = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
      const ssize_t written = ::write(fd_, cursor, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        fail("cannot write temporary file");
      }
      cursor += written;
      left -= static_cast<std::size_t>(written);
    }
    offset_ += bytes.size();
  }

  [[nodiscard]] std::uint64_t offset() const noexcept { return offset_; }

  /// Flush to disk, close, and rename over the final path; then flush the directory entry.
  void commit() {
    if (::fsync(fd_) != 0) fail("cannot flush temporary file");
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) fail("cannot close temporary file");
    if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0)
      fail("cannot rename temporary file");
    committed_ = true;
    // Best effort: the data is durable already; this only makes the rename survive a crash.
    const std::string dir = std::filesystem::path(final_path_).parent_path().string();
    const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
      ::fsync(dir_fd);
      ::close(dir_fd);
    }
  }

 private:
  [[noreturn]] void fail(std::string_view what) const {
    throw IoError(fmt::format("{} {}: {}", what, temp_path_, std::strerror(errno)), {final_path_});
  }

  std::string temp_path_;
  const std::string& final_path_;
  int fd_ = -1;
  bool committed_ = false;
  std::uint64_t offset_ = 0;
};

std::size_t column_length(const SourceColumn& column) noexcept {
  switch (stored_type(column.kind)) {
    case Stored::byte_array: return column.strings.size();
    case Stored::float32:
    case Stored::float64: return column.doubles.size();
    default: return column.ints.size();
  }
}

void validate(std::span<const SourceColumn> columns, const ParquetWriteOptions& options) {
  if (columns.empty()) throw UserInputError("cannot write a Parquet file without columns");
  if (options.row_group_rows == 0 || options.row_group_rows > k_max_row_group_rows) {
    throw UserInputError(fmt::format("row group size {} is out of range (1..{} rows)",
                                     options.row_group_rows, k_max_row_group_rows));
  }
  if (options.page_bytes == 0 || options.page_bytes > k_max_page_bytes) {
    throw UserInputError(fmt::format("page size {} is out of range (1..{} bytes)",
                                     options.page_bytes, k_max_page_bytes));
  }
  if (to_string(options.codec) == std::string_view("unknown")) {
    throw UserInputError(
        fmt::format("unknown compression codec {}", static_cast<int>(options.codec)));
  }
  check_compression_level(options.codec, options.compression_level);
  const std::size_t rows = column_length(columns[0]);
  std::set<std::string_view> names;
  for (const SourceColumn& column : columns) {
    if (column.name.empty()) throw UserInputError("a Parquet column needs a non-empty name");
    if (!names.insert(column.name).second) {
      throw UserInputError(fmt::format("duplicate column name '{}'", column.name));
    }
    if (static_cast<std::uint8_t>(column.kind) > static_cast<std::uint8_t>(ColumnKind::string)) {
      throw UserInputError(fmt::format("column '{}': invalid column kind {}", column.name,
                                       static_cast<int>(column.kind)));
    }
    const std::size_t length = column_length(column);
    if (length != rows) {
      throw UserInputError(fmt::format("column '{}' has {} rows but column '{}' has {}",
                                       column.name, length, columns[0].name, rows));
    }
    if (column.nullable() && column.valid.size() != rows) {
      throw UserInputError(fmt::format("column '{}' has {} validity flags for {} rows", column.name,
                                       column.valid.size(), rows));
    }
    if (column.kind == ColumnKind::int32) {
      for (std::size_t row = 0; row < rows; ++row) {
        const std::int64_t v = column.ints[row];
        if ((!column.nullable() || column.valid[row] != 0) &&
            (v < std::numeric_limits<std::int32_t>::min() ||
             v > std::numeric_limits<std::int32_t>::max())) {
          throw UserInputError(fmt::format("column '{}': value {} at row {} does not fit INT32",
                                           column.name, v, row + 1));
        }
      }
    }
  }
}

void write_columns(std::span<const SourceColumn> columns, const std::string& path,
                   const ParquetWriteOptions& options,
                   std::vector<std::pair<std::string, std::string>> key_values) {
  validate(columns, options);
  const std::size_t rows = column_length(columns[0]);

  format::FileMetaData file;
  file.version = 1;
  file.num_rows = static_cast<std::int64_t>(rows);
  format::SchemaElement root;
  root.name = "schema";
  root.__set_num_children(static_cast<std::int32_t>(columns.size()));
  file.schema.push_back(root);
  std::vector<format::ColumnOrder> orders;
  for (const SourceColumn& column : columns) {
    file.schema.push_back(schema_leaf(column));
    format::ColumnOrder order;
    order.__set_TYPE_ORDER(format::TypeDefinedOrder());
    orders.push_back(order);
  }
  file.__set_column_orders(std::move(orders));
  file.__set_created_by(fmt::format("qbt version {}", qbt::version()));
  if (!key_values.empty()) {
    std::vector<format::KeyValue> kvs;
    for (auto& [key, value] : key_values) {
      if (key.empty()) throw UserInputError("a Parquet key-value metadata entry needs a key");
      format::KeyValue kv;
      kv.key = std::move(key);
      kv.__set_value(std::move(value));
      kvs.push_back(std::move(kv));
    }
    file.__set_key_value_metadata(std::move(kvs));
  }

  TempFile out(path + ".tmp", path);
  out.write(k_magic);

  const std::size_t groups = (rows + options.row_group_rows - 1) / options.row_group_rows;
  const std::size_t window = std::max<std::size_t>(1, k_window_rows / options.row_group_rows);
  const std::size_t ncols = columns.size();
  std::vector<EncodedChunk> chunks;
  for (std::size_t first = 0; first < groups; first += window) {
    const std::size_t last = std::min(groups, first + window);
    chunks.assign((last - first) * ncols, EncodedChunk{});
    tbb::parallel_for(std::size_t{0}, chunks.size(), [&](std::size_t task) {
      const std::size_t group = first + task / ncols;
      const std::size_t begin = group * options.row_group_rows;
      const std::size_t end = std::min(rows, begin + options.row_group_rows);
      chunks[task] = ChunkEncoder(columns[task % ncols], options).encode(begin, end);
    });
    for (std::size_t group = first; group < last; ++group) {
      format::RowGroup row_group;
      const std::size_t begin = group * options.row_group_rows;
      row_group.num_rows =
          static_cast<std::int64_t>(std::min(rows, begin + options.row_group_rows) - begin);
      row_group.__set_file_offset(static_cast<std::int64_t>(out.offset()));
      std::int64_t compressed = 0;
      for (std::size_t c = 0; c < ncols; ++c) {
        EncodedChunk& chunk = chunks[(group - first) * ncols + c];
        const auto at = static_cast<std::int64_t>(out.offset());
        format::ColumnChunk column_chunk;
        // file_offset stays 0: parquet.thrift deprecates it ("writers should set this field to 0
        // if no ColumnMetaData has been written outside the footer"); readers use the page
        // offsets in the metadata.
        column_chunk.file_offset = 0;
        chunk.meta.data_page_offset += at;
        if (chunk.meta.__isset.dictionary_page_offset) chunk.meta.dictionary_page_offset += at;
        out.write({chunk.bytes.data(), chunk.bytes.size()});
        row_group.total_byte_size += chunk.uncompressed_bytes;
        compressed += static_cast<std::int64_t>(chunk.bytes.size());
        column_chunk.__set_meta_data(std::move(chunk.meta));
        row_group.columns.push_back(std::move(column_chunk));
        chunk.bytes = AlignedVector<char>();
      }
      row_group.__set_total_compressed_size(compressed);
      if (group <= static_cast<std::size_t>(std::numeric_limits<std::int16_t>::max())) {
        row_group.__set_ordinal(static_cast<std::int16_t>(group));
      }
      file.row_groups.push_back(std::move(row_group));
    }
  }

  std::string footer;
  serialize(file, footer);
  const auto footer_length = static_cast<std::uint32_t>(footer.size());
  footer.append(le_bytes(footer_length));
  footer.append(k_magic);
  out.write(footer);
  out.commit();
}

std::vector<std::pair<std::string, std::string>> frequency_metadata(
    std::span<const BarFrame> frames) {
  if (frames.empty()) return {};
  const Frequency frequency = frames[0].frequency();
  if (!frequency.regular()) return {};
  for (const BarFrame& frame : frames) {
    if (frame.frequency() != frequency) return {};
  }
  return {{"qbt.frequency", frequency.to_string()}};
}

/// FLOAT for the four prices when asked; volume always stays DOUBLE.
ColumnKind value_kind(Field field, const ParquetWriteOptions& options) noexcept {
  return options.float32_prices && field != Field::volume ? ColumnKind::float32
                                                          : ColumnKind::float64;
}

/// Long-format columns being assembled: one timestamp, symbol and five value vectors.
struct LongColumns {
  AlignedVector<std::int64_t> ts;
  AlignedVector<std::string_view> symbols;
  std::array<AlignedVector<double>, k_field_count> values;

  void reserve(std::size_t rows) {
    ts.reserve(rows);
    symbols.reserve(rows);
    for (auto& v : values) v.reserve(rows);
  }
  void append(const BarFrame& frame, std::size_t row, std::string_view symbol) {
    ts.push_back(frame.timestamps()[row]);
    symbols.push_back(symbol);
    for (Field f : k_fields) values[static_cast<std::size_t>(f)].push_back(frame.field(f)[row]);
  }

  void write(const std::string& path, const ParquetWriteOptions& options,
             std::vector<std::pair<std::string, std::string>> key_values) const {
    std::vector<SourceColumn> columns;
    columns.push_back(int_column("ts", ColumnKind::timestamp_ns, ts));
    columns.push_back(string_column("symbol", symbols));
    for (Field f : k_fields) {
      columns.push_back(
          double_column(to_string(f), value_kind(f, options), values[static_cast<std::size_t>(f)]));
    }
    write_columns(columns, path, options, std::move(key_values));
  }
};

void check_symbols(std::span<const std::string* const> symbols) {
  std::set<std::string_view> seen;
  for (const std::string* symbol : symbols) {
    if (symbol->empty()) {
      throw UserInputError("every frame written in long format needs a symbol");
    }
    if (!seen.insert(*symbol).second) {
      throw UserInputError(fmt::format("symbol '{}' appears in more than one frame", *symbol));
    }
  }
}

}  // namespace

void write_parquet_table(std::span<const ColumnView> columns, const std::string& path,
                         const ParquetWriteOptions& options,
                         std::vector<std::pair<std::string, std::string>> key_values) {
  std::vector<std::vector<std::string_view>> string_views(columns.size());
  std::vector<SourceColumn> sources;
  sources.reserve(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const ColumnView& view = columns[c];
    if (view.kind == ColumnKind::string) {
      string_views[c].assign(view.strings.begin(), view.strings.end());
    }
    sources.push_back({.name = view.name,
                       .kind = view.kind,
                       .ints = view.ints,
                       .doubles = view.doubles,
                       .strings = string_views[c],
                       .valid = view.valid});
  }
  write_columns(sources, path, options, std::move(key_values));
}

void write_parquet(const BarFrame& frame, const std::string& path,
                   const ParquetWriteOptions& options) {
  std::vector<SourceColumn> columns;
  columns.push_back(int_column("ts", ColumnKind::timestamp_ns, frame.timestamps()));
  for (Field f : k_fields) {
    columns.push_back(double_column(to_string(f), value_kind(f, options), frame.field(f)));
  }
  std::vector<std::pair<std::string, std::string>> key_values;
  if (!frame.symbol().empty()) key_values.emplace_back("qbt.symbol", frame.symbol());
  auto frequency = frequency_metadata(std::span(&frame, 1));
  key_values.insert(key_values.end(), frequency.begin(), frequency.end());
  write_columns(columns, path, options, std::move(key_values));
}

void write_parquet_panel(std::span<const BarFrame> frames, const std::string& path,
                         const ParquetWriteOptions& options) {
  std::vector<const std::string*> symbols;
  std::size_t rows = 0;
  for (const BarFrame& frame : frames) {
    symbols.push_back(&frame.symbol());
    rows += frame.size();
    const auto ts = frame.timestamps();
    const auto unsorted = std::is_sorted_until(ts.begin(), ts.end());
    if (unsorted != ts.end()) {
      const auto row = static_cast<std::size_t>(unsorted - ts.begin());
      throw DataError(
          fmt::format("symbol '{}': timestamp {} at row {} is earlier than the row before",
                      frame.symbol(), ts[row], row + 1));
    }
  }
  check_symbols(symbols);

  // Merge by timestamp through a min-heap of (timestamp, frame); ties go to the earlier frame,
  // so rows at one instant follow the frames' order.
  LongColumns long_columns;
  long_columns.reserve(rows);
  using Head = std::pair<Timestamp, std::size_t>;
  const auto later = [](const Head& a, const Head& b) { return a > b; };
  std::vector<Head> heap;
  std::vector<std::size_t> cursor(frames.size(), 0);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (!frames[i].empty()) heap.emplace_back(frames[i].timestamps()[0], i);
  }
  std::make_heap(heap.begin(), heap.end(), later);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const std::size_t i = heap.back().second;
    heap.pop_back();
    long_columns.append(frames[i], cursor[i]++, frames[i].symbol());
    if (cursor[i] < frames[i].size()) {
      heap.emplace_back(frames[i].timestamps()[cursor[i]], i);
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  long_columns.write(path, options, frequency_metadata(frames));
}

void write_parquet_panel(const BarPanel& panel, const std::string& path,
                         const ParquetWriteOptions& options) {
  std::vector<const std::string*> symbols;
  std::vector<BarFrame> frames;
  std::size_t rows = 0;
  for (std::size_t i = 0; i < panel.symbol_count(); ++i) {
    symbols.push_back(&panel.symbol(i));
    frames.push_back(panel.frame(i));
    for (std::uint8_t p : panel.present(i)) rows += p != 0 ? 1 : 0;
  }
  check_symbols(symbols);
  LongColumns long_columns;
  long_columns.reserve(rows);
  for (std::size_t row = 0; row < panel.size(); ++row) {
    for (std::size_t i = 0; i < panel.symbol_count(); ++i) {
      if (panel.present(i)[row] != 0) long_columns.append(panel.frame(i), row, panel.symbol(i));
    }
  }
  long_columns.write(path, options, frequency_metadata(frames));
}

}  // namespace qbt::data::parquet
