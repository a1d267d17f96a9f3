#include "qbt/data/parquet/column_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "qbt/core/check.hpp"
#include "qbt/core/error.hpp"
#include "qbt/data/parquet/decoding.hpp"
#include "qbt/data/parquet/thrift_io.hpp"

namespace qbt::data::parquet {

namespace {

/// A page may claim at most this many uncompressed bytes per compressed byte. Real pages stay far
/// below it (zstd turns a 1 MB page of one repeated double into ~40 bytes, a ratio of ~25000);
/// it keeps a forged page size from sizing the decompression buffer.
constexpr std::uint64_t k_max_compression_ratio = std::uint64_t{1} << 16;
/// Strings decoded from one page (dictionary gathers, DELTA_BYTE_ARRAY prefixes can repeat bytes
/// without storing them) may take at most this many bytes per page byte, plus a fixed allowance.
constexpr std::uint64_t k_max_string_expansion = 1024;
constexpr std::uint64_t k_string_allowance = std::uint64_t{64} << 20;

/// Page headers are a few dozen bytes (more with statistics); a forged chunk is not parsed further.
constexpr std::size_t k_max_page_header_bytes = std::size_t{16} << 20;

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

const char* encoding_name(std::int32_t encoding) noexcept {
  switch (encoding) {
    case format::Encoding::PLAIN: return "PLAIN";
    case format::Encoding::PLAIN_DICTIONARY: return "PLAIN_DICTIONARY";
    case format::Encoding::RLE: return "RLE";
    case format::Encoding::BIT_PACKED: return "BIT_PACKED";
    case format::Encoding::DELTA_BINARY_PACKED: return "DELTA_BINARY_PACKED";
    case format::Encoding::DELTA_LENGTH_BYTE_ARRAY: return "DELTA_LENGTH_BYTE_ARRAY";
    case format::Encoding::DELTA_BYTE_ARRAY: return "DELTA_BYTE_ARRAY";
    case format::Encoding::RLE_DICTIONARY: return "RLE_DICTIONARY";
    case format::Encoding::BYTE_STREAM_SPLIT: return "BYTE_STREAM_SPLIT";
  }
  return nullptr;
}

std::string describe(std::int32_t encoding) {
  const char* name = encoding_name(encoding);
  return name != nullptr ? std::string(name) : fmt::format("encoding {}", encoding);
}

[[noreturn]] void fail(std::string message) {
  throw DataError(std::move(message));
}

/// Which of the ChunkOutput vectors a physical type decodes into.
enum class Domain : std::uint8_t { ints, doubles, strings };

Domain domain_of(PhysicalType type) noexcept {
  switch (type) {
    case PhysicalType::float32:
    case PhysicalType::float64: return Domain::doubles;
    case PhysicalType::byte_array: return Domain::strings;
    default: return Domain::ints;
  }
}

class ChunkReader {
 public:
  ChunkReader(std::span<const std::uint8_t> chunk, const ColumnDescriptor& column, Codec codec,
              std::size_t rows, const ChunkOutput& out)
      : chunk_(chunk),
        column_(column),
        codec_(codec),
        rows_(rows),
        out_(out),
        domain_(domain_of(column.physical)) {}

  std::size_t read() {
    while (row_ < rows_) {
      read_page();
    }
    page_ = -1;
    return nulls_;
  }

  [[nodiscard]] int page() const noexcept { return page_; }

