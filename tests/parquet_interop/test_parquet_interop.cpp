// qbt's Parquet writer, checked by three independent readers: DuckDB (C++), arrow-rs (Rust,
// through parquet-wasm) and hyparquet (JavaScript). Each test writes real GOOG bars with one
// combination of options, writes the values it expects in tests/tools/parquet/pq.mjs's CSV
// convention, and requires `pq.mjs check` to report every reader bit-identical; `pq.mjs inspect`
// (which reads the page headers) then confirms the codec, encodings and page kinds.
//
// The readers are npm packages that scripts/install-parquet-tools.sh installs; without node or
// the packages every test skips, saying what is missing.

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "qbt/data/bar_frame.hpp"
#include "qbt/data/csv_reader.hpp"
#include "qbt/data/parquet/parquet_writer.hpp"
#include "qbt/testing/run_command.hpp"
#include "qbt/testing/temp_dir.hpp"
#include "qbt/testing/test_paths.hpp"

namespace qbt::data::parquet {
namespace {

using nlohmann::json;

std::string pq_script() {
  return qbt::testing::source_path("tests/tools/parquet/pq.mjs");
}

std::string tools_dir() {
  if (const char* dir = std::getenv("PQ_TOOLS_DIR"); dir != nullptr && *dir != '\0') return dir;
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "/tmp") + "/.cache/qbt/pq-tools";
}

/// Why the interop tests cannot run here, or empty when they can.
std::string missing_tools() {
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    return "node is not installed (Node 20+ runs the interop readers)";
  }
  const std::string dir = tools_dir();
  for (const char* package :
       {"@duckdb/node-api", "parquet-wasm", "apache-arrow", "hyparquet", "hyparquet-compressors"}) {
    if (!std::filesystem::exists(dir + "/node_modules/" + package + "/package.json")) {
      return "npm package " + std::string(package) + " is missing from " + dir +
             "; run scripts/install-parquet-tools.sh";
    }
  }
  return {};
}

/// Shortest text that parses back to the same double, in the spelling JavaScript's Number()
/// reads (it wants NaN / Infinity rather than nan / inf).
std::string format_double(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return {buffer, result.ptr};
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> cells;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      cells.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return cells;
}

/// GOOG daily bars (2148 rows): the canonical CSV of the Parquet samples when present, else the
/// repository's data/backtestingpy/GOOG.csv (the same bars).
BarFrame load_goog() {
  for (const std::string& path :
       {qbt::testing::source_path("tests/data/parquet-samples/expected_ohlcv.csv"),
        std::string("/work/shared/data/parquet-samples/expected_ohlcv.csv")}) {
    std::ifstream in(path);
    if (!in) continue;
    BarFrameBuilder builder("GOOG", Frequency::days(1));
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "ts,open,high,low,close,volume");
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto cells = split(line);
      std::int64_t ts = 0;
      double v[5];
      std::from_chars(cells[0].data(), cells[0].data() + cells[0].size(), ts);
      for (int k = 0; k < 5; ++k) {
        std::from_chars(cells[k + 1].data(), cells[k + 1].data() + cells[k + 1].size(), v[k]);
      }
      builder.append(ts, v[0], v[1], v[2], v[3], v[4]);
    }
    return builder.finish();
  }
  CsvOptions options;
  options.symbol = "GOOG";
  return read_csv(qbt::testing::source_path("data/backtestingpy/GOOG.csv"), options).frame;
}

/// Prices divided by 10 (in double arithmetic), every other bar: a second symbol for long
/// format whose timestamps interleave with GOOG's.
BarFrame goog_tenth(const BarFrame& goog) {
  BarFrameBuilder builder("GOOG10", goog.frequency());
  for (std::size_t i = 0; i < goog.size(); i += 2) {
    builder.append(goog.timestamps()[i], goog.open()[i] / 10, goog.high()[i] / 10,
                   goog.low()[i] / 10, goog.close()[i] / 10, goog.volume()[i]);
  }
  return builder.finish();
}

/// A column of the expected CSV: ints, doubles or strings; `valid` empty means no nulls.
struct ExpectedColumn {
  std::string name;
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  std::vector<std::string> strings;
  std::vector<std::uint8_t> valid;
};

ExpectedColumn expected_ints(std::string name, std::span<const std::int64_t> ints) {
  ExpectedColumn column;
  column.name = std::move(name);
  column.ints.assign(ints.begin(), ints.end());
  return column;
}

