// The Parquet writer: byte layout and metadata checked field by field against the format
// (apache/parquet-format, README.md and parquet.thrift), page bodies checked against the input
// bytes, statistics against values computed here, and round trips through the reader for every
// option combination. tests/parquet_interop/ has DuckDB, arrow-rs and hyparquet read the files.

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include "qbt/core/error.hpp"
#include "qbt/core/version.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/data/parquet/parquet_reader.hpp"
#include "qbt/data/parquet/parquet_writer.hpp"
#include "qbt/data/parquet/thrift_io.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::data::parquet {
namespace {

using ::testing::HasSubstr;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::span<const std::uint8_t> bytes(const std::string& s, std::size_t offset = 0,
                                    std::size_t length = std::string::npos) {
  const std::size_t n = std::min(length, s.size() - offset);
  return {reinterpret_cast<const std::uint8_t*>(s.data()) + offset, n};
}

template <typename T>
T load(const std::string& s) {
  T value;
  EXPECT_EQ(s.size(), sizeof(T));
  std::memcpy(&value, s.data(), sizeof(T));
  return value;
}

/// A file's footer, parsed as the format describes: ... <metadata> <u32 length> "PAR1".
format::FileMetaData footer_of(const std::string& file) {
  EXPECT_GE(file.size(), 12U);
  EXPECT_EQ(file.substr(0, 4), "PAR1");
  EXPECT_EQ(file.substr(file.size() - 4), "PAR1");
  std::uint32_t length = 0;
  std::memcpy(&length, file.data() + file.size() - 8, 4);
  EXPECT_LE(length + 12U, file.size());
  format::FileMetaData meta;
  const std::size_t start = file.size() - 8 - length;
  EXPECT_EQ(deserialize(bytes(file, start, length), meta, "footer"), length);
  return meta;
}

struct Page {
  format::PageHeader header;
  std::string body;  ///< decompressed
};

/// Every page of a column chunk, walked from its first page through total_compressed_size.
std::vector<Page> pages_of(const std::string& file, const format::ColumnChunk& chunk) {
  const format::ColumnMetaData& meta = chunk.meta_data;
  std::size_t at = static_cast<std::size_t>(
      meta.__isset.dictionary_page_offset ? meta.dictionary_page_offset : meta.data_page_offset);
  const std::size_t end = at + static_cast<std::size_t>(meta.total_compressed_size);
  std::vector<Page> pages;
  std::int64_t uncompressed = 0;
  while (at < end) {
    Page page;
    const std::size_t header_bytes = deserialize(bytes(file, at, end - at), page.header, "page");
    at += header_bytes;
    page.body.resize(static_cast<std::size_t>(page.header.uncompressed_page_size));
    decompress(codec_from_parquet_id(meta.codec),
               bytes(file, at, static_cast<std::size_t>(page.header.compressed_page_size)),
               {reinterpret_cast<std::uint8_t*>(page.body.data()), page.body.size()});
    at += static_cast<std::size_t>(page.header.compressed_page_size);
    uncompressed += static_cast<std::int64_t>(header_bytes) + page.header.uncompressed_page_size;
    pages.push_back(std::move(page));
  }
  EXPECT_EQ(at, end);
  EXPECT_EQ(uncompressed, meta.total_uncompressed_size);
  return pages;
}

BarFrame goog() {
  CsvOptions options;
  options.symbol = "GOOG";
  return read_csv(qbt::testing::source_path("data/backtestingpy/GOOG.csv"), options).frame;
}

ColumnView double_view(std::string name, std::span<const double> values,
                       std::span<const std::uint8_t> valid = {}) {
  ColumnView view;
  view.name = std::move(name);
  view.kind = ColumnKind::float64;
  view.doubles = values;
  view.valid = valid;
  return view;
}

ColumnView int_view(std::string name, ColumnKind kind, std::span<const std::int64_t> values) {
  ColumnView view;
  view.name = std::move(name);
  view.kind = kind;
  view.ints = values;
  return view;
}

ColumnView string_column(std::string name, std::span<const std::string> values) {
  ColumnView view;
  view.name = std::move(name);
  view.kind = ColumnKind::string;
  view.strings = values;
  return view;
}

template <typename F>
std::string user_error(F&& f) {
  try {
    f();
  } catch (const UserInputError& e) {
    return e.what();
  }
  return "(no UserInputError thrown)";
}

class ParquetWriter : public ::testing::Test {
 protected:
  qbt::testing::TempDir dir_;
  BarFrame goog_ = goog();
};

TEST_F(ParquetWriter, LayoutAndMetadataFollowTheFormat) {
  ASSERT_EQ(goog_.size(), 2148U);
  ParquetWriteOptions options;
  options.codec = Codec::uncompressed;
  const std::string path = dir_.file("goog.parquet");
  write_parquet(goog_, path, options);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  const std::string file = read_file(path);
  const format::FileMetaData meta = footer_of(file);

  EXPECT_EQ(meta.version, 1);
  EXPECT_EQ(meta.num_rows, 2148);
  EXPECT_EQ(meta.created_by, std::string("qbt version ") + qbt::version());
  ASSERT_EQ(meta.key_value_metadata.size(), 2U);
  EXPECT_EQ(meta.key_value_metadata[0].key, "qbt.symbol");
  EXPECT_EQ(meta.key_value_metadata[0].value, "GOOG");
  EXPECT_EQ(meta.key_value_metadata[1].key, "qbt.frequency");
  EXPECT_EQ(meta.key_value_metadata[1].value, goog_.frequency().to_string());

  ASSERT_EQ(meta.schema.size(), 7U);
  EXPECT_EQ(meta.schema[0].num_children, 6);
  EXPECT_FALSE(meta.schema[0].__isset.type);
  const format::SchemaElement& ts = meta.schema[1];
  EXPECT_EQ(ts.name, "ts");
  EXPECT_EQ(ts.type, format::Type::INT64);
  EXPECT_EQ(ts.repetition_type, format::FieldRepetitionType::REQUIRED);
  ASSERT_TRUE(ts.__isset.logicalType && ts.logicalType.__isset.TIMESTAMP);
  EXPECT_TRUE(ts.logicalType.TIMESTAMP.isAdjustedToUTC);
  EXPECT_TRUE(ts.logicalType.TIMESTAMP.unit.__isset.NANOS);
  EXPECT_FALSE(ts.__isset.converted_type);  // TIMESTAMP(NANOS) has no converted type
  const char* names[] = {"open", "high", "low", "close", "volume"};
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(meta.schema[2 + k].name, names[k]);
    EXPECT_EQ(meta.schema[2 + k].type, format::Type::DOUBLE);
    EXPECT_EQ(meta.schema[2 + k].repetition_type, format::FieldRepetitionType::REQUIRED);
    EXPECT_FALSE(meta.schema[2 + k].__isset.logicalType);
  }
  ASSERT_EQ(meta.column_orders.size(), 6U);
  for (const auto& order : meta.column_orders) EXPECT_TRUE(order.__isset.TYPE_ORDER);