 private:
  void read_page() {
    if (pos_ >= chunk_.size()) {
      page_ = -1;
      fail(fmt::format("chunk ends after {} of {} values", row_, rows_));
    }
    ++page_;
    format::PageHeader header;
    pos_ +=
        deserialize(chunk_.subspan(pos_, std::min(chunk_.size() - pos_, k_max_page_header_bytes)),
                    header, "page header");
    if (header.compressed_page_size < 0 || header.uncompressed_page_size < 0) {
      fail(fmt::format("negative page size ({} compressed, {} uncompressed)",
                       header.compressed_page_size, header.uncompressed_page_size));
    }
    const auto compressed = static_cast<std::size_t>(header.compressed_page_size);
    if (compressed > chunk_.size() - pos_) {
      fail(fmt::format("page of {} bytes exceeds the {} bytes left in the column chunk", compressed,
                       chunk_.size() - pos_));
    }
    const std::span<const std::uint8_t> body = chunk_.subspan(pos_, compressed);
    pos_ += compressed;
    switch (wire_value(header.type)) {
      case format::PageType::DICTIONARY_PAGE: read_dictionary(header, body); return;
      case format::PageType::DATA_PAGE: read_data_v1(header, body); return;
      case format::PageType::DATA_PAGE_V2: read_data_v2(header, body); return;
      case format::PageType::INDEX_PAGE: return;
    }
    fail(fmt::format("unknown page type {}", wire_value(header.type)));
  }

  /// The uncompressed bytes of a page body: the body itself, or decompressed into scratch.
  std::span<const std::uint8_t> inflate(std::span<const std::uint8_t> body,
                                        std::size_t uncompressed) {
    if (codec_ == Codec::uncompressed) {
      if (body.size() != uncompressed) {
        fail(fmt::format("uncompressed page of {} bytes records an uncompressed size of {}",
                         body.size(), uncompressed));
      }
      return body;
    }
    check_ratio(body.size(), uncompressed);
    page_buffer_.resize(uncompressed);
    decompress(codec_, body, page_buffer_);
    return page_buffer_;
  }

  static void check_ratio(std::size_t compressed, std::size_t uncompressed) {
    if (uncompressed > compressed * k_max_compression_ratio) {
      fail(fmt::format("page claims {} uncompressed bytes from {} compressed bytes", uncompressed,
                       compressed));
    }
  }

  void check_value_count(std::int64_t values) const {
    if (values < 0 || static_cast<std::uint64_t>(values) > rows_ - row_) {
      fail(fmt::format("page holds {} values but only {} of the row group's {} rows remain", values,
                       rows_ - row_, rows_));
    }
  }

  void read_dictionary(const format::PageHeader& header, std::span<const std::uint8_t> body) {
    if (!header.__isset.dictionary_page_header) {
      fail("dictionary page without a dictionary page header");
    }
    if (has_dictionary_ || row_ > 0) {
      fail("dictionary page after the first data page");
    }
    const format::DictionaryPageHeader& dict = header.dictionary_page_header;
    const std::int32_t encoding = wire_value(dict.encoding);
    if (encoding != format::Encoding::PLAIN && encoding != format::Encoding::PLAIN_DICTIONARY) {
      fail(fmt::format("dictionary page encoding {} is not supported (PLAIN expected)",
                       describe(encoding)));
    }
    const std::span<const std::uint8_t> data =
        inflate(body, static_cast<std::size_t>(header.uncompressed_page_size));
    if (dict.num_values < 0) {
      fail(fmt::format("dictionary page holds {} values", dict.num_values));
    }
    const auto count = static_cast<std::size_t>(dict.num_values);
    const std::size_t min_width = column_.physical == PhysicalType::int32 ||
                                          column_.physical == PhysicalType::float32 ||
                                          column_.physical == PhysicalType::byte_array
                                      ? 4
                                      : 8;
    if (count > data.size() / min_width) {
      fail(fmt::format("dictionary page claims {} values in {} bytes", count, data.size()));
    }
    switch (column_.physical) {
      case PhysicalType::int32:
        dict_ints_.resize(count);
        decode_plain_int32(data, dict_ints_);
        fix_unsigned(dict_ints_);
        break;
      case PhysicalType::int64:
        dict_ints_.resize(count);
        decode_plain_int64(data, dict_ints_);
        fix_unsigned(dict_ints_);
        break;
      case PhysicalType::float32:
        dict_doubles_.resize(count);
        decode_plain_float(data, dict_doubles_);
        break;
      case PhysicalType::float64:
        dict_doubles_.resize(count);
        decode_plain_double(data, dict_doubles_);
        break;
      case PhysicalType::byte_array:
        dict_strings_.resize(count);
        decode_plain_byte_array(data, dict_strings_);
        break;
      default: fail(fmt::format("{} dictionaries are not supported", to_string(column_.physical)));
    }
    has_dictionary_ = true;
  }