ExpectedColumn expected_doubles(std::string name, std::span<const double> doubles,
                                std::span<const std::uint8_t> valid = {}) {
  ExpectedColumn column;
  column.name = std::move(name);
  column.doubles.assign(doubles.begin(), doubles.end());
  column.valid.assign(valid.begin(), valid.end());
  return column;
}

ExpectedColumn expected_strings(std::string name, std::span<const std::string> strings) {
  ExpectedColumn column;
  column.name = std::move(name);
  column.strings.assign(strings.begin(), strings.end());
  return column;
}

ColumnView int_view(std::string name, ColumnKind kind, std::span<const std::int64_t> ints) {
  ColumnView view;
  view.name = std::move(name);
  view.kind = kind;
  view.ints = ints;
  return view;
}

ColumnView double_view(std::string name, std::span<const double> doubles,
                       std::span<const std::uint8_t> valid = {}) {
  ColumnView view;
  view.name = std::move(name);
  view.kind = ColumnKind::float64;
  view.doubles = doubles;
  view.valid = valid;
  return view;
}

ColumnView string_view_column(std::string name, std::span<const std::string> strings) {
  ColumnView view;
  view.name = std::move(name);
  view.kind = ColumnKind::string;
  view.strings = strings;
  return view;
}

void write_expected_csv(const std::string& path, const std::vector<ExpectedColumn>& columns) {
  std::ofstream out(path);
  for (std::size_t c = 0; c < columns.size(); ++c) out << (c ? "," : "") << columns[c].name;
  out << '\n';
  const std::size_t rows =
      std::max({columns[0].ints.size(), columns[0].doubles.size(), columns[0].strings.size()});
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const ExpectedColumn& col = columns[c];
      if (c != 0) out << ',';
      if (!col.valid.empty() && col.valid[r] == 0) continue;
      if (!col.ints.empty()) {
        out << col.ints[r];
      } else if (!col.doubles.empty()) {
        out << format_double(col.doubles[r]);
      } else {
        out << col.strings[r];
      }
    }
    out << '\n';
  }
}

std::vector<ExpectedColumn> expected_bars(const BarFrame& frame, bool float32_prices) {
  std::vector<ExpectedColumn> columns;
  columns.push_back(expected_ints("ts", frame.timestamps()));
  for (Field f : k_fields) {
    ExpectedColumn column = expected_doubles(to_string(f), {});
    for (double v : frame.field(f)) {
      column.doubles.push_back(
          float32_prices && f != Field::volume ? static_cast<double>(static_cast<float>(v)) : v);
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

class ParquetInterop : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    skip_reason_ = new std::string(missing_tools());
    if (skip_reason_->empty()) ::setenv("PQ_TOOLS_DIR", tools_dir().c_str(), 1);
  }
  static void TearDownTestSuite() {
    delete skip_reason_;
    skip_reason_ = nullptr;
  }

  void SetUp() override {
    if (!skip_reason_->empty())
      GTEST_SKIP() << "Parquet interop readers unavailable: " << *skip_reason_;
    goog_ = load_goog();
    ASSERT_EQ(goog_.size(), 2148U);
  }

  /// Run `pq.mjs check` and require all three readers to agree with the expected CSV.
  void expect_all_readers_agree(const std::string& parquet, const std::string& expected_csv) {
    const auto result =
        qbt::testing::run_program("node", {pq_script(), "check", parquet, expected_csv});
    EXPECT_NE(result.out.find("3 passed, 0 failed"), std::string::npos)
        << "pq.mjs check " << parquet << ":\n"
        << result.out << result.err;
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  }

  json inspect(const std::string& parquet) {
    const auto result = qbt::testing::run_program("node", {pq_script(), "inspect", parquet});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out);
  }

  std::string file(std::string_view name) const { return dir_.file(name); }

  static std::string* skip_reason_;
  qbt::testing::TempDir dir_;
  BarFrame goog_;
};

std::string* ParquetInterop::skip_reason_ = nullptr;

/// Every column chunk of every row group, for assertions over the whole file.
std::vector<json> all_chunks(const json& meta) {
  std::vector<json> chunks;
  for (const json& group : meta["row_groups"]) {
    for (const json& chunk : group["columns"]) chunks.push_back(chunk);
  }
  return chunks;
}

const json& chunk_of(const json& meta, std::string_view column, std::size_t group = 0) {
  for (const json& chunk : meta["row_groups"][group]["columns"]) {
    if (chunk["column"] == column) return chunk;
  }
  ADD_FAILURE() << "no column " << column;
  static const json k_none;
  return k_none;
}