  ASSERT_EQ(meta.row_groups.size(), 1U);
  const format::RowGroup& group = meta.row_groups[0];
  EXPECT_EQ(group.num_rows, 2148);
  EXPECT_EQ(group.ordinal, 0);
  EXPECT_EQ(group.file_offset, 4);
  ASSERT_EQ(group.columns.size(), 6U);
  std::int64_t at = 4;  // chunks follow the magic and each other without gaps
  std::int64_t uncompressed = 0;
  for (std::size_t c = 0; c < 6; ++c) {
    const format::ColumnChunk& chunk = group.columns[c];
    const format::ColumnMetaData& m = chunk.meta_data;
    EXPECT_EQ(chunk.file_offset, 0);  // deprecated; 0 when no metadata sits outside the footer
    EXPECT_EQ(m.data_page_offset, at);
    EXPECT_FALSE(m.__isset.dictionary_page_offset);  // distinct prices: no dictionary pays
    EXPECT_EQ(m.path_in_schema, std::vector<std::string>{meta.schema[1 + c].name});
    EXPECT_EQ(m.type, meta.schema[1 + c].type);
    EXPECT_EQ(m.codec, format::CompressionCodec::UNCOMPRESSED);
    EXPECT_EQ(m.num_values, 2148);
    EXPECT_EQ(m.encodings, std::vector<format::Encoding::type>{format::Encoding::PLAIN});
    EXPECT_EQ(m.total_compressed_size, m.total_uncompressed_size);
    const auto pages = pages_of(file, chunk);
    ASSERT_EQ(pages.size(), 1U);
    const format::PageHeader& header = pages[0].header;
    EXPECT_EQ(header.type, format::PageType::DATA_PAGE);
    EXPECT_EQ(header.data_page_header.num_values, 2148);
    EXPECT_EQ(header.data_page_header.encoding, format::Encoding::PLAIN);
    // REQUIRED columns carry no levels: the body is the column's bytes, bit for bit.
    const void* source = c == 0 ? static_cast<const void*>(goog_.timestamps().data())
                                : static_cast<const void*>(goog_.field(k_fields[c - 1]).data());
    ASSERT_EQ(pages[0].body.size(), 2148U * 8);
    EXPECT_EQ(std::memcmp(pages[0].body.data(), source, pages[0].body.size()), 0) << names[c];
    ASSERT_EQ(m.encoding_stats.size(), 1U);
    EXPECT_EQ(m.encoding_stats[0].page_type, format::PageType::DATA_PAGE);
    EXPECT_EQ(m.encoding_stats[0].count, 1);
    at += m.total_compressed_size;
    uncompressed += m.total_uncompressed_size;
  }
  EXPECT_EQ(group.total_byte_size, uncompressed);
  EXPECT_EQ(group.total_compressed_size, at - 4);
  std::uint32_t footer_length = 0;
  std::memcpy(&footer_length, file.data() + file.size() - 8, 4);
  EXPECT_EQ(static_cast<std::size_t>(at) + footer_length + 8, file.size());
}