  /// Definition levels of `count` values into levels_; returns how many are defined. For a
  /// REQUIRED column there are none and every value is defined.
  std::size_t decode_levels(std::span<const std::uint8_t> data, std::size_t count,
                            std::int32_t encoding, bool v1, std::size_t& used) {
    used = 0;
    if (column_.max_definition_level == 0) {
      return count;
    }
    levels_.resize(count);
    const int width = 1;  // max level 1: flat OPTIONAL columns only
    if (!v1 || encoding == format::Encoding::RLE) {
      std::span<const std::uint8_t> stream = data;
      if (v1) {
        if (data.size() < 4) {
          fail("definition levels: data ends inside the 4-byte length");
        }
        std::uint32_t length = 0;
        std::memcpy(&length, data.data(), 4);
        if (length > data.size() - 4) {
          fail(
              fmt::format("definition levels claim {} bytes, {} present", length, data.size() - 4));
        }
        stream = data.subspan(4, length);
        used = 4 + length;
      } else {
        used = data.size();
      }
      RleBitPackedDecoder decoder(stream, width);
      decoder.decode(std::span<std::uint8_t>(levels_));
    } else if (encoding == format::Encoding::BIT_PACKED) {
      used = decode_bit_packed_levels(data, width, levels_);
    } else {
      fail(fmt::format("definition level encoding {} is not supported", describe(encoding)));
    }
    std::size_t defined = 0;
    for (const std::uint8_t level : levels_) {
      if (level > 1) [[unlikely]] {
        fail(fmt::format("definition level {} exceeds the column's maximum 1", level));
      }
      defined += level;
    }
    return defined;
  }

  void read_data_v1(const format::PageHeader& header, std::span<const std::uint8_t> body) {
    if (!header.__isset.data_page_header) {
      fail("data page without a data page header");
    }
    const format::DataPageHeader& page = header.data_page_header;
    check_value_count(page.num_values);
    const auto count = static_cast<std::size_t>(page.num_values);
    const auto uncompressed = static_cast<std::size_t>(header.uncompressed_page_size);
    const std::int32_t encoding = wire_value(page.encoding);
    if (column_.max_definition_level == 0 && try_direct(encoding, body, uncompressed, count)) {
      return;
    }
    const std::span<const std::uint8_t> data = inflate(body, uncompressed);
    std::size_t used = 0;
    const std::size_t defined =
        decode_levels(data, count, wire_value(page.definition_level_encoding), true, used);
    store(encoding, data.subspan(used), count, defined, body.size() + data.size());
  }