void expect_bar_schema(const json& meta, const char* price_type) {
  const json& schema = meta["schema"];
  ASSERT_EQ(schema.size(), 7U);
  EXPECT_EQ(schema[0]["num_children"], 6);
  EXPECT_EQ(schema[1]["name"], "ts");
  EXPECT_EQ(schema[1]["physical_type"], "INT64");
  EXPECT_EQ(schema[1]["repetition"], "REQUIRED");
  EXPECT_EQ(schema[1]["logical_type"]["type"], "TIMESTAMP");
  EXPECT_EQ(schema[1]["logical_type"]["unit"], "NANOS");
  EXPECT_EQ(schema[1]["logical_type"]["isAdjustedToUTC"], true);
  EXPECT_FALSE(schema[1].contains("converted_type"));
  const char* names[] = {"open", "high", "low", "close", "volume"};
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(schema[2 + k]["name"], names[k]);
    EXPECT_EQ(schema[2 + k]["physical_type"], k < 4 ? price_type : "DOUBLE");
    EXPECT_EQ(schema[2 + k]["repetition"], "REQUIRED");
  }
  EXPECT_EQ(meta["format_version"], 1);
  EXPECT_EQ(meta["num_rows"], 2148);
  EXPECT_EQ(meta["created_by"].get<std::string>().rfind("qbt version ", 0), 0U)
      << meta["created_by"];
}

TEST_F(ParquetInterop, SnappyDefaults) {
  write_parquet(goog_, file("goog.parquet"));
  write_expected_csv(file("goog.csv"), expected_bars(goog_, false));
  expect_all_readers_agree(file("goog.parquet"), file("goog.csv"));

  const json meta = inspect(file("goog.parquet"));
  expect_bar_schema(meta, "DOUBLE");
  EXPECT_EQ(meta["key_value_metadata_keys"], json({"qbt.symbol", "qbt.frequency"}));
  ASSERT_EQ(meta["row_groups"].size(), 1U);
  for (const json& chunk : all_chunks(meta)) {
    EXPECT_EQ(chunk["codec"], "SNAPPY");
    EXPECT_EQ(chunk["num_values"], 2148);
    EXPECT_TRUE(chunk["has_statistics"].get<bool>());
    // Nearly every GOOG price is distinct, so a dictionary does not pay and PLAIN is chosen.
    EXPECT_EQ(chunk["pages"], json({"DATA_PAGE/PLAIN x1"})) << chunk["column"];
    EXPECT_LT(chunk["total_compressed_size"], chunk["total_uncompressed_size"]) << chunk["column"];
  }
}

TEST_F(ParquetInterop, EveryCodec) {
  const std::pair<Codec, const char*> codecs[] = {
      {Codec::zstd, "ZSTD"}, {Codec::gzip, "GZIP"}, {Codec::lz4_raw, "LZ4_RAW"}};
  write_expected_csv(file("goog.csv"), expected_bars(goog_, false));
  for (const auto& [codec, name] : codecs) {
    SCOPED_TRACE(name);
    ParquetWriteOptions options;
    options.codec = codec;
    options.compression_level = codec == Codec::zstd ? 9 : 0;
    const std::string path = file(std::string(name) + ".parquet");
    write_parquet(goog_, path, options);
    expect_all_readers_agree(path, file("goog.csv"));
    for (const json& chunk : all_chunks(inspect(path))) EXPECT_EQ(chunk["codec"], name);
  }
}

TEST_F(ParquetInterop, UncompressedWithoutDictionary) {
  ParquetWriteOptions options;
  options.codec = Codec::uncompressed;
  options.dictionary = false;
  options.statistics = false;
  write_parquet(goog_, file("plain.parquet"), options);
  write_expected_csv(file("goog.csv"), expected_bars(goog_, false));
  expect_all_readers_agree(file("plain.parquet"), file("goog.csv"));
  for (const json& chunk : all_chunks(inspect(file("plain.parquet")))) {
    EXPECT_EQ(chunk["codec"], "UNCOMPRESSED");
    EXPECT_EQ(chunk["pages"], json({"DATA_PAGE/PLAIN x1"}));
    EXPECT_FALSE(chunk["has_statistics"].get<bool>());
    EXPECT_EQ(chunk["total_compressed_size"], chunk["total_uncompressed_size"]);
  }
}