TEST_F(ParquetWriter, ChunkStatisticsMatchTheData) {
  write_parquet(goog_, dir_.file("goog.parquet"));
  const format::FileMetaData meta = footer_of(read_file(dir_.file("goog.parquet")));
  const auto& columns = meta.row_groups[0].columns;
  const auto& ts_stats = columns[0].meta_data.statistics;
  EXPECT_EQ(load<std::int64_t>(ts_stats.min_value), goog_.timestamps().front());
  EXPECT_EQ(load<std::int64_t>(ts_stats.max_value), goog_.timestamps().back());
  EXPECT_EQ(ts_stats.null_count, 0);
  for (std::size_t k = 0; k < 5; ++k) {
    const auto values = goog_.field(k_fields[k]);
    const auto& stats = columns[1 + k].meta_data.statistics;
    EXPECT_EQ(load<double>(stats.min_value), *std::min_element(values.begin(), values.end()));
    EXPECT_EQ(load<double>(stats.max_value), *std::max_element(values.begin(), values.end()));
    // Numbers sort the same signed way under the deprecated fields, so both are written.
    EXPECT_EQ(stats.min, stats.min_value);
    EXPECT_EQ(stats.max, stats.max_value);
    EXPECT_EQ(stats.null_count, 0);
  }
}