  void read_data_v2(const format::PageHeader& header, std::span<const std::uint8_t> body) {
    if (!header.__isset.data_page_header_v2) {
      fail("data page v2 without a data page v2 header");
    }
    const format::DataPageHeaderV2& page = header.data_page_header_v2;
    check_value_count(page.num_values);
    const auto count = static_cast<std::size_t>(page.num_values);
    if (page.num_nulls < 0 || page.num_nulls > page.num_values) {
      fail(fmt::format("page records {} nulls among {} values", page.num_nulls, page.num_values));
    }
    if (page.repetition_levels_byte_length < 0 || page.definition_levels_byte_length < 0) {
      fail("negative level lengths");
    }
    const auto repetition = static_cast<std::size_t>(page.repetition_levels_byte_length);
    const auto definition = static_cast<std::size_t>(page.definition_levels_byte_length);
    const auto uncompressed = static_cast<std::size_t>(header.uncompressed_page_size);
    if (repetition > body.size() || definition > body.size() - repetition ||
        repetition + definition > uncompressed) {
      fail(fmt::format("level lengths {} + {} exceed the page ({} bytes)", repetition, definition,
                       std::min(body.size(), uncompressed)));
    }
    std::size_t defined = count;
    if (column_.max_definition_level > 0 && (definition > 0 || page.num_nulls > 0)) {
      std::size_t used = 0;
      defined = decode_levels(body.subspan(repetition, definition), count, format::Encoding::RLE,
                              false, used);
    } else if (column_.max_definition_level > 0) {
      levels_.assign(count, 1);  // no level bytes and no nulls: every value is present
    }
    const std::span<const std::uint8_t> values = body.subspan(repetition + definition);
    const std::size_t values_size = uncompressed - repetition - definition;
    if (!page.is_compressed || codec_ == Codec::uncompressed) {
      if (values.size() != values_size) {
        fail(fmt::format("uncompressed values of {} bytes record a size of {}", values.size(),
                         values_size));
      }
      store(wire_value(page.encoding), values, count, defined, body.size());
      return;
    }
    if (defined == count && try_direct(wire_value(page.encoding), values, values_size, count)) {
      if (out_.valid != nullptr) {
        std::fill_n(out_.valid + (row_ - count), count, std::uint8_t{1});
      }
      return;
    }
    check_ratio(values.size(), values_size);
    page_buffer_.resize(values_size);
    decompress(codec_, values, page_buffer_);
    store(wire_value(page.encoding), page_buffer_, count, defined, body.size() + values_size);
  }

  /// Decompress a PLAIN page of 8-byte values without nulls straight into the destination.
  bool try_direct(std::int32_t encoding, std::span<const std::uint8_t> compressed,
                  std::size_t uncompressed, std::size_t count) {
    if (encoding != format::Encoding::PLAIN || codec_ == Codec::uncompressed ||
        uncompressed != count * 8 || column_.is_unsigned) {
      return false;
    }
    std::uint8_t* target = nullptr;
    if (column_.physical == PhysicalType::int64 && out_.ints != nullptr) {
      target = reinterpret_cast<std::uint8_t*>(out_.ints + row_);
    } else if (column_.physical == PhysicalType::float64 && out_.doubles != nullptr) {
      target = reinterpret_cast<std::uint8_t*>(out_.doubles + row_);
    } else {
      return false;
    }
    check_ratio(compressed.size(), uncompressed);
    decompress(codec_, compressed, std::span<std::uint8_t>(target, uncompressed));
    if (out_.valid != nullptr && column_.max_definition_level == 0) {
      std::fill_n(out_.valid + row_, count, std::uint8_t{1});
    }
    row_ += count;
    return true;
  }

  void fix_unsigned(std::span<std::int64_t> values) const {
    if (!column_.is_unsigned) {
      return;
    }
    if (column_.physical == PhysicalType::int32) {
      for (auto& v : values) {
        v = static_cast<std::int64_t>(static_cast<std::uint32_t>(v));
      }
      return;
    }
    for (const auto v : values) {
      if (v < 0) {
        fail(fmt::format("unsigned value {} exceeds the int64 range",
                         static_cast<std::uint64_t>(v)));
      }
    }
  }

  void need_dictionary() const {
    if (!has_dictionary_) {
      fail("dictionary-encoded page without a dictionary page");
    }
  }

  [[noreturn]] void unsupported_encoding(std::int32_t encoding) const {
    fail(fmt::format("{} is not supported for {} columns", describe(encoding),
                     to_string(column_.physical)));
  }

  static bool is_dictionary(std::int32_t encoding) noexcept {
    return encoding == format::Encoding::RLE_DICTIONARY ||
           encoding == format::Encoding::PLAIN_DICTIONARY;
  }