TEST_F(ParquetInterop, SeveralRowGroupsAndPages) {
  ParquetWriteOptions options;
  options.row_group_rows = 500;
  options.page_bytes = 1000;  // 125 doubles per page: 4 pages per 500-row chunk
  write_parquet(goog_, file("groups.parquet"), options);
  write_expected_csv(file("goog.csv"), expected_bars(goog_, false));
  expect_all_readers_agree(file("groups.parquet"), file("goog.csv"));

  const json meta = inspect(file("groups.parquet"));
  ASSERT_EQ(meta["row_groups"].size(), 5U);
  const int rows[] = {500, 500, 500, 500, 148};
  for (std::size_t g = 0; g < 5; ++g) {
    EXPECT_EQ(meta["row_groups"][g]["num_rows"], rows[g]);
    EXPECT_EQ(chunk_of(meta, "close", g)["pages"],
              json({g < 4 ? "DATA_PAGE/PLAIN x4" : "DATA_PAGE/PLAIN x2"}));
  }
}

TEST_F(ParquetInterop, LongFormatSymbols) {
  const BarFrame tenth = goog_tenth(goog_);
  const std::vector<BarFrame> frames{goog_, tenth};
  write_parquet_panel(frames, file("long.parquet"));

  // Rows by timestamp, GOOG before GOOG10 at the same instant.
  std::vector<ExpectedColumn> columns{expected_ints("ts", {}), expected_strings("symbol", {})};
  for (Field f : k_fields) columns.push_back(expected_doubles(to_string(f), {}));
  for (std::size_t i = 0; i < goog_.size(); ++i) {
    for (const BarFrame* frame : {&std::as_const(goog_), &tenth}) {
      const std::size_t row = frame == &goog_ ? i : i / 2;
      if (frame == &tenth && i % 2 != 0) continue;
      columns[0].ints.push_back(frame->timestamps()[row]);
      columns[1].strings.push_back(frame->symbol());
      for (Field f : k_fields) {
        columns[2 + static_cast<std::size_t>(f)].doubles.push_back(frame->field(f)[row]);
      }
    }
  }
  ASSERT_EQ(columns[0].ints.size(), 2148U + 1074U);
  write_expected_csv(file("long.csv"), columns);
  expect_all_readers_agree(file("long.parquet"), file("long.csv"));

  const json meta = inspect(file("long.parquet"));
  EXPECT_EQ(meta["num_rows"], 3222);
  EXPECT_EQ(meta["schema"][2]["name"], "symbol");
  EXPECT_EQ(meta["schema"][2]["physical_type"], "BYTE_ARRAY");
  EXPECT_EQ(meta["schema"][2]["converted_type"], "UTF8");
  EXPECT_EQ(meta["schema"][2]["logical_type"]["type"], "STRING");
  EXPECT_EQ(meta["key_value_metadata_keys"], json({"qbt.frequency"}));
  EXPECT_EQ(chunk_of(meta, "symbol")["pages"],
            json({"DICTIONARY_PAGE/PLAIN x1", "DATA_PAGE/RLE_DICTIONARY x1"}));
  // GOOG10 repeats GOOG's timestamp, so the long ts column has a dictionary that pays.
  EXPECT_EQ(chunk_of(meta, "ts")["pages"],
            json({"DICTIONARY_PAGE/PLAIN x1", "DATA_PAGE/RLE_DICTIONARY x1"}));
}

TEST_F(ParquetInterop, Float32Prices) {
  ParquetWriteOptions options;
  options.float32_prices = true;
  write_parquet(goog_, file("f32.parquet"), options);
  write_expected_csv(file("f32.csv"), expected_bars(goog_, true));
  expect_all_readers_agree(file("f32.parquet"), file("f32.csv"));
  const json meta = inspect(file("f32.parquet"));
  expect_bar_schema(meta, "FLOAT");

  // The rounding is real: the unrounded doubles must not pass.
  write_expected_csv(file("f64.csv"), expected_bars(goog_, false));
  const auto result = qbt::testing::run_program(
      "node", {pq_script(), "check", file("f32.parquet"), file("f64.csv")});
  EXPECT_NE(result.out.find("0 passed, 3 failed"), std::string::npos) << result.out;
}