TEST_F(ParquetWriter, StatisticsFollowTheNanAndZeroRules) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> zero_min{0.0, 5.0, nan};
  const std::vector<double> zero_max{-3.0, nan, -0.0};
  const std::vector<double> all_nan{nan, nan, nan};
  const std::vector<double> with_nulls{2.0, 123.0, -7.5};
  const std::vector<std::uint8_t> valid{1, 0, 1};
  const std::vector<std::string> strings{"b", "\xc3\xa9", "Z"};
  const std::vector<std::int64_t> int32s{-5, 70000, 3};
  const std::vector<ColumnView> columns{
      double_view("zero_min", zero_min), double_view("zero_max", zero_max),
      double_view("all_nan", all_nan),   double_view("with_nulls", with_nulls, valid),
      string_column("s", strings),       int_view("i", ColumnKind::int32, int32s)};
  ParquetWriteOptions options;
  options.dictionary = false;
  write_parquet_table(columns, dir_.file("t.parquet"), options);
  const auto meta = footer_of(read_file(dir_.file("t.parquet")));
  const auto stats = [&](std::size_t c) {
    return meta.row_groups[0].columns[c].meta_data.statistics;
  };

  // A zero minimum is written as -0.0, a zero maximum as +0.0; NaN never enters min or max.
  EXPECT_EQ(std::bit_cast<std::uint64_t>(load<double>(stats(0).min_value)),
            std::bit_cast<std::uint64_t>(-0.0));
  EXPECT_EQ(load<double>(stats(0).max_value), 5.0);
  EXPECT_EQ(load<double>(stats(1).min_value), -3.0);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(load<double>(stats(1).max_value)), 0U);
  EXPECT_FALSE(stats(2).__isset.min_value || stats(2).__isset.max_value);
  EXPECT_EQ(stats(2).null_count, 0);
  // The null row's value (123) is not a value.
  EXPECT_EQ(load<double>(stats(3).min_value), -7.5);
  EXPECT_EQ(load<double>(stats(3).max_value), 2.0);
  EXPECT_EQ(stats(3).null_count, 1);
  EXPECT_EQ(meta.schema[4].repetition_type, format::FieldRepetitionType::OPTIONAL);
  // Strings compare as unsigned bytes: "Z" (0x5a) < "b" (0x62) < "é" (0xc3 0xa9). Only the
  // min_value/max_value fields: the deprecated ones used signed bytes.
  EXPECT_EQ(stats(4).min_value, "Z");
  EXPECT_EQ(stats(4).max_value, "\xc3\xa9");
  EXPECT_FALSE(stats(4).__isset.min);
  EXPECT_EQ(meta.schema[5].converted_type, format::ConvertedType::UTF8);
  EXPECT_TRUE(meta.schema[5].logicalType.__isset.STRING);
  // INT32 statistics are 4 bytes.
  EXPECT_EQ(load<std::int32_t>(stats(5).min_value), -5);
  EXPECT_EQ(load<std::int32_t>(stats(5).max_value), 70000);
  EXPECT_EQ(meta.schema[6].type, format::Type::INT32);
}

TEST_F(ParquetWriter, DictionaryWhenItPaysPlainOtherwise) {
  // 300 rows of whole-dollar closes (few distinct values) and of the raw closes (all distinct).
  const std::size_t n = 300;
  std::vector<double> whole(n);
  for (std::size_t i = 0; i < n; ++i) whole[i] = std::round(goog_.close()[i]);
  const std::vector<double> raw(goog_.close().begin(), goog_.close().begin() + n);
  std::vector<std::string> symbols(n, "GOOG");
  for (std::size_t i = 0; i < n; i += 3) symbols[i] = "AAPL";
  const std::vector<ColumnView> columns{double_view("whole", whole), double_view("raw", raw),
                                        string_column("symbol", symbols)};
  write_parquet_table(columns, dir_.file("d.parquet"));
  const std::string file = read_file(dir_.file("d.parquet"));
  const auto meta = footer_of(file);
  const auto& chunks = meta.row_groups[0].columns;

  for (std::size_t c : {std::size_t{0}, std::size_t{2}}) {
    const format::ColumnMetaData& m = chunks[c].meta_data;
    ASSERT_TRUE(m.__isset.dictionary_page_offset) << c;
    EXPECT_EQ(m.dictionary_page_offset, c == 0 ? 4
                                               : chunks[c - 1].meta_data.data_page_offset +
                                                     chunks[c - 1].meta_data.total_compressed_size);
    EXPECT_GT(m.data_page_offset, m.dictionary_page_offset);
    EXPECT_EQ(m.encodings, (std::vector<format::Encoding::type>{format::Encoding::PLAIN,
                                                                format::Encoding::RLE_DICTIONARY}));
    ASSERT_EQ(m.encoding_stats.size(), 2U);
    EXPECT_EQ(m.encoding_stats[0].page_type, format::PageType::DICTIONARY_PAGE);
    EXPECT_EQ(m.encoding_stats[1].encoding, format::Encoding::RLE_DICTIONARY);
    const auto pages = pages_of(file, chunks[c]);
    ASSERT_EQ(pages.size(), 2U);
    EXPECT_EQ(pages[0].header.type, format::PageType::DICTIONARY_PAGE);
    EXPECT_EQ(pages[0].header.dictionary_page_header.encoding, format::Encoding::PLAIN);
    EXPECT_EQ(pages[1].header.data_page_header.encoding, format::Encoding::RLE_DICTIONARY);
    EXPECT_EQ(meta.schema[1 + c].repetition_type, format::FieldRepetitionType::REQUIRED);
  }
  // The symbol dictionary, PLAIN: first-seen order.
  const auto symbol_pages = pages_of(file, chunks[2]);
  EXPECT_EQ(symbol_pages[0].header.dictionary_page_header.num_values, 2);
  EXPECT_EQ(symbol_pages[0].body, std::string("\x04\0\0\0AAPL\x04\0\0\0GOOG", 16));
  EXPECT_EQ(symbol_pages[1].body[0], 1);  // index bit width
  EXPECT_FALSE(chunks[1].meta_data.__isset.dictionary_page_offset);
}