  void decode_dense(std::int32_t encoding, std::span<const std::uint8_t> data,
                    std::span<std::int64_t> out) {
    const bool int32 = column_.physical == PhysicalType::int32;
    if (encoding == format::Encoding::PLAIN) {
      int32 ? decode_plain_int32(data, out) : decode_plain_int64(data, out);
    } else if (is_dictionary(encoding)) {
      need_dictionary();
      indices_.resize(out.size());
      decode_dictionary_indices(data, indices_);
      gather(dict_ints_, indices_, out);
      return;  // the dictionary is already unsigned-corrected
    } else if (encoding == format::Encoding::DELTA_BINARY_PACKED) {
      decode_delta_binary_packed(data, int32, out);
    } else if (encoding == format::Encoding::BYTE_STREAM_SPLIT) {
      int32 ? decode_byte_stream_split_int32(data, out) : decode_byte_stream_split_int64(data, out);
    } else {
      unsupported_encoding(encoding);
    }
    fix_unsigned(out);
  }

  void decode_dense(std::int32_t encoding, std::span<const std::uint8_t> data,
                    std::span<double> out) {
    const bool float32 = column_.physical == PhysicalType::float32;
    if (encoding == format::Encoding::PLAIN) {
      float32 ? decode_plain_float(data, out) : decode_plain_double(data, out);
    } else if (is_dictionary(encoding)) {
      need_dictionary();
      indices_.resize(out.size());
      decode_dictionary_indices(data, indices_);
      gather(dict_doubles_, indices_, out);
    } else if (encoding == format::Encoding::BYTE_STREAM_SPLIT) {
      float32 ? decode_byte_stream_split_float(data, out)
              : decode_byte_stream_split_double(data, out);
    } else {
      unsupported_encoding(encoding);
    }
  }

  void decode_dense(std::int32_t encoding, std::span<const std::uint8_t> data,
                    std::span<std::string> out, std::size_t page_bytes) {
    const std::size_t budget = page_bytes * k_max_string_expansion + k_string_allowance;
    if (encoding == format::Encoding::PLAIN) {
      decode_plain_byte_array(data, out);
    } else if (is_dictionary(encoding)) {
      need_dictionary();
      indices_.resize(out.size());
      decode_dictionary_indices(data, indices_);
      gather(dict_strings_, indices_, out, budget);
    } else if (encoding == format::Encoding::DELTA_LENGTH_BYTE_ARRAY) {
      decode_delta_length_byte_array(data, out);
    } else if (encoding == format::Encoding::DELTA_BYTE_ARRAY) {
      decode_delta_byte_array(data, out, budget);
    } else {
      unsupported_encoding(encoding);
    }
  }

  /// Spread `dense` (the defined values) over `count` rows at `dst` following levels_.
  template <class Dense, class Out, class Convert>
  void scatter(std::span<Dense> dense, Out* dst, std::size_t count, Out null_value,
               Convert convert) {
    if (dense.size() == count) {
      for (std::size_t i = 0; i < count; ++i) {
        dst[i] = convert(std::move(dense[i]));
      }
      return;
    }
    std::size_t j = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (levels_[i] != 0) {
        dst[i] = convert(std::move(dense[j++]));
      } else {
        dst[i] = null_value;
      }
    }
  }