TEST_F(ParquetInterop, DeltaAndByteStreamSplit) {
  ParquetWriteOptions options;
  options.codec = Codec::zstd;
  options.dictionary = false;
  options.delta_integers = true;
  options.byte_stream_split = true;
  options.page_bytes = 4096;
  write_parquet(goog_, file("delta.parquet"), options);
  write_expected_csv(file("goog.csv"), expected_bars(goog_, false));
  expect_all_readers_agree(file("delta.parquet"), file("goog.csv"));
  const json meta = inspect(file("delta.parquet"));
  EXPECT_EQ(chunk_of(meta, "ts")["pages"], json({"DATA_PAGE/DELTA_BINARY_PACKED x5"}));
  EXPECT_EQ(chunk_of(meta, "open")["pages"], json({"DATA_PAGE/BYTE_STREAM_SPLIT x5"}));
}

TEST_F(ParquetInterop, GenericTableWithNullsSpecialValuesAndDictionaries) {
  // Real GOOG values, reshaped to reach what bars never do: nulls (the pattern of the samples'
  // expected_nulls.csv), a dictionary over doubles (whole-dollar closes), a one-entry dictionary
  // (index width 0), an all-null column, NaN / +-inf / -0.0 / subnormals, and UTF-8 strings.
  const std::size_t n = 300;
  std::vector<std::int64_t> ts(goog_.timestamps().begin(), goog_.timestamps().begin() + n);
  std::vector<double> close(goog_.close().begin(), goog_.close().begin() + n);
  std::vector<double> volume(goog_.volume().begin(), goog_.volume().begin() + n);
  std::vector<double> whole(n), constant(n, 1.5), empty(n, 0.0), special(n);
  std::vector<std::int64_t> weekday(n);
  std::vector<std::string> names(n);
  std::vector<std::uint8_t> volume_valid(n), close_valid(n, 1), none(n, 0);
  const double specials[] = {0.0,
                             -0.0,
                             std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::denorm_min(),
                             -1e-310,
                             std::numeric_limits<double>::max()};
  const char* labels[] = {"GOOG", "日経225", "BRK.B", "Ä"};
  for (std::size_t i = 0; i < n; ++i) {
    whole[i] = std::round(close[i]);
    special[i] = specials[i % 8];
    weekday[i] = (ts[i] / 86'400'000'000'000 + 4) % 7;  // 1970-01-01 was a Thursday
    names[i] = labels[(i / 7) % 4];
    volume_valid[i] = i % 3 == 2 ? 0 : 1;
  }
  close_valid[5] = close_valid[17] = 0;

  const std::vector<ColumnView> views{
      int_view("ts", ColumnKind::timestamp_ns, ts),
      string_view_column("symbol", names),
      double_view("close", close, close_valid),
      double_view("volume", volume, volume_valid),
      double_view("whole", whole),
      double_view("constant", constant),
      double_view("empty", empty, none),
      double_view("special", special),
      int_view("weekday", ColumnKind::int32, weekday),
  };
  ParquetWriteOptions options;
  options.row_group_rows = 128;
  write_parquet_table(views, file("table.parquet"), options, {{"origin", "qbt interop test"}});

  const std::vector<ExpectedColumn> expected{
      expected_ints("ts", ts),
      expected_strings("symbol", names),
      expected_doubles("close", close, close_valid),
      expected_doubles("volume", volume, volume_valid),
      expected_doubles("whole", whole),
      expected_doubles("constant", constant),
      expected_doubles("empty", empty, none),
      expected_doubles("special", special),
      expected_ints("weekday", weekday),
  };
  write_expected_csv(file("table.csv"), expected);
  expect_all_readers_agree(file("table.parquet"), file("table.csv"));

  const json meta = inspect(file("table.parquet"));
  EXPECT_EQ(meta["row_groups"].size(), 3U);
  EXPECT_EQ(meta["key_value_metadata_keys"], json({"origin"}));
  EXPECT_EQ(meta["schema"][3]["repetition"], "OPTIONAL");
  EXPECT_EQ(meta["schema"][9]["physical_type"], "INT32");
  const json dictionary_pages = {"DICTIONARY_PAGE/PLAIN x1", "DATA_PAGE/RLE_DICTIONARY x1"};
  for (const char* column : {"symbol", "whole", "constant", "weekday"}) {
    EXPECT_EQ(chunk_of(meta, column)["pages"], dictionary_pages) << column;
  }
  EXPECT_EQ(chunk_of(meta, "close")["pages"], json({"DATA_PAGE/PLAIN x1"}));
  EXPECT_EQ(chunk_of(meta, "close")["encodings"], json({"RLE", "PLAIN"}));
}

}  // namespace
}  // namespace qbt::data::parquet