TEST_F(ParquetWriter, DictionaryFallsBackBeyondOneMebibyte) {
  // Every value four (eight) times in a row: a dictionary pays at every size, but 200'000
  // distinct doubles need 1.6 MB of dictionary, beyond the 1 MiB limit; 100'000 need 0.8 MB.
  std::vector<double> values(800'000);
  std::vector<double> small(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<double>(i / 4) + 0.25;
    small[i] = static_cast<double>(i / 8) + 0.25;
  }
  const std::vector<ColumnView> columns{double_view("big", values), double_view("small", small)};
  write_parquet_table(columns, dir_.file("big.parquet"));
  const auto meta = footer_of(read_file(dir_.file("big.parquet")));
  EXPECT_FALSE(meta.row_groups[0].columns[0].meta_data.__isset.dictionary_page_offset);
  EXPECT_TRUE(meta.row_groups[0].columns[1].meta_data.__isset.dictionary_page_offset);
}

TEST_F(ParquetWriter, RowGroupsAndPagesAreSplitAsAsked) {
  ParquetWriteOptions options;
  options.row_group_rows = 1000;
  options.page_bytes = 4096;  // 512 values of 8 bytes
  write_parquet(goog_, dir_.file("g.parquet"), options);
  const std::string file = read_file(dir_.file("g.parquet"));
  const auto meta = footer_of(file);
  ASSERT_EQ(meta.row_groups.size(), 3U);
  const std::int64_t rows[] = {1000, 1000, 148};
  const std::size_t pages[] = {2, 2, 1};
  for (std::size_t g = 0; g < 3; ++g) {
    EXPECT_EQ(meta.row_groups[g].num_rows, rows[g]);
    EXPECT_EQ(meta.row_groups[g].ordinal, static_cast<std::int16_t>(g));
    EXPECT_EQ(meta.row_groups[g].file_offset,
              meta.row_groups[g].columns[0].meta_data.data_page_offset);
    for (const auto& chunk : meta.row_groups[g].columns) {
      const auto chunk_pages = pages_of(file, chunk);
      EXPECT_EQ(chunk_pages.size(), pages[g]);
      std::int64_t values = 0;
      for (const Page& page : chunk_pages) values += page.header.data_page_header.num_values;
      EXPECT_EQ(values, rows[g]);
      EXPECT_EQ(chunk.meta_data.num_values, rows[g]);
    }
  }
  // Statistics are per row group.
  const auto& last_ts = meta.row_groups[2].columns[0].meta_data.statistics;
  EXPECT_EQ(load<std::int64_t>(last_ts.min_value), goog_.timestamps()[2000]);
}

TEST_F(ParquetWriter, BytesDoNotDependOnTheThreadCount) {
  ParquetWriteOptions options;
  options.row_group_rows = 300;
  options.codec = Codec::zstd;
  const std::vector<BarFrame> frames{goog_, goog_.slice(100, 900)};
  std::vector<BarFrame> named = frames;
  named[1].set_symbol("GOOG2");
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    write_parquet(goog_, dir_.file("one.parquet"), options);
    write_parquet_panel(named, dir_.file("one_long.parquet"), options);
  }
  write_parquet(goog_, dir_.file("many.parquet"), options);
  write_parquet_panel(named, dir_.file("many_long.parquet"), options);
  EXPECT_EQ(read_file(dir_.file("one.parquet")), read_file(dir_.file("many.parquet")));
  EXPECT_EQ(read_file(dir_.file("one_long.parquet")), read_file(dir_.file("many_long.parquet")));
}