  /// Decode the values of a data page (`defined` of `count` rows have one) into the output.
  void store(std::int32_t encoding, std::span<const std::uint8_t> data, std::size_t count,
             std::size_t defined, std::size_t page_bytes) {
    const bool dense_out = defined == count;
    const auto identity = [](auto&& v) { return std::move(v); };
    switch (domain_) {
      case Domain::ints:
        if (out_.ints != nullptr && dense_out) {
          decode_dense(encoding, data, std::span<std::int64_t>(out_.ints + row_, count));
        } else {
          dense_ints_.resize(defined);
          decode_dense(encoding, data, std::span<std::int64_t>(dense_ints_));
          if (out_.ints != nullptr) {
            scatter(std::span<std::int64_t>(dense_ints_), out_.ints + row_, count, std::int64_t{0},
                    identity);
          } else {
            QBT_CHECK(out_.doubles != nullptr);
            scatter(std::span<std::int64_t>(dense_ints_), out_.doubles + row_, count, k_nan,
                    [](std::int64_t v) { return static_cast<double>(v); });
          }
        }
        break;
      case Domain::doubles:
        QBT_CHECK(out_.doubles != nullptr);
        if (dense_out) {
          decode_dense(encoding, data, std::span<double>(out_.doubles + row_, count));
        } else {
          dense_doubles_.resize(defined);
          decode_dense(encoding, data, std::span<double>(dense_doubles_));
          scatter(std::span<double>(dense_doubles_), out_.doubles + row_, count, k_nan, identity);
        }
        break;
      case Domain::strings:
        QBT_CHECK(out_.strings != nullptr);
        if (dense_out) {
          decode_dense(encoding, data, std::span<std::string>(out_.strings + row_, count),
                       page_bytes);
        } else {
          dense_strings_.resize(defined);
          decode_dense(encoding, data, std::span<std::string>(dense_strings_), page_bytes);
          scatter(std::span<std::string>(dense_strings_), out_.strings + row_, count, std::string(),
                  identity);
        }
        break;
    }
    if (out_.valid != nullptr) {
      if (dense_out) {
        std::fill_n(out_.valid + row_, count, std::uint8_t{1});
      } else {
        std::copy_n(levels_.data(), count, out_.valid + row_);
      }
    }
    nulls_ += count - defined;
    row_ += count;
  }

  std::span<const std::uint8_t> chunk_;
  const ColumnDescriptor& column_;
  Codec codec_;
  std::size_t rows_;
  ChunkOutput out_;
  Domain domain_;

  std::size_t pos_ = 0;
  int page_ = -1;
  std::size_t row_ = 0;
  std::size_t nulls_ = 0;

  bool has_dictionary_ = false;
  std::vector<std::int64_t> dict_ints_;
  std::vector<double> dict_doubles_;
  std::vector<std::string> dict_strings_;

  std::vector<std::uint8_t> page_buffer_;
  std::vector<std::uint8_t> levels_;
  std::vector<std::uint32_t> indices_;
  std::vector<std::int64_t> dense_ints_;
  std::vector<double> dense_doubles_;
  std::vector<std::string> dense_strings_;
};

}  // namespace

std::size_t read_column_chunk(std::span<const std::uint8_t> file, const FileMetadata& meta,
                              std::size_t row_group, std::size_t column, const ChunkOutput& out) {
  const ColumnDescriptor& descriptor = meta.columns[column];
  const RowGroupInfo& group = meta.row_groups[row_group];
  const ColumnChunkInfo& chunk = group.chunks[column];
  const auto prefix = [&](int page) {
    return page < 0 ? fmt::format("{}: row group {}, column '{}': ", meta.path, row_group,
                                  descriptor.name)
                    : fmt::format("{}: row group {}, column '{}', page {}: ", meta.path, row_group,
                                  descriptor.name, page);
  };
  if (!descriptor.unsupported.empty()) {
    throw DataError(prefix(-1) + descriptor.unsupported);
  }
  QBT_CHECK(!descriptor.nullable || out.valid != nullptr);
  QBT_CHECK(chunk.offset + chunk.size <= file.size());
  Codec codec = Codec::uncompressed;
  try {
    codec = codec_from_parquet_id(chunk.codec_id);
  } catch (const DataError& e) {
    throw DataError(prefix(-1) + e.message());
  }
  ChunkReader reader(
      file.subspan(static_cast<std::size_t>(chunk.offset), static_cast<std::size_t>(chunk.size)),
      descriptor, codec, static_cast<std::size_t>(group.rows), out);
  try {
    return reader.read();
  } catch (const DataError& e) {
    throw DataError(prefix(reader.page()) + e.message());
  }
}

}  // namespace qbt::data::parquet
