// Chunked readers give the bars a whole load gives, in order, for any chunk size: slices of a
// frame, native files (time range, checksums verified window by window) and Parquet files (row
// group by row group). Streaming a native file keeps resident memory near one chunk. CSV is
// refused with the way out.

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/bar_chunks.hpp"
#include "qbt/data/native_store.hpp"
#include "qbt/data/parquet/parquet_writer.hpp"
#include "qbt/data/synthetic.hpp"
#include "qbt/monitor/resource_usage.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::data {
namespace {

BarFrame synthetic(std::int64_t n, std::uint64_t seed = 4) {
  SyntheticOptions options;
  options.bars = n;
  options.seed = seed;
  return generate_bars(options);
}

/// Every chunk of `chunks` in chunks of `rows`, appended into one frame.
BarFrame read_all(BarChunks& chunks, std::size_t rows, std::size_t* count = nullptr) {
  BarFrameBuilder builder;
  std::size_t n = 0;
  for (BarFrame chunk = chunks.next(rows); !chunk.empty(); chunk = chunks.next(rows)) {
    EXPECT_LE(chunk.size(), rows);
    builder.append(chunk);
    ++n;
  }
  if (count != nullptr) {
    *count = n;
  }
  return builder.finish();
}

TEST(BarChunks, FrameChunksSliceTheFrameInOrder) {
  const BarFrame frame = synthetic(1'000);
  const auto chunks = frame_chunks(frame);
  for (const std::size_t rows :
       {std::size_t{1}, std::size_t{7}, std::size_t{1000}, std::size_t{5000}}) {
    chunks->rewind();
    std::size_t count = 0;
    EXPECT_TRUE(read_all(*chunks, rows, &count).same_bars(frame)) << rows;
    EXPECT_EQ(count, (frame.size() + rows - 1) / rows);
    EXPECT_TRUE(chunks->next(rows).empty());
  }
  EXPECT_EQ(chunks->block_rows(), 0U);
  EXPECT_EQ(chunks->symbol(), frame.symbol());
}

TEST(BarChunks, NativeChunksGiveTheFileBarsAndTimeRange) {
  const testing::TempDir dir;
  const BarFrame frame = synthetic(5'000);
  const std::string path = dir.file("bars.qbt");
  write_native(frame, path);
  const auto chunks = open_bar_chunks(path);
  EXPECT_EQ(chunks->symbol(), frame.symbol());
  for (const std::size_t rows : {std::size_t{1}, std::size_t{333}, std::size_t{10'000}}) {
    chunks->rewind();
    EXPECT_TRUE(read_all(*chunks, rows).same_bars(frame)) << rows;
  }
  LoadOptions range;
  range.from = frame.timestamps()[1000];
  range.until = frame.timestamps()[3210] + 1;
  const auto clipped = open_bar_chunks(path, range);
  EXPECT_TRUE(read_all(*clipped, 256).same_bars(load_bars(path, range).frame));
  EXPECT_TRUE(read_all(*clipped, 256).empty());  // exhausted until rewound
}

TEST(BarChunks, NativeChecksumsAreVerifiedUnlessTurnedOff) {
  const testing::TempDir dir;
  const BarFrame frame = synthetic(2'000);
  const std::string path = dir.file("bars.qbt");
  write_native(frame, path);
  {
    // Flip a bit in the last byte of the file: the volume column's last value.
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(-1, std::ios::end);
    char byte = 0;
    file.read(&byte, 1);
    byte = static_cast<char>(byte ^ 1);
    file.seekp(-1, std::ios::end);
    file.write(&byte, 1);
  }
  try {
    (void)open_bar_chunks(path);
    FAIL() << "expected DataError";
  } catch (const DataError& error) {
    EXPECT_NE(std::string(error.what()).find("checksum mismatch in column volume"),
              std::string::npos)
        << error.what();
  }
  LoadOptions no_verify;
  no_verify.native.verify_checksums = false;
  EXPECT_EQ(read_all(*open_bar_chunks(path, no_verify), 512).size(), frame.size());
}

TEST(BarChunks, StreamingANativeFileKeepsResidentMemoryNearOneChunk) {
  const testing::TempDir dir;
  const std::string path = dir.file("big.qbt");
  constexpr std::int64_t k_rows = 1'500'000;  // 72 MB of columns
  write_native(synthetic(k_rows, 8), path);
  const std::uint64_t before = monitor::resource_usage().rss_bytes;
  const auto chunks = open_bar_chunks(path);  // verifies every checksum
  std::uint64_t highest = monitor::resource_usage().rss_bytes;
  constexpr std::size_t k_chunk = 65'536;  // 3 MB of bars
  double checksum = 0.0;
  std::size_t rows = 0;
  for (BarFrame chunk = chunks->next(k_chunk); !chunk.empty(); chunk = chunks->next(k_chunk)) {
    for (const Field f : k_fields) {
      for (const double x : chunk.field(f)) {
        checksum += x;
      }
    }
    for (const Timestamp t : chunk.timestamps()) {
      checksum += static_cast<double>(t & 1);
    }
    rows += chunk.size();
    highest = std::max(highest, monitor::resource_usage().rss_bytes);
  }
  EXPECT_EQ(rows, static_cast<std::size_t>(k_rows));
  EXPECT_GT(checksum, 0.0);
  // Whole: 72 MB would become resident. Chunked: a chunk (3 MB) plus slack.
  EXPECT_LT(highest - std::min(highest, before), std::uint64_t{24} << 20)
      << "before " << before << " highest " << highest;
}

TEST(BarChunks, ParquetChunksGoRowGroupByRowGroup) {
  const testing::TempDir dir;
  const BarFrame frame = synthetic(3'000);
  const std::string path = dir.file("bars.parquet");
  parquet::ParquetWriteOptions write;
  write.row_group_rows = 700;
  parquet::write_parquet(frame, path, write);
  const LoadResult whole = load_bars(path);
  const auto chunks = open_bar_chunks(path);
  EXPECT_EQ(chunks->block_rows(), 700U);
  EXPECT_EQ(chunks->symbol(), whole.frame.symbol());
  for (const std::size_t rows :
       {std::size_t{1}, std::size_t{256}, std::size_t{700}, std::size_t{5'000}}) {
    chunks->rewind();
    EXPECT_TRUE(read_all(*chunks, rows).same_bars(whole.frame)) << rows;
  }
  LoadOptions range;
  range.from = frame.timestamps()[650];
  range.until = frame.timestamps()[2001];
  EXPECT_TRUE(read_all(*open_bar_chunks(path, range), 100).same_bars(load_bars(path, range).frame));
}

TEST(BarChunks, CsvIsRefusedWithTheConversionToUse) {
  const testing::TempDir dir;
  const std::string path = dir.write("bars.csv", "timestamp,open,high,low,close,volume\n");
  EXPECT_FALSE(is_chunkable(path));
  try {
    (void)open_bar_chunks(path);
    FAIL() << "expected UserInputError";
  } catch (const UserInputError& error) {
    EXPECT_NE(std::string(error.what()).find("qbt data convert"), std::string::npos)
        << error.what();
  }
}

TEST(BarChunks, ChunkableFilesAreNativeOrParquet) {
  const testing::TempDir dir;
  const std::string native = dir.file("a.qbt");
  write_native(synthetic(10), native);
  EXPECT_TRUE(is_chunkable(native));
  const std::string parquet_path = dir.file("a.parquet");
  parquet::write_parquet(synthetic(10), parquet_path);
  EXPECT_TRUE(is_chunkable(parquet_path));
  EXPECT_FALSE(is_chunkable(dir.file("missing.csv")));
}

}  // namespace
}  // namespace qbt::data