TEST_F(ParquetWriter, RoundTripsBitIdenticalForEveryOptionCombination) {
  int written = 0;
  for (Codec codec :
       {Codec::uncompressed, Codec::snappy, Codec::gzip, Codec::zstd, Codec::lz4_raw}) {
    for (bool dictionary : {false, true}) {
      for (std::size_t group_rows : {std::size_t{700}, std::size_t{1'048'576}}) {
        for (bool alternative_encodings : {false, true}) {
          ParquetWriteOptions options;
          options.codec = codec;
          options.dictionary = dictionary;
          options.row_group_rows = group_rows;
          options.page_bytes = 2000;
          options.delta_integers = alternative_encodings;
          options.byte_stream_split = alternative_encodings;
          const std::string path = dir_.file("rt.parquet");
          write_parquet(goog_, path, options);
          const BarFrame back = read_parquet_bars(path).frame;
          EXPECT_TRUE(back.same_bars(goog_))
              << to_string(codec) << " dictionary " << dictionary << " rows " << group_rows
              << " delta/bss " << alternative_encodings;
          ++written;
        }
      }
    }
  }
  EXPECT_EQ(written, 40);
}

TEST_F(ParquetWriter, SymbolRoundTripsThroughTheQbtKeyUnlessTheCallerNamesOne) {
  BarFrame named = goog_;
  named.set_symbol("GOOG.O");
  const std::string path = dir_.file("other-name.parquet");
  write_parquet(named, path);
  EXPECT_EQ(read_parquet_bars(path).frame.symbol(), "GOOG.O");
  ParquetReadOptions options;
  options.symbol = "ALIAS";
  EXPECT_EQ(read_parquet_bars(path, options).frame.symbol(), "ALIAS");
  named.set_symbol("");
  write_parquet(named, path);
  EXPECT_EQ(read_parquet_bars(path).frame.symbol(), "other-name");
}

TEST_F(ParquetWriter, Float32PricesRoundToNearestFloat) {
  ParquetWriteOptions options;
  options.float32_prices = true;
  write_parquet(goog_, dir_.file("f.parquet"), options);
  const auto meta = footer_of(read_file(dir_.file("f.parquet")));
  for (int k = 0; k < 4; ++k) EXPECT_EQ(meta.schema[2 + k].type, format::Type::FLOAT);
  EXPECT_EQ(meta.schema[6].type, format::Type::DOUBLE);  // volume keeps its precision
  EXPECT_EQ(load<float>(meta.row_groups[0].columns[4].meta_data.statistics.max_value),
            static_cast<float>(*std::max_element(goog_.close().begin(), goog_.close().end())));

  const BarFrame back = read_parquet_bars(dir_.file("f.parquet")).frame;
  ASSERT_EQ(back.size(), goog_.size());
  for (std::size_t i = 0; i < goog_.size(); ++i) {
    for (Field f : k_fields) {
      const double want = f == Field::volume
                              ? goog_.field(f)[i]
                              : static_cast<double>(static_cast<float>(goog_.field(f)[i]));
      ASSERT_EQ(back.field(f)[i], want) << to_string(f) << " row " << i;
    }
  }
}

