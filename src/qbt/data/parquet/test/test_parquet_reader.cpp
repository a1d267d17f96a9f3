// The Parquet reader against independent references: the sample files of three other writers
// (arrow-rs, DuckDB, hyparquet) compared bit for bit with their expected CSVs (parsed here with
// strtoll / strtod), and small files assembled here field by field from the Thrift structs of
// the format (not by qbt's writer) to reach every error path.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "qbt/core/error.hpp"
#include "qbt/data/bar_panel.hpp"
#include "qbt/data/parquet/codec.hpp"
#include "qbt/data/parquet/metadata.hpp"
#include "qbt/data/parquet/parquet_reader.hpp"
#include "qbt/data/parquet/thrift_io.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::data::parquet {
namespace {

using ::testing::HasSubstr;

constexpr const char* k_samples = "tests/data/parquet-samples/";

std::string sample(const std::string& name) {
  return testing::source_path(k_samples + name);
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::uint8_t> to_vector(const std::string& bytes) {
  return {bytes.begin(), bytes.end()};
}

std::uint64_t bits(double value) {
  return std::bit_cast<std::uint64_t>(value);
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// ---------------------------------------------------------------------------------------------
// Expected CSVs: header line, then rows; an empty cell is a null.

struct ExpectedCsv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> cells;

  [[nodiscard]] std::size_t column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    return static_cast<std::size_t>(it - header.begin());
  }
  [[nodiscard]] std::optional<std::int64_t> integer(std::size_t row, std::size_t col) const {
    const std::string& cell = cells[row][col];
    if (cell.empty()) {
      return std::nullopt;
    }
    return std::strtoll(cell.c_str(), nullptr, 10);
  }
  [[nodiscard]] std::optional<double> number(std::size_t row, std::size_t col) const {
    const std::string& cell = cells[row][col];
    if (cell.empty()) {
      return std::nullopt;
    }
    return std::strtod(cell.c_str(), nullptr);
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) {
    out.push_back(cell);
  }
  if (!line.empty() && line.back() == ',') {
    out.emplace_back();
  }
  return out;
}

ExpectedCsv load_expected(const std::string& name) {
  std::ifstream in(sample(name));
  ExpectedCsv csv;
  std::string line;
  std::getline(in, line);
  csv.header = split(line);
  while (std::getline(in, line)) {
    if (!line.empty()) {
      csv.cells.push_back(split(line));
      csv.cells.back().resize(csv.header.size());
    }
  }
  return csv;
}

struct SampleCase {
  std::string file;
  std::string expected;
};

std::vector<SampleCase> sample_cases() {
  std::ifstream in(sample("manifest.json"));
  const auto manifest = nlohmann::json::parse(in);
  std::vector<SampleCase> out;
  for (const auto& entry : manifest.at("files")) {
    out.push_back(
        {entry.at("file").get<std::string>(), entry.at("expected_csv").get<std::string>()});
  }
  return out;
}

/// Every value of `table` equals the CSV's, bit for bit; nulls where the CSV cell is empty.
void expect_table_matches(const Table& table, const ExpectedCsv& csv, const std::string& what) {
  ASSERT_EQ(table.rows, csv.cells.size()) << what;
  for (std::size_t c = 0; c < csv.header.size(); ++c) {
    const std::string& name = csv.header[c];
    const std::size_t k = table.find(name);
    ASSERT_NE(k, Table::npos) << what << ": column " << name;
    const TableColumn& column = table.columns[k];
    ASSERT_EQ(column.size(), csv.cells.size()) << what << ": " << name;
    for (std::size_t r = 0; r < csv.cells.size(); ++r) {
      const std::string& cell = csv.cells[r][c];
      if (name == "symbol") {
        ASSERT_EQ(column.kind, ColumnKind::string);
        ASSERT_EQ(column.strings[r], cell) << what << " row " << r;
      } else if (name == "ts") {
        ASSERT_TRUE(column.kind == ColumnKind::timestamp_ns || column.kind == ColumnKind::int64);
        ASSERT_FALSE(column.is_null(r));
        ASSERT_EQ(column.ints[r], *csv.integer(r, c)) << what << " row " << r;
      } else if (cell.empty()) {
        ASSERT_TRUE(column.is_null(r)) << what << ": " << name << " row " << r;
        ASSERT_TRUE(std::isnan(column.doubles[r]));
      } else {
        ASSERT_FALSE(column.is_null(r)) << what << ": " << name << " row " << r;
        ASSERT_EQ(bits(column.doubles[r]), bits(*csv.number(r, c)))
            << what << ": " << name << " row " << r << " = " << column.doubles[r] << ", expected "
            << cell;
      }
    }
  }
}

/// Bars equal CSV rows `rows` (all when empty) bit for bit.
void expect_bars_match(const BarFrame& frame, const ExpectedCsv& csv, std::vector<std::size_t> rows,
                       const std::string& what) {
  if (rows.empty()) {
    for (std::size_t r = 0; r < csv.cells.size(); ++r) {
      rows.push_back(r);
    }
  }
  ASSERT_EQ(frame.size(), rows.size()) << what;
  const std::size_t ts_col = csv.column("ts");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(frame.timestamps()[i], *csv.integer(rows[i], ts_col)) << what << " row " << i;
    for (const Field f : k_fields) {
      const auto expected = csv.number(rows[i], csv.column(to_string(f)));
      const double got = frame.field(f)[i];
      if (expected) {
        ASSERT_EQ(bits(got), bits(*expected)) << what << " row " << i << " " << to_string(f);
      } else {
        ASSERT_TRUE(std::isnan(got)) << what << " row " << i << " " << to_string(f);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sample files of other writers.

TEST(ParquetReader, EverySampleMatchesItsExpectedCsv) {
  const auto cases = sample_cases();
  ASSERT_EQ(cases.size(), 12u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const ExpectedCsv csv = load_expected(c.expected);
    ParquetReadOptions options;
    options.nulls = NullPolicy::nan;
    const Table table = ParquetFile::open(sample(c.file)).read_table(options);
    expect_table_matches(table, csv, c.file);
    if (c.expected == "expected_ohlcv.csv") {
      const ParquetBarsResult bars = read_parquet_bars(sample(c.file));
      expect_bars_match(bars.frame, csv, {}, c.file);
      EXPECT_TRUE(bars.report.clean());
      EXPECT_EQ(bars.report.rows_checked, 2148);
      EXPECT_EQ(bars.frame.symbol(), std::filesystem::path(c.file).stem().string());
    }
  }
}

TEST(ParquetReader, ResultsDoNotDependOnTheThreadCount) {
  for (const char* file :
       {"arrowrs_multi_rg_pages.parquet", "hyparquet_default.parquet", "duckdb_zstd_v2.parquet"}) {
    ParquetReadOptions one;
    one.threads = 1;
    ParquetReadOptions four;
    four.threads = 4;
    const BarFrame a = read_parquet_bars(sample(file), one).frame;
    const BarFrame b = read_parquet_bars(sample(file), four).frame;
    EXPECT_TRUE(a.same_bars(b)) << file;
  }
}

TEST(ParquetReader, DescribesColumnsAndMetadata) {
  const ParquetFile duck = ParquetFile::open(sample("duckdb_default.parquet"));
  EXPECT_EQ(duck.rows(), 2148u);
  EXPECT_EQ(duck.row_group_count(), 1u);
  EXPECT_EQ(duck.row_group_rows(0), 2148u);
  EXPECT_THAT(duck.created_by(), HasSubstr("DuckDB"));
  ASSERT_EQ(duck.columns().size(), 6u);
  const ColumnDescriptor& ts = duck.columns()[0];
  EXPECT_EQ(ts.name, "ts");
  EXPECT_EQ(ts.physical, PhysicalType::int64);
  EXPECT_EQ(ts.kind, ColumnKind::timestamp_ns);
  EXPECT_EQ(ts.time_unit, TimeUnit::nanoseconds);
  EXPECT_FALSE(ts.utc_adjusted);
  EXPECT_TRUE(ts.nullable);
  EXPECT_EQ(ts.codec, Codec::snappy);
  EXPECT_EQ(duck.columns()[5].kind, ColumnKind::float64);
  EXPECT_EQ(duck.time_column(), "ts");
  EXPECT_THAT(error_of([&] { (void)duck.row_group_rows(1); }),
              HasSubstr("row group 1 does not exist"));

  const ParquetFile arrow = ParquetFile::open(sample("arrowrs_zstd_v2_plain.parquet"));
  EXPECT_TRUE(arrow.key_value("ARROW:schema").has_value());
  EXPECT_FALSE(arrow.key_value("nope").has_value());
  EXPECT_FALSE(arrow.columns()[0].nullable);
  EXPECT_TRUE(arrow.columns()[0].utc_adjusted);
  EXPECT_EQ(arrow.columns()[0].codec, Codec::zstd);

  const ParquetFile hyp = ParquetFile::open(sample("hyparquet_gzip_plain_ts.parquet"));
  EXPECT_EQ(hyp.columns()[0].kind, ColumnKind::int64);  // no annotation: a plain integer
  EXPECT_EQ(hyp.columns()[0].codec, Codec::gzip);
  EXPECT_EQ(hyp.row_group_count(), 2u);

  const ParquetFile symbols = ParquetFile::open(sample("duckdb_symbols_dict.parquet"));
  EXPECT_EQ(symbols.columns()[0].name, "symbol");
  EXPECT_EQ(symbols.columns()[0].kind, ColumnKind::string);
}

TEST(ParquetReader, ProjectsColumnsInTheRequestedOrder) {
  const ExpectedCsv csv = load_expected("expected_ohlcv.csv");
  ParquetReadOptions options;
  options.columns = {"close", "ts"};
  const Table table = ParquetFile::open(sample("arrowrs_snappy_dict.parquet")).read_table(options);
  ASSERT_EQ(table.columns.size(), 2u);
  EXPECT_EQ(table.columns[0].name, "close");
  EXPECT_EQ(table.columns[1].name, "ts");
  EXPECT_EQ(table.columns[1].kind, ColumnKind::timestamp_ns);
  EXPECT_EQ(bits(table.columns[0].doubles[2147]), bits(*csv.number(2147, csv.column("close"))));
  EXPECT_EQ(table.columns[1].ints[0], 1092873600000000000);
  options.columns = {"close", "adj_close"};
  const std::string message = error_of(
      [&] { (void)ParquetFile::open(sample("arrowrs_snappy_dict.parquet")).read_table(options); });
  EXPECT_THAT(message, HasSubstr("no column 'adj_close'"));
  EXPECT_THAT(message, HasSubstr("ts, open, high, low, close, volume"));
}

TEST(ParquetReader, SkipsRowGroupsOutsideTheTimeRange) {
  const ExpectedCsv csv = load_expected("expected_ohlcv.csv");
  const std::size_t ts_col = csv.column("ts");
  const ParquetFile file = ParquetFile::open(sample("arrowrs_multi_rg_pages.parquet"));
  ASSERT_EQ(file.row_group_count(), 5u);
  const auto range = file.row_group_time_range(1);
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first, *csv.integer(500, ts_col));
  EXPECT_EQ(range->second, *csv.integer(999, ts_col));

  ParquetReadOptions options;
  options.start = *csv.integer(600, ts_col);
  options.end = *csv.integer(1100, ts_col);
  EXPECT_THAT(file.row_groups_in_range(options.start, options.end), ::testing::ElementsAre(1, 2));
  const ParquetBarsResult bars = file.read_bars(options);
  EXPECT_EQ(bars.row_groups_read, 2u);
  EXPECT_EQ(bars.row_groups_skipped, 3u);
  std::vector<std::size_t> rows;
  for (std::size_t r = 600; r < 1100; ++r) {
    rows.push_back(r);
  }
  expect_bars_match(bars.frame, csv, rows, "range");

  const Table table = file.read_table(options);
  EXPECT_EQ(table.rows, 500u);
  EXPECT_EQ(table.columns[0].ints.front(), *csv.integer(600, ts_col));

  // Proof that skipped row groups are never decoded: break every page header of row group 4;
  // the range read still works, the full read fails naming row group 4.
  std::string bytes = read_bytes(sample("arrowrs_multi_rg_pages.parquet"));
  const FileMetadata meta =
      read_metadata({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, "x");
  for (const ColumnChunkInfo& chunk : meta.row_groups[4].chunks) {
    bytes[chunk.offset] = '\xff';
  }
  const ParquetFile broken = ParquetFile::from_bytes(to_vector(bytes), "broken.parquet");
  expect_bars_match(broken.read_bars(options).frame, csv, rows, "broken range");
  EXPECT_THAT(error_of([&] { (void)broken.read_bars(); }),
              HasSubstr("broken.parquet: row group 4, column 'ts', page 0"));
}

TEST(ParquetReader, ReadsRowGroupsOneAtATime) {
  const ParquetFile file = ParquetFile::open(sample("arrowrs_multi_rg_pages.parquet"));
  BarFrameBuilder all;
  for (std::size_t i = 0; i < file.row_group_count(); ++i) {
    const BarFrame part = file.bar_row_group_frame(i);
    EXPECT_EQ(part.size(), file.row_group_rows(i));
    all.append(part);
  }
  EXPECT_TRUE(all.finish().same_bars(file.read_bars().frame));
}

TEST(ParquetReader, NullPolicies) {
  const ExpectedCsv csv = load_expected("expected_nulls.csv");
  const std::string path = sample("arrowrs_nulls.parquet");
  const std::string message = error_of([&] { (void)read_parquet_bars(path); });
  EXPECT_THAT(message,
              HasSubstr("arrowrs_nulls.parquet: row group 0, column 'volume', row 2: null value"));

  ParquetReadOptions skip;
  skip.nulls = NullPolicy::skip_row;
  const BarFrame skipped = read_parquet_bars(path, skip).frame;
  std::vector<std::size_t> kept;
  for (std::size_t r = 0; r < 20; ++r) {
    if (r % 3 != 2) {
      kept.push_back(r);  // volume is null on every row i % 3 == 2; close on 5 and 17 as well
    }
  }
  expect_bars_match(skipped, csv, kept, "skip_row");

  ParquetReadOptions nan;
  nan.nulls = NullPolicy::nan;
  const ParquetBarsResult with_nan = read_parquet_bars(path, nan);
  expect_bars_match(with_nan.frame, csv, {}, "nan");
  EXPECT_TRUE(std::isnan(with_nan.frame.close()[5]));
  EXPECT_TRUE(with_nan.report.clean());

  // read_table: the error names the first null; skip_row drops; nan keeps them marked.
  EXPECT_THAT(error_of([&] { (void)ParquetFile::open(path).read_table(); }),
              HasSubstr("row group 0, column 'volume', row 2"));
  const Table table = ParquetFile::open(path).read_table(skip);
  EXPECT_EQ(table.rows, 14u);
  EXPECT_TRUE(table.columns[table.find("volume")].valid.empty());
  ParquetReadOptions close_only;
  close_only.columns = {"ts", "close"};
  close_only.nulls = NullPolicy::nan;
  const Table marked = ParquetFile::open(path).read_table(close_only);
  ASSERT_EQ(marked.columns[1].valid.size(), 20u);
  for (std::size_t r = 0; r < 20; ++r) {
    EXPECT_EQ(marked.columns[1].is_null(r), r == 5 || r == 17) << r;
  }
  EXPECT_TRUE(marked.columns[0].valid.empty());
}

TEST(ParquetReader, LongFormatFileGivesOneFramePerSymbol) {
  const ExpectedCsv csv = load_expected("expected_symbols.csv");
  const std::string path = sample("duckdb_symbols_dict.parquet");
  const std::vector<BarFrame> frames = read_parquet_symbols(path);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].symbol(), "GOOG");
  EXPECT_EQ(frames[1].symbol(), "GOOG10");
  std::vector<std::size_t> goog;
  std::vector<std::size_t> goog10;
  for (std::size_t r = 0; r < csv.cells.size(); ++r) {
    (csv.cells[r][0] == "GOOG" ? goog : goog10).push_back(r);
  }
  ASSERT_EQ(goog.size(), 100u);
  expect_bars_match(frames[0], csv, goog, "GOOG");
  expect_bars_match(frames[1], csv, goog10, "GOOG10");
  const BarPanel panel = BarPanel::align(frames);
  EXPECT_EQ(panel.size(), 100u);
  EXPECT_EQ(panel.symbol_count(), 2u);

  const std::string message = error_of([&] { (void)read_parquet_bars(path); });
  EXPECT_THAT(message, HasSubstr("holds 2 symbols (GOOG, GOOG10)"));
  EXPECT_THAT(message, HasSubstr("read_parquet_symbols"));
  ParquetReadOptions one;
  one.symbol = "GOOG10";
  const ParquetBarsResult only = read_parquet_bars(path, one);
  EXPECT_EQ(only.frame.symbol(), "GOOG10");
  expect_bars_match(only.frame, csv, goog10, "GOOG10 alone");
  one.symbol = "MSFT";
  EXPECT_THAT(error_of([&] { (void)read_parquet_bars(path, one); }),
              HasSubstr("no rows of symbol 'MSFT'"));
}

TEST(ParquetReader, RecognisesParquetFiles) {
  EXPECT_TRUE(is_parquet_file(sample("duckdb_default.parquet")));
  EXPECT_FALSE(is_parquet_file(sample("expected_ohlcv.csv")));
  EXPECT_FALSE(is_parquet_file(sample("does_not_exist.parquet")));
  EXPECT_THAT(error_of([] { (void)ParquetFile::open(sample("does_not_exist.parquet")); }),
              HasSubstr("does_not_exist.parquet"));
}

// ---------------------------------------------------------------------------------------------
// Corrupt samples.

std::string corrupt_error(const std::string& bytes, const std::string& name = "bad.parquet") {
  return error_of([&] { (void)ParquetFile::from_bytes(to_vector(bytes), name).read_table(); });
}

TEST(ParquetReaderErrors, WrongMagicTruncationAndFooterLength) {
  const std::string good = read_bytes(sample("arrowrs_plain_uncompressed.parquet"));
  std::string wrong = good;
  wrong[0] = 'X';
  EXPECT_THAT(corrupt_error(wrong),
              HasSubstr("bad.parquet: not a Parquet file: it starts with 'XAR1'"));
  EXPECT_THAT(corrupt_error(good.substr(0, good.size() / 2)),
              HasSubstr("bad.parquet: truncated or not a Parquet file"));
  EXPECT_THAT(corrupt_error(good.substr(0, 7)), HasSubstr("shorter than the 12-byte minimum"));
  std::string footer = good;
  const std::uint32_t huge = 0x7fffffff;
  std::memcpy(footer.data() + footer.size() - 8, &huge, 4);
  EXPECT_THAT(corrupt_error(footer),
              HasSubstr("bad.parquet: footer length 2147483647 exceeds the file"));
  std::string garbled = good;
  std::uint32_t length = 0;
  std::memcpy(&length, good.data() + good.size() - 8, 4);
  std::fill_n(garbled.begin() + static_cast<std::ptrdiff_t>(good.size() - 8 - length), 16, '\xff');
  EXPECT_THAT(corrupt_error(garbled), HasSubstr("bad.parquet: footer: invalid Thrift metadata"));
}

TEST(ParquetReaderErrors, CorruptPageHeaderNamesRowGroupColumnAndPage) {
  std::string bytes = read_bytes(sample("arrowrs_plain_uncompressed.parquet"));
  const FileMetadata meta =
      read_metadata({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, "x");
  bytes[meta.row_groups[0].chunks[4].offset] = '\xff';  // field header of an invalid type
  EXPECT_THAT(
      corrupt_error(bytes, "close.parquet"),
      HasSubstr("close.parquet: row group 0, column 'close', page 0: page header: invalid Thrift"));
}

// ---------------------------------------------------------------------------------------------
// Files assembled here from the format's Thrift structs, to reach each check on purpose.

std::string le32(std::int32_t v) {
  return {reinterpret_cast<const char*>(&v), 4};
}
std::string le64(std::int64_t v) {
  return {reinterpret_cast<const char*>(&v), 8};
}
std::string f64(double v) {
  return le64(std::bit_cast<std::int64_t>(v));
}
std::string f32(float v) {
  return le32(std::bit_cast<std::int32_t>(v));
}
std::string bytes_of(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) {
    out += static_cast<char>(v);
  }
  return out;
}

/// A page: the serialized header (sizes set from the body unless `keep_sizes`), then the body.
std::string page(format::PageHeader header, const std::string& body, bool keep_sizes = false) {
  if (!keep_sizes) {
    header.__set_compressed_page_size(static_cast<std::int32_t>(body.size()));
    header.__set_uncompressed_page_size(static_cast<std::int32_t>(body.size()));
  }
  std::string out;
  serialize(header, out);
  return out + body;
}

std::string data_page(std::int32_t values, std::int32_t encoding, const std::string& body) {
  format::PageHeader header;
  header.__set_type(format::PageType::DATA_PAGE);
  format::DataPageHeader data;
  data.__set_num_values(values);
  data.__set_encoding(static_cast<format::Encoding::type>(encoding));
  data.__set_definition_level_encoding(format::Encoding::RLE);
  data.__set_repetition_level_encoding(format::Encoding::RLE);
  header.__set_data_page_header(data);
  return page(header, body);
}

std::string dictionary_page(std::int32_t values, const std::string& body) {
  format::PageHeader header;
  header.__set_type(format::PageType::DICTIONARY_PAGE);
  format::DictionaryPageHeader dict;
  dict.__set_num_values(values);
  dict.__set_encoding(format::Encoding::PLAIN);
  header.__set_dictionary_page_header(dict);
  return page(header, body);
}

format::SchemaElement leaf(
    const std::string& name, format::Type::type type,
    format::FieldRepetitionType::type repetition = format::FieldRepetitionType::REQUIRED) {
  format::SchemaElement element;
  element.__set_name(name);
  element.__set_type(type);
  element.__set_repetition_type(repetition);
  return element;
}

struct TestChunk {
  TestChunk(format::SchemaElement leaf_element, std::vector<std::string> chunk_pages,
            bool has_dictionary = false)
      : element(std::move(leaf_element)),
        pages(std::move(chunk_pages)),
        dictionary(has_dictionary) {}

  format::SchemaElement element;
  std::vector<std::string> pages;
  bool dictionary = false;  ///< the first page is a dictionary page
  format::CompressionCodec::type codec = format::CompressionCodec::UNCOMPRESSED;
  std::vector<std::string> path;  ///< path_in_schema; default {element.name}
  std::optional<std::pair<std::int64_t, std::int64_t>> stats;
};

/// A file of one row group holding `chunks`; `schema` overrides the flat schema built from them.
std::string build_file(const std::vector<TestChunk>& chunks, std::int64_t rows,
                       std::vector<format::SchemaElement> schema = {},
                       std::optional<std::int64_t> chunk_values = std::nullopt) {
  std::string out = "PAR1";
  format::FileMetaData meta;
  meta.__set_version(1);
  if (schema.empty()) {
    format::SchemaElement root;
    root.__set_name("schema");
    root.__set_num_children(static_cast<std::int32_t>(chunks.size()));
    schema.push_back(root);
    for (const auto& chunk : chunks) {
      schema.push_back(chunk.element);
    }
  }
  meta.__set_schema(schema);
  format::RowGroup group;
  for (const auto& chunk : chunks) {
    const auto offset = static_cast<std::int64_t>(out.size());
    for (const auto& p : chunk.pages) {
      out += p;
    }
    const auto size = static_cast<std::int64_t>(out.size()) - offset;
    format::ColumnMetaData cm;
    cm.__set_type(chunk.element.type);
    cm.__set_encodings({format::Encoding::PLAIN});
    cm.__set_path_in_schema(chunk.path.empty() ? std::vector<std::string>{chunk.element.name}
                                               : chunk.path);
    cm.__set_codec(chunk.codec);
    cm.__set_num_values(chunk_values.value_or(rows));
    cm.__set_total_uncompressed_size(size);
    cm.__set_total_compressed_size(size);
    if (chunk.dictionary) {
      cm.__set_dictionary_page_offset(offset);
      cm.__set_data_page_offset(offset + static_cast<std::int64_t>(chunk.pages[0].size()));
    } else {
      cm.__set_data_page_offset(offset);
    }
    if (chunk.stats) {
      format::Statistics stats;
      stats.__set_min_value(le64(chunk.stats->first));
      stats.__set_max_value(le64(chunk.stats->second));
      cm.__set_statistics(stats);
    }
    format::ColumnChunk cc;
    cc.__set_file_offset(offset);
    cc.__set_meta_data(cm);
    group.columns.push_back(cc);
  }
  group.__set_num_rows(rows);
  group.__set_total_byte_size(static_cast<std::int64_t>(out.size()));
  meta.__set_row_groups({group});
  meta.__set_num_rows(rows);
  std::string footer;
  serialize(meta, footer);
  return out + footer + le32(static_cast<std::int32_t>(footer.size())) + "PAR1";
}

std::string tiny_error(const std::string& bytes) {
  return corrupt_error(bytes, "tiny.parquet");
}

TestChunk close_chunk(std::vector<std::string> pages, bool dictionary = false) {
  return {leaf("close", format::Type::DOUBLE), std::move(pages), dictionary};
}

TEST(ParquetReaderErrors, DictionaryIndexOutOfRangeAndBitWidth) {
  const std::string dict = dictionary_page(2, f64(1.5) + f64(2.5));
  // Width 3, then an RLE run of 4 copies of index 5.
  const std::string bad_index = build_file(
      {close_chunk({dict, data_page(4, format::Encoding::RLE_DICTIONARY, bytes_of({3, 0x08, 5}))},
                   true)},
      4);
  EXPECT_THAT(
      tiny_error(bad_index),
      HasSubstr("tiny.parquet: row group 0, column 'close', page 1: dictionary index 5 out of "
                "range (dictionary has 2 values)"));
  const std::string wide = build_file(
      {close_chunk({dict, data_page(4, format::Encoding::RLE_DICTIONARY, bytes_of({40, 0x08, 1}))},
                   true)},
      4);
  EXPECT_THAT(tiny_error(wide), HasSubstr("page 1: dictionary index bit width 40 exceeds 32"));
  // Legacy PLAIN_DICTIONARY means the same as RLE_DICTIONARY: indices 1 0 1 1 packed at width 1.
  const std::string good = build_file(
      {close_chunk(
          {dict, data_page(4, format::Encoding::PLAIN_DICTIONARY, bytes_of({1, 0x03, 0x0d}))},
          true)},
      4);
  const Table table = ParquetFile::from_bytes(to_vector(good), "tiny.parquet").read_table();
  EXPECT_THAT(table.columns[0].doubles, ::testing::ElementsAre(2.5, 1.5, 2.5, 2.5));
  const std::string no_dict = build_file(
      {close_chunk({data_page(4, format::Encoding::RLE_DICTIONARY, bytes_of({1, 0x08, 1}))})}, 4);
  EXPECT_THAT(tiny_error(no_dict),
              HasSubstr("page 0: dictionary-encoded page without a dictionary page"));
}

TEST(ParquetReaderErrors, PageCountsAndSizesAreChecked) {
  const std::string three = f64(1) + f64(2) + f64(3);
  EXPECT_THAT(
      tiny_error(build_file({close_chunk({data_page(4, format::Encoding::PLAIN, three)})}, 4)),
      HasSubstr(
          "row group 0, column 'close', page 0: PLAIN DOUBLE data holds 3 values, 4 expected"));
  EXPECT_THAT(
      tiny_error(build_file({close_chunk({data_page(9, format::Encoding::PLAIN, three)})}, 3)),
      HasSubstr("page 0: page holds 9 values but only 3 of the row group's 3 rows remain"));
  EXPECT_THAT(tiny_error(build_file(
                  {close_chunk({data_page(2, format::Encoding::PLAIN, f64(1) + f64(2))})}, 3)),
              HasSubstr("column 'close': chunk ends after 2 of 3 values"));

  format::PageHeader header;
  header.__set_type(format::PageType::DATA_PAGE);
  format::DataPageHeader data;
  data.__set_num_values(3);
  data.__set_encoding(format::Encoding::PLAIN);
  data.__set_definition_level_encoding(format::Encoding::RLE);
  data.__set_repetition_level_encoding(format::Encoding::RLE);
  header.__set_data_page_header(data);
  header.__set_compressed_page_size(1000);
  header.__set_uncompressed_page_size(1000);
  EXPECT_THAT(
      tiny_error(build_file({close_chunk({page(header, three, true)})}, 3)),
      HasSubstr("page 0: page of 1000 bytes exceeds the 24 bytes left in the column chunk"));

  TestChunk snappy = close_chunk({data_page(3, format::Encoding::PLAIN, three)});
  snappy.codec = format::CompressionCodec::SNAPPY;
  header.__set_compressed_page_size(24);
  header.__set_uncompressed_page_size(0x7fffffff);
  snappy.pages = {page(header, three, true)};
  EXPECT_THAT(
      tiny_error(build_file({snappy}, 3)),
      HasSubstr("page 0: page claims 2147483647 uncompressed bytes from 24 compressed bytes"));

  EXPECT_THAT(tiny_error(build_file({close_chunk({data_page(3, 10, three)})}, 3)),
              HasSubstr("page 0: encoding 10 is not supported for DOUBLE columns"));

  TestChunk lzo = close_chunk({data_page(3, format::Encoding::PLAIN, three)});
  lzo.codec = format::CompressionCodec::LZO;
  const std::string lzo_message = tiny_error(build_file({lzo}, 3));
  EXPECT_THAT(lzo_message, HasSubstr("tiny.parquet: row group 0, column 'close': "));
  EXPECT_THAT(lzo_message, HasSubstr("LZO"));
}

TEST(ParquetReaderErrors, ForgedRowCountsAndUnsupportedColumns) {
  const std::string three = f64(1) + f64(2) + f64(3);
  EXPECT_THAT(tiny_error(build_file({close_chunk({data_page(3, format::Encoding::PLAIN, three)})},
                                    std::int64_t{1} << 50)),
              HasSubstr("row group 0, column 'close': 1125899906842624 rows cannot be stored"));
  EXPECT_THAT(tiny_error(build_file({close_chunk({data_page(3, format::Encoding::PLAIN, three)})},
                                    3, {}, 5)),
              HasSubstr("chunk holds 5 values but the row group has 3 rows"));

  // A struct column quote.close.
  format::SchemaElement root;
  root.__set_name("schema");
  root.__set_num_children(1);
  format::SchemaElement group;
  group.__set_name("quote");
  group.__set_repetition_type(format::FieldRepetitionType::OPTIONAL);
  group.__set_num_children(1);
  TestChunk nested = close_chunk({data_page(3, format::Encoding::PLAIN, three)});
  nested.path = {"quote", "close"};
  const std::string bytes = build_file({nested}, 3, {root, group, nested.element});
  const ParquetFile file = ParquetFile::from_bytes(to_vector(bytes), "tiny.parquet");
  ASSERT_EQ(file.columns().size(), 1u);
  EXPECT_EQ(file.columns()[0].name, "quote.close");
  EXPECT_THAT(error_of([&] { (void)file.read_table(); }),
              HasSubstr("tiny.parquet: column 'quote.close': nested columns are not supported"));

  TestChunk flag{leaf("flag", format::Type::BOOLEAN),
                 {data_page(3, format::Encoding::PLAIN, "\x05")}};
  EXPECT_THAT(tiny_error(build_file({flag}, 3)),
              HasSubstr("column 'flag': physical type BOOLEAN is not supported"));
}

TEST(ParquetReader, LogicalTypesAndPageV2) {
  const std::int32_t rows = 3;
  // TIMESTAMP(MILLIS) INT64.
  format::SchemaElement ts = leaf("time", format::Type::INT64);
  format::LogicalType ts_type;
  format::TimestampType timestamp;
  timestamp.__set_isAdjustedToUTC(true);
  format::TimeUnit millis;
  millis.__set_MILLIS(format::MilliSeconds());
  timestamp.__set_unit(millis);
  ts_type.__set_TIMESTAMP(timestamp);
  ts.__set_logicalType(ts_type);
  const TestChunk ts_chunk{
      ts, {data_page(rows, format::Encoding::PLAIN, le64(1000) + le64(2000) + le64(-3000))}};
  // DATE INT32 (legacy converted type only).
  format::SchemaElement day = leaf("day", format::Type::INT32);
  day.__set_converted_type(format::ConvertedType::DATE);
  const TestChunk day_chunk{
      day, {data_page(rows, format::Encoding::PLAIN, le32(0) + le32(1) + le32(19000))}};
  // INT32, FLOAT, UINT_32.
  const TestChunk i32{
      leaf("i", format::Type::INT32),
      {data_page(rows, format::Encoding::PLAIN, le32(-5) + le32(7) + le32(2147483647))}};
  const TestChunk f{leaf("f", format::Type::FLOAT),
                    {data_page(rows, format::Encoding::PLAIN, f32(1.5f) + f32(-0.1f) + f32(3.0f))}};
  format::SchemaElement u = leaf("u", format::Type::INT32);
  u.__set_converted_type(format::ConvertedType::UINT_32);
  const TestChunk u_chunk{u,
                          {data_page(rows, format::Encoding::PLAIN, le32(-1) + le32(1) + le32(0))}};
  // An OPTIONAL string column in a DATA_PAGE_V2: levels uncompressed and without a length
  // prefix (bit-packed 1 0 1 = 0x05), values snappy-compressed since is_compressed is absent.
  format::SchemaElement s =
      leaf("s", format::Type::BYTE_ARRAY, format::FieldRepetitionType::OPTIONAL);
  s.__set_converted_type(format::ConvertedType::UTF8);
  const std::string levels = bytes_of({0x03, 0x05});
  const std::string values = le32(1) + "a" + le32(3) + "ccc";
  std::string compressed;
  compress(Codec::snappy, {reinterpret_cast<const std::uint8_t*>(values.data()), values.size()},
           compressed);
  format::PageHeader v2;
  v2.__set_type(format::PageType::DATA_PAGE_V2);
  format::DataPageHeaderV2 v2_data;
  v2_data.__set_num_values(rows);
  v2_data.__set_num_nulls(1);
  v2_data.__set_num_rows(rows);
  v2_data.__set_encoding(format::Encoding::PLAIN);
  v2_data.__set_definition_levels_byte_length(2);
  v2_data.__set_repetition_levels_byte_length(0);
  v2_data.__isset.is_compressed = false;
  v2.__set_data_page_header_v2(v2_data);
  v2.__set_compressed_page_size(static_cast<std::int32_t>(levels.size() + compressed.size()));
  v2.__set_uncompressed_page_size(static_cast<std::int32_t>(levels.size() + values.size()));
  TestChunk s_chunk{s, {page(v2, levels + compressed, true)}};
  s_chunk.codec = format::CompressionCodec::SNAPPY;

  const std::string bytes = build_file({ts_chunk, day_chunk, i32, f, u_chunk, s_chunk}, rows);
  ParquetReadOptions options;
  options.nulls = NullPolicy::nan;
  const ParquetFile file = ParquetFile::from_bytes(to_vector(bytes), "kinds.parquet");
  const Table table = file.read_table(options);
  ASSERT_EQ(table.rows, 3u);
  EXPECT_EQ(table.columns[0].kind, ColumnKind::timestamp_ns);
  EXPECT_THAT(table.columns[0].ints,
              ::testing::ElementsAre(1'000'000'000, 2'000'000'000, -3'000'000'000));
  EXPECT_EQ(table.columns[1].kind, ColumnKind::timestamp_ns);
  EXPECT_THAT(table.columns[1].ints,
              ::testing::ElementsAre(0, 86'400'000'000'000, 19000 * 86'400'000'000'000));
  EXPECT_EQ(table.columns[2].kind, ColumnKind::int32);
  EXPECT_THAT(table.columns[2].ints, ::testing::ElementsAre(-5, 7, 2147483647));
  EXPECT_EQ(table.columns[3].kind, ColumnKind::float32);
  EXPECT_EQ(bits(table.columns[3].doubles[1]), bits(static_cast<double>(-0.1f)));
  EXPECT_EQ(table.columns[4].kind, ColumnKind::int64);
  EXPECT_THAT(table.columns[4].ints, ::testing::ElementsAre(4294967295, 1, 0));
  EXPECT_EQ(table.columns[5].kind, ColumnKind::string);
  EXPECT_THAT(table.columns[5].strings, ::testing::ElementsAre("a", "", "ccc"));
  EXPECT_THAT(table.columns[5].valid, ::testing::ElementsAre(1, 0, 1));
  EXPECT_EQ(file.time_column(), "time");
}

/// A small bar file with second-resolution integer times (no annotation).
std::string bar_file(const std::vector<std::int64_t>& times, const std::vector<double>& highs) {
  const auto n = static_cast<std::int32_t>(times.size());
  std::string t;
  std::string o;
  std::string h;
  for (std::size_t i = 0; i < times.size(); ++i) {
    t += le64(times[i]);
    o += f64(10.0);
    h += f64(highs[i]);
  }
  const auto chunk = [&](const char* name, format::Type::type type, const std::string& body) {
    return TestChunk{leaf(name, type), {data_page(n, format::Encoding::PLAIN, body)}};
  };
  return build_file({chunk("Time", format::Type::INT64, t), chunk("Open", format::Type::DOUBLE, o),
                     chunk("High", format::Type::DOUBLE, h), chunk("Low", format::Type::DOUBLE, o),
                     chunk("Close", format::Type::DOUBLE, o)},
                    n);
}

TEST(ParquetReader, ValidatesBarsLikeTheCsvReader) {
  const ParquetFile ok = ParquetFile::from_bytes(
      to_vector(bar_file({1'600'000'000, 1'600'000'060}, {11, 12})), "bars.parquet");
  const ParquetBarsResult bars = ok.read_bars();
  ASSERT_EQ(bars.frame.size(), 2u);
  EXPECT_EQ(bars.frame.timestamps()[1], 1'600'000'060'000'000'000);  // seconds, from the magnitude
  EXPECT_EQ(bars.frame.volume()[0], 0.0);                            // no volume column

  const std::string unsorted =
      bar_file({1'600'000'000, 1'599'999'940, 1'600'000'060}, {11, 11, 11});
  const ParquetFile file = ParquetFile::from_bytes(to_vector(unsorted), "bars.parquet");
  EXPECT_THAT(
      error_of([&] { (void)file.read_bars(); }),
      HasSubstr("bars.parquet: row group 0, row 1: timestamp is earlier than the previous row's"));
  ParquetReadOptions skip;
  skip.policy = ValidationPolicy::skip;
  const ParquetBarsResult skipped = file.read_bars(skip);
  EXPECT_EQ(skipped.frame.size(), 2u);
  EXPECT_EQ(skipped.report.count(BarIssue::unsorted_timestamp), 1);

  const std::string low_high = bar_file({1'600'000'000, 1'600'000'060}, {11, 9});
  EXPECT_THAT(error_of([&] {
                (void)ParquetFile::from_bytes(to_vector(low_high), "bars.parquet").read_bars();
              }),
              HasSubstr("bars.parquet: row group 0, row 1: high is below low"));
}

// ---------------------------------------------------------------------------------------------
// Robustness: every corpus file and thousands of deterministic mutations of them must either read
// or throw qbt::Error.

std::vector<std::string> robustness_inputs() {
  std::vector<std::string> out;
  for (const auto& c : sample_cases()) {
    out.push_back(sample(c.file));
  }
  const std::filesystem::path corpus = testing::source_path("fuzz/corpus/parquet_reader");
  if (std::filesystem::is_directory(corpus)) {
    std::vector<std::string> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
      seeds.push_back(entry.path().string());
    }
    std::sort(seeds.begin(), seeds.end());
    out.insert(out.end(), seeds.begin(), seeds.end());
  }
  return out;
}

/// Read `bytes` every way a user can; returns false when a qbt::Error was thrown.
bool read_everything(const std::string& bytes) {
  try {
    const ParquetFile file = ParquetFile::from_bytes(to_vector(bytes), "mutant.parquet");
    ParquetReadOptions options;
    options.nulls = NullPolicy::nan;
    options.policy = ValidationPolicy::skip;
    options.threads = 2;
    bool ok = true;
    try {
      (void)file.read_table(options);
    } catch (const Error&) {
      ok = false;
    }
    try {
      (void)file.read_symbols(options);
    } catch (const Error&) {
      ok = false;
    }
    for (std::size_t i = 0; i < file.row_group_count(); ++i) {
      (void)file.row_group_time_range(i);
    }
    return ok;
  } catch (const Error&) {
    return false;
  }
}

/// A deterministic generator (64-bit LCG, Knuth's MMIX constants).
struct Lcg {
  std::uint64_t state;
  std::uint64_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 17;
  }
};

TEST(ParquetReaderRobustness, CorpusAndMutationsNeverCrash) {
  std::size_t reads = 0;
  std::size_t failures = 0;
  Lcg rng{20240601};
  for (const std::string& path : robustness_inputs()) {
    SCOPED_TRACE(path);
    const std::string original = read_bytes(path);
    ASSERT_FALSE(original.empty());
    read_everything(original);
    const std::size_t size = original.size();
    std::vector<std::string> mutants;
    // Truncations: every 97th length and the last 64 lengths.
    for (std::size_t cut = 0; cut < size; cut += std::max<std::size_t>(size / 97, 1)) {
      mutants.push_back(original.substr(0, cut));
    }
    for (std::size_t cut = size > 64 ? size - 64 : 0; cut < size; ++cut) {
      mutants.push_back(original.substr(0, cut));
    }
    // Flipped bytes: anywhere, and concentrated in the footer where sizes and offsets live.
    for (int k = 0; k < 150; ++k) {
      std::string m = original;
      const bool footer = k % 2 == 0 && size > 16;
      const std::size_t span = footer ? std::min<std::size_t>(size, 2048) : size;
      const std::size_t at = size - span + rng.next() % span;
      m[at] = static_cast<char>(m[at] ^ static_cast<char>(1u << (rng.next() % 8)));
      if (k % 5 == 0) {
        const std::size_t at2 = size - span + rng.next() % span;
        m[at2] = static_cast<char>(rng.next());
      }
      mutants.push_back(std::move(m));
    }
    for (const std::string& m : mutants) {
      failures += read_everything(m) ? 0 : 1;
      ++reads;
    }
  }
  EXPECT_GT(reads, 1000u);
  EXPECT_GT(failures, 0u);
  // No mutant may have driven an allocation anywhere near its forged sizes.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  EXPECT_LT(usage.ru_maxrss, 2L * 1024 * 1024) << "peak resident set in KiB";
}

}  // namespace
}  // namespace qbt::data::parquet