TEST_F(ParquetWriter, LongFormatRoundTripsPerSymbol) {
  BarFrame tenth;
  {
    BarFrameBuilder builder("GOOG10", goog_.frequency());
    for (std::size_t i = 0; i < goog_.size(); i += 2) {
      builder.append(goog_.timestamps()[i] + (i % 4 == 0 ? 0 : 3600'000'000'000),
                     goog_.open()[i] / 10, goog_.high()[i] / 10, goog_.low()[i] / 10,
                     goog_.close()[i] / 10, goog_.volume()[i]);
    }
    tenth = builder.finish();
  }
  const std::vector<BarFrame> frames{tenth, goog_};
  write_parquet_panel(frames, dir_.file("long.parquet"));
  const auto meta = footer_of(read_file(dir_.file("long.parquet")));
  EXPECT_EQ(meta.num_rows, static_cast<std::int64_t>(goog_.size() + tenth.size()));
  EXPECT_EQ(meta.schema[2].name, "symbol");
  EXPECT_TRUE(meta.row_groups[0].columns[1].meta_data.__isset.dictionary_page_offset);

  const auto back = read_parquet_symbols(dir_.file("long.parquet"));
  ASSERT_EQ(back.size(), 2U);
  EXPECT_EQ(back[0].symbol(), "GOOG10");  // first row: same instant, GOOG10 comes first
  EXPECT_TRUE(back[0].same_bars(tenth));
  EXPECT_EQ(back[1].symbol(), "GOOG");
  EXPECT_TRUE(back[1].same_bars(goog_));

  // The table view shows the row order: by time, then by the order of the frames.
  const Table table = ParquetFile::open(dir_.file("long.parquet")).read_table();
  const auto& ts = table.columns[table.find("ts")].ints;
  const auto& symbol = table.columns[table.find("symbol")].strings;
  for (std::size_t r = 1; r < table.rows; ++r) {
    ASSERT_TRUE(ts[r - 1] < ts[r] || (ts[r - 1] == ts[r] && symbol[r - 1] == "GOOG10"))
        << "row " << r;
  }
}

TEST_F(ParquetWriter, PanelWritesOnlyRealBars) {
  const BarPanel panel = BarPanel::align({goog_.slice(0, 10), [&] {
                                            BarFrame f = goog_.slice(5, 20);
                                            f.set_symbol("LATE");
                                            return f;
                                          }()});
  write_parquet_panel(panel, dir_.file("panel.parquet"));
  const auto back = read_parquet_symbols(dir_.file("panel.parquet"));
  ASSERT_EQ(back.size(), 2U);
  EXPECT_TRUE(back[0].same_bars(goog_.slice(0, 10)));
  EXPECT_TRUE(back[1].same_bars(goog_.slice(5, 20)));
}

TEST_F(ParquetWriter, GenericTableRoundTripsWithNulls) {
  const std::vector<std::int64_t> ints{1, -2, 3, 2'000'000'000, -4};
  const std::vector<double> doubles{0.5, -0.0, std::numeric_limits<double>::quiet_NaN(), 1e300, 7};
  const std::vector<std::uint8_t> valid{1, 1, 1, 0, 1};
  const std::vector<std::string> strings{"x", "", "GOOG", "x", "\xe6\x97\xa5"};
  std::vector<ColumnView> columns{
      int_view("i32", ColumnKind::int32, ints), int_view("i64", ColumnKind::int64, ints),
      double_view("d", doubles, valid), double_view("f", doubles), string_column("s", strings)};
  columns[3].kind = ColumnKind::float32;
  columns[4].valid = valid;
  write_parquet_table(columns, dir_.file("t.parquet"), {}, {{"k", "v"}});
  ParquetReadOptions read;
  read.nulls = NullPolicy::nan;
  const ParquetFile file = ParquetFile::open(dir_.file("t.parquet"));
  EXPECT_EQ(file.key_value("k"), "v");
  const Table table = file.read_table(read);
  ASSERT_EQ(table.rows, 5U);
  EXPECT_EQ(table.columns[0].kind, ColumnKind::int32);
  EXPECT_EQ(table.columns[0].ints, ints);
  EXPECT_EQ(table.columns[1].ints, ints);
  EXPECT_EQ(table.columns[2].valid, valid);
  EXPECT_EQ(table.columns[4].valid, valid);
  for (std::size_t r = 0; r < 5; ++r) {
    if (valid[r] != 0) {
      EXPECT_EQ(std::bit_cast<std::uint64_t>(table.columns[2].doubles[r]),
                std::bit_cast<std::uint64_t>(doubles[r]));
      EXPECT_EQ(table.columns[4].strings[r], strings[r]);
    }
    const auto f = static_cast<float>(doubles[r]);
    EXPECT_EQ(std::bit_cast<std::uint64_t>(table.columns[3].doubles[r]),
              std::bit_cast<std::uint64_t>(static_cast<double>(f)));
  }
}

TEST_F(ParquetWriter, EmptyFrameGivesAValidFileWithoutRowGroups) {
  write_parquet(BarFrame(), dir_.file("empty.parquet"));
  const auto meta = footer_of(read_file(dir_.file("empty.parquet")));
  EXPECT_EQ(meta.num_rows, 0);
  EXPECT_TRUE(meta.row_groups.empty());
  EXPECT_EQ(meta.schema.size(), 7U);
}

TEST_F(ParquetWriter, BadArgumentsAreClearErrors) {
  const std::vector<double> three{1, 2, 3};
  const std::vector<double> two{1, 2};
  const std::vector<std::int64_t> big{1, 5'000'000'000, 3};
  const std::vector<std::uint8_t> short_valid{1, 1};
  const auto write = [&](std::vector<ColumnView> columns, ParquetWriteOptions options = {}) {
    return user_error([&] { write_parquet_table(columns, dir_.file("bad.parquet"), options); });
  };
  EXPECT_THAT(write({double_view("a", three), double_view("b", two)}),
              HasSubstr("column 'b' has 2 rows but column 'a' has 3"));
  EXPECT_THAT(write({double_view("", three)}), HasSubstr("non-empty name"));
  EXPECT_THAT(write({double_view("a", three), double_view("a", three)}),
              HasSubstr("duplicate column name 'a'"));
  EXPECT_THAT(write({int_view("n", ColumnKind::int32, big)}),
              HasSubstr("column 'n': value 5000000000 at row 2 does not fit INT32"));
  EXPECT_THAT(write({double_view("a", three, short_valid)}),
              HasSubstr("2 validity flags for 3 rows"));
  EXPECT_THAT(write({}), HasSubstr("without columns"));
  ParquetWriteOptions options;
  options.row_group_rows = 0;
  EXPECT_THAT(write({double_view("a", three)}, options), HasSubstr("row group size 0"));
  options = {};
  options.codec = Codec::gzip;
  options.compression_level = 12;
  EXPECT_THAT(write({double_view("a", three)}, options), HasSubstr("compression level 12"));
  options = {};
  options.codec = static_cast<Codec>(42);
  EXPECT_THAT(write({double_view("a", three)}, options), HasSubstr("unknown compression codec"));
  options = {};
  options.page_bytes = 0;
  EXPECT_THAT(write({double_view("a", three)}, options), HasSubstr("page size 0"));
  EXPECT_THAT(user_error([&] {
                const std::vector<ColumnView> columns{double_view("a", three)};
                write_parquet_table(columns, dir_.file("bad.parquet"), {}, {{"", "v"}});
              }),
              HasSubstr("needs a key"));
  EXPECT_FALSE(std::filesystem::exists(dir_.file("bad.parquet")));
  EXPECT_FALSE(std::filesystem::exists(dir_.file("bad.parquet.tmp")));

  std::vector<BarFrame> frames{goog_.slice(0, 3), goog_.slice(3, 6)};
  EXPECT_THAT(user_error([&] { write_parquet_panel(frames, dir_.file("p.parquet")); }),
              HasSubstr("symbol 'GOOG' appears in more than one frame"));
  frames[1].set_symbol("");
  EXPECT_THAT(user_error([&] { write_parquet_panel(frames, dir_.file("p.parquet")); }),
              HasSubstr("needs a symbol"));
}

TEST_F(ParquetWriter, UnwritablePathIsAnIoErrorAndLeavesTheOldFile) {
  EXPECT_THROW(write_parquet(goog_, dir_.file("no/such/dir/x.parquet")), IoError);
  const std::string path = dir_.write("keep.parquet", "old contents");
  const std::vector<double> three{1, 2, 3};
  const std::vector<double> two{1, 2};
  const std::vector<ColumnView> bad{double_view("a", three), double_view("b", two)};
  EXPECT_THROW(write_parquet_table(bad, path), UserInputError);
  EXPECT_EQ(read_file(path), "old contents");
  write_parquet(goog_.slice(0, 5), path);
  EXPECT_EQ(read_file(path).substr(0, 4), "PAR1");
}

}  // namespace
}  // namespace qbt::data::parquet
