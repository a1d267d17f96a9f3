#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "qbt/data/native_store.hpp"
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "qbt/core/error.hpp"
#include "qbt/testing/temp_dir.hpp"

namespace qbt::data {
namespace {

// Byte offsets and values below come from docs/native-format.md, not from the implementation.
constexpr std::size_t k_version_at = 8;
constexpr std::size_t k_marker_at = 12;
constexpr std::size_t k_header_size_at = 16;
constexpr std::size_t k_flags_at = 20;
constexpr std::size_t k_rows_at = 24;
constexpr std::size_t k_frequency_at = 32;
constexpr std::size_t k_column_count_at = 40;
constexpr std::size_t k_symbol_length_at = 44;
constexpr std::size_t k_header_checksum_at = 56;
constexpr std::size_t k_directory_at = 64;
constexpr std::size_t k_entry_size = 32;

/// Directory entry `i` (0 timestamp, 1 open, 2 high, 3 low, 4 close, 5 volume) + field offset.
constexpr std::size_t entry(std::size_t i, std::size_t field) {
  return k_directory_at + i * k_entry_size + field;
}
constexpr std::size_t k_kind = 0;
constexpr std::size_t k_type = 1;
constexpr std::size_t k_offset = 8;
constexpr std::size_t k_length = 16;
constexpr std::size_t k_checksum = 24;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

template <class T>
T get(const std::string& bytes, std::size_t at) {
  T value;
  std::memcpy(&value, bytes.data() + at, sizeof(T));
  return value;
}

template <class T>
void put(std::string& bytes, std::size_t at, T value) {
  std::memcpy(bytes.data() + at, &value, sizeof(T));
}

/// Recompute the header checksum as the spec defines it: XXH3-64 (seed 0) of header bytes
/// [0, 56) followed by [64, header_size).
std::uint64_t spec_header_checksum(const std::string& bytes) {
  const auto header_size = get<std::uint32_t>(bytes, k_header_size_at);
  const std::string covered =
      bytes.substr(0, k_header_checksum_at) + bytes.substr(64, header_size - 64);
  return XXH3_64bits(covered.data(), covered.size());
}

void reseal(std::string& bytes) {
  put(bytes, k_header_checksum_at, spec_header_checksum(bytes));
}

/// Three daily SPY bars: a 259-byte header ("SPY") padded to 320, columns of 24 bytes at 320, 384,
/// ..., 640; the file is 640 + 24 = 664 bytes.
BarFrame three_bars() {
  BarFrameBuilder builder("SPY", Frequency::days(1));
  builder.append(0, 10, 11, 9, 10.5, 100);
  builder.append(k_ns_per_day, 10.5, 12, 10, 11.5, 200);
  builder.append(2 * k_ns_per_day, 11.5, 11.5, 10.5, 11, 300);
  return builder.finish();
}

BarFrame random_walk(std::size_t rows, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0.0, 0.01);
  std::uniform_real_distribution<double> spread(0.0, 0.005);
  std::uniform_real_distribution<double> volume(1e3, 1e6);
  BarFrameBuilder builder("BTC-USD", Frequency::minutes(1));
  builder.reserve(rows);
  double price = 100.0;
  Timestamp ts = 1'600'000'000LL * k_ns_per_second;
  for (std::size_t i = 0; i < rows; ++i) {
    const double open = price;
    price *= std::exp(step(rng));
    const double high = std::max(open, price) * (1.0 + spread(rng));
    const double low = std::min(open, price) * (1.0 - spread(rng));
    builder.append(ts, open, high, low, price, volume(rng));
    ts += k_ns_per_minute;
  }
  return builder.finish();
}

class NativeStoreTest : public ::testing::Test {
protected:
  /// Write three_bars(), let `corrupt` edit the bytes, and return the DataError of reading it.
  template <class Corrupt>
  DataError read_corrupted(Corrupt corrupt, NativeReadOptions options = {}) {
    write_native(three_bars(), path_);
    std::string bytes = read_bytes(path_);
    corrupt(bytes);
    write_bytes(path_, bytes);
    try {
      static_cast<void>(read_native(path_, options));
    } catch (const DataError& e) {
      EXPECT_EQ(e.category(), ErrorCategory::data);
      EXPECT_EQ(e.location().file, path_);
      EXPECT_EQ(std::string(e.what()), e.message() + " at " + path_);
      return e;
    }
    ADD_FAILURE() << "expected a DataError";
    return DataError("no error");
  }

  testing::TempDir dir_;
  std::string path_ = dir_.file("bars.qbt");
};

TEST_F(NativeStoreTest, RoundTripsHandBuiltFrame) {
  const BarFrame original = three_bars();
  write_native(original, path_);
  const BarFrame loaded = read_native(path_);
  EXPECT_TRUE(loaded.same_bars(original));
  EXPECT_EQ(loaded.symbol(), "SPY");
  EXPECT_EQ(loaded.frequency(), Frequency::days(1));
  ASSERT_EQ(loaded.size(), 3U);
  EXPECT_EQ(loaded.timestamps()[2], 2 * k_ns_per_day);
  EXPECT_EQ(loaded.high()[1], 12.0);
  EXPECT_EQ(loaded.close()[2], 11.0);
  EXPECT_EQ(loaded.volume()[0], 100.0);
  EXPECT_EQ(std::filesystem::file_size(path_), 664U);
}

TEST_F(NativeStoreTest, RoundTripsRandomWalkBitForBit) {
  const BarFrame original = random_walk(10'007, 42);
  write_native(original, path_);
  for (const bool verify : {true, false}) {
    const BarFrame loaded = read_native(path_, {.verify_checksums = verify});
    EXPECT_TRUE(loaded.same_bars(original));
    EXPECT_EQ(loaded.symbol(), "BTC-USD");
    EXPECT_EQ(loaded.frequency(), Frequency::minutes(1));
  }
}

TEST_F(NativeStoreTest, PreservesIrregularFrequencyAndEmptySymbol) {
  BarFrameBuilder builder;
  builder.append(5, 1, 1, 1, 1, 0);
  write_native(builder.finish(), path_);
  const BarFrame loaded = read_native(path_);
  EXPECT_EQ(loaded.symbol(), "");
  EXPECT_FALSE(loaded.frequency().regular());
  EXPECT_EQ(loaded.timestamps()[0], 5);
}

/// The address range of the mapping of `path` in this process, from /proc/self/maps.
std::pair<std::uintptr_t, std::uintptr_t> mapping_of(const std::string& path) {
  const std::string wanted = std::filesystem::canonical(path).string();
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.size() >= wanted.size() &&
        line.compare(line.size() - wanted.size(), wanted.size(), wanted) == 0) {
      std::istringstream in(line);
      std::uintptr_t begin = 0;
      std::uintptr_t end = 0;
      char dash = 0;
      in >> std::hex >> begin >> dash >> end;
      return {begin, end};
    }
  }
  return {0, 0};
}

TEST_F(NativeStoreTest, ColumnsAreAlignedPointersIntoTheMapping) {
  write_native(random_walk(1000, 7), path_);
  const BarFrame loaded = read_native(path_);
  const auto [begin, end] = mapping_of(path_);
  ASSERT_NE(begin, 0U) << "no mapping of " << path_;
  const auto inside = [&](const void* p, std::size_t bytes) {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    return at >= begin && at + bytes <= end;
  };
  const auto* ts = loaded.timestamps().data();
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(ts) % 64, 0U);
  EXPECT_TRUE(inside(ts, 8000));
  // The header ("BTC-USD") is 263 bytes, so the first column sits at file offset 320; 1000 rows
  // make 8000-byte columns, already a multiple of 64, so the columns follow without padding.
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(ts) - begin, 320U);
  for (const Field f : k_fields) {
    const double* column = loaded.field(f).data();
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(column) % 64, 0U) << to_string(f);
    EXPECT_TRUE(inside(column, 8000)) << to_string(f);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(column) - reinterpret_cast<std::uintptr_t>(ts),
              8000U * (static_cast<std::size_t>(f) + 1))
        << to_string(f);
  }
}

TEST_F(NativeStoreTest, FrameOutlivesReaderAndFile) {
  BarFrame kept;
  {
    write_native(three_bars(), path_);
    const BarFrame loaded = read_native(path_);
    kept = loaded.slice(1, 3);
  }
  std::filesystem::remove(path_);
  ASSERT_EQ(kept.size(), 2U);
  EXPECT_EQ(kept.timestamps()[0], k_ns_per_day);
  EXPECT_EQ(kept.open()[1], 11.5);
  EXPECT_EQ(kept.symbol(), "SPY");
}

TEST_F(NativeStoreTest, EmptyFrameRoundTrips) {
  write_native(BarFrameBuilder("EMPTY", Frequency::minutes(5)).finish(), path_);
  // Header 64 + 192 + 5 = 261 bytes, padded to 320; every column is empty at offset 320.
  EXPECT_EQ(std::filesystem::file_size(path_), 320U);
  const BarFrame loaded = read_native(path_);
  EXPECT_TRUE(loaded.empty());
  EXPECT_EQ(loaded.symbol(), "EMPTY");
  EXPECT_EQ(loaded.frequency(), Frequency::minutes(5));
  EXPECT_TRUE(loaded.same_bars(BarFrame()));
}

TEST_F(NativeStoreTest, GoldenHeaderBytes) {
  BarFrameBuilder builder("AB", Frequency::minutes(1));
  builder.append(0, 1.0, 2.0, 0.5, 1.5, 10.0);
  builder.append(60 * k_ns_per_second, 1.5, 2.5, 1.0, 2.0, 20.0);
  write_native(builder.finish(), path_);
  const std::string bytes = read_bytes(path_);
  // The worked example of docs/native-format.md.
  ASSERT_EQ(bytes.size(), 656U);
  const unsigned char expected_fixed[56] = {
      'Q',  'B',  'T',  'B',  'A',  'R',  'S',  0x00,  // magic
      0x01, 0x00, 0x00, 0x00,                          // version 1
      0x04, 0x03, 0x02, 0x01,                          // byte order marker 0x01020304
      0x02, 0x01, 0x00, 0x00,                          // header size 258
      0x00, 0x00, 0x00, 0x00,                          // flags
      0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 2 rows
      0x00, 0x58, 0x47, 0xf8, 0x0d, 0x00, 0x00, 0x00,  // 60'000'000'000 ns
      0x06, 0x00, 0x00, 0x00,                          // 6 columns
      0x02, 0x00, 0x00, 0x00,                          // symbol length 2
      0x90, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // file size 656
  };
  EXPECT_EQ(std::memcmp(bytes.data(), expected_fixed, sizeof(expected_fixed)), 0);
  EXPECT_EQ(get<std::uint64_t>(bytes, k_header_checksum_at), spec_header_checksum(bytes));

  const unsigned char expected_timestamp_entry[24] = {
      0x01, 0x01, 0, 0, 0, 0, 0, 0,  // kind 1 (timestamp), type 1 (int64), reserved
      0x40, 0x01, 0, 0, 0, 0, 0, 0,  // offset 320
      0x10, 0x00, 0, 0, 0, 0, 0, 0,  // length 16
  };
  EXPECT_EQ(std::memcmp(bytes.data() + entry(0, 0), expected_timestamp_entry, 24), 0);
  const unsigned char expected_close_entry[24] = {
      0x05, 0x02, 0, 0, 0, 0, 0, 0,  // kind 5 (close), type 2 (float64), reserved
      0x40, 0x02, 0, 0, 0, 0, 0, 0,  // offset 576
      0x10, 0x00, 0, 0, 0, 0, 0, 0,  // length 16
  };
  EXPECT_EQ(std::memcmp(bytes.data() + entry(4, 0), expected_close_entry, 24), 0);
  EXPECT_EQ(get<std::uint64_t>(bytes, entry(0, k_checksum)), XXH3_64bits(bytes.data() + 320, 16));
  EXPECT_EQ(get<std::uint64_t>(bytes, entry(4, k_checksum)), XXH3_64bits(bytes.data() + 576, 16));

  EXPECT_EQ(bytes.substr(256, 2), "AB");
  EXPECT_EQ(bytes.substr(258, 62), std::string(62, '\0'));
  const unsigned char second_timestamp[8] = {0x00, 0x58, 0x47, 0xf8, 0x0d, 0x00, 0x00, 0x00};
  EXPECT_EQ(std::memcmp(bytes.data() + 328, second_timestamp, 8), 0);
  const unsigned char close_1_5[8] = {0, 0, 0, 0, 0, 0, 0xf8, 0x3f};  // 1.5 = 0x3FF8000000000000
  EXPECT_EQ(std::memcmp(bytes.data() + 576, close_1_5, 8), 0);
}

TEST_F(NativeStoreTest, EmptyColumnChecksumIsXxh3OfNothing) {
  write_native(BarFrameBuilder().finish(), path_);
  const std::string bytes = read_bytes(path_);
  // XXH3-64 of the empty input with seed 0, from xxHash's published test vectors.
  EXPECT_EQ(get<std::uint64_t>(bytes, entry(0, k_checksum)), 0x2D06800538D394C2ULL);
  EXPECT_EQ(get<std::uint64_t>(bytes, entry(5, k_checksum)), 0x2D06800538D394C2ULL);
}

TEST_F(NativeStoreTest, IsNativeFileChecksMagic) {
  write_native(three_bars(), path_);
  EXPECT_TRUE(is_native_file(path_));
  EXPECT_FALSE(is_native_file(dir_.write("bars.csv", "timestamp,open,high,low,close,volume\n")));
  EXPECT_FALSE(is_native_file(dir_.write("short.qbt", "QBTBARS")));
  EXPECT_FALSE(is_native_file(dir_.write("empty.qbt", "")));
  EXPECT_FALSE(is_native_file(dir_.file("missing.qbt")));
  EXPECT_FALSE(is_native_file(dir_.path().string()));
  // Only the magic is checked: a damaged file is still dispatched to the native reader.
  EXPECT_TRUE(is_native_file(dir_.write("magic-only.qbt", std::string("QBTBARS\0", 8))));
}

TEST_F(NativeStoreTest, WriteReplacesExistingFileAndLeavesNoTemporary) {
  write_native(three_bars(), path_);
  write_native(random_walk(100, 1), path_);
  EXPECT_EQ(read_native(path_).size(), 100U);
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
}

TEST_F(NativeStoreTest, WriteRefusesUnsortedTimestamps) {
  BarFrameBuilder builder("X", Frequency::days(1));
  builder.append(0, 1, 1, 1, 1, 1);
  builder.append(k_ns_per_day, 1, 1, 1, 1, 1);
  builder.append(k_ns_per_day, 1, 1, 1, 1, 1);
  try {
    write_native(builder.finish(), path_);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.message(),
              "timestamps are not strictly increasing at row 3 (1970-01-02T00:00:00Z after "
              "1970-01-02T00:00:00Z); "
              "refusing to write");
    EXPECT_EQ(e.location().file, path_);
  }
  EXPECT_FALSE(std::filesystem::exists(path_));
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
}

TEST_F(NativeStoreTest, WriteRefusesOverlongSymbol) {
  BarFrame frame = three_bars();
  frame.set_symbol(std::string(1025, 'S'));
  try {
    write_native(frame, path_);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.message(),
              "symbol of 1025 bytes exceeds the native limit of 1024 bytes; refusing to write");
  }
  frame.set_symbol(std::string(1024, 'S'));
  write_native(frame, path_);
  EXPECT_EQ(read_native(path_).symbol(), std::string(1024, 'S'));
}

TEST_F(NativeStoreTest, WriteFailureIsIoErrorNamingPath) {
  const std::string path = dir_.file("no-such-dir/bars.qbt");
  try {
    write_native(three_bars(), path);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_EQ(e.category(), ErrorCategory::io);
    EXPECT_EQ(e.message(),
              "cannot create temporary file " + path + ".tmp: No such file or directory");
    EXPECT_EQ(e.location().file, path);
  }
}

TEST_F(NativeStoreTest, MissingFileIsIoError) {
  EXPECT_THROW(static_cast<void>(read_native(dir_.file("missing.qbt"))), IoError);
}

TEST_F(NativeStoreTest, RejectsWrongMagic) {
  EXPECT_EQ(read_corrupted([](std::string& b) { b[0] = 'X'; }).message(), "not a qbt native file");
  EXPECT_EQ(read_corrupted([](std::string& b) { b = "timestamp,open\n"; }).message(),
            "not a qbt native file");
  EXPECT_EQ(read_corrupted([](std::string& b) { b = "QBT"; }).message(), "not a qbt native file");
  EXPECT_EQ(read_corrupted([](std::string& b) { b.clear(); }).message(), "not a qbt native file");
}

TEST_F(NativeStoreTest, RejectsUnsupportedVersion) {
  EXPECT_EQ(
      read_corrupted([](std::string& b) { put<std::uint32_t>(b, k_version_at, 2); }).message(),
      "unsupported format version 2 (this build reads version 1)");
}

TEST_F(NativeStoreTest, RejectsBigEndianFile) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              b.replace(k_marker_at, 4, "\x01\x02\x03\x04");
            }).message(),
            "unsupported byte order marker 0x04030201 (only little-endian files, marker "
            "0x01020304, are supported)");
}

TEST_F(NativeStoreTest, RejectsTruncatedFile) {
  EXPECT_EQ(read_corrupted([](std::string& b) { b.resize(40); }).message(),
            "truncated file: 40 bytes is shorter than the 64-byte fixed header");
  // "SPY": the header is 64 + 6 * 32 + 3 = 259 bytes.
  EXPECT_EQ(read_corrupted([](std::string& b) { b.resize(100); }).message(),
            "truncated file: the header needs 259 bytes but the file has 100");
  EXPECT_EQ(read_corrupted([](std::string& b) { b.resize(656); }).message(),
            "truncated file: the header records 664 bytes but the file has 656");
  EXPECT_EQ(read_corrupted([](std::string& b) { b.resize(320); }).message(),
            "truncated file: the header records 664 bytes but the file has 320");
}

TEST_F(NativeStoreTest, RejectsTrailingBytes) {
  EXPECT_EQ(read_corrupted([](std::string& b) { b += "extra"; }).message(),
            "file has 669 bytes but the header records 664 (trailing bytes)");
}

TEST_F(NativeStoreTest, RejectsHeaderChecksumMismatch) {
  EXPECT_EQ(read_corrupted([](std::string& b) { b[256] = 'Q'; }).message(),
            "checksum mismatch in header");
  EXPECT_EQ(read_corrupted([](std::string& b) { put<std::uint64_t>(b, k_rows_at, 4); }).message(),
            "checksum mismatch in header");
  // Verified even when column checksums are not.
  EXPECT_EQ(read_corrupted([](std::string& b) { b[k_frequency_at] = '\x01'; },
                           {.verify_checksums = false})
                .message(),
            "checksum mismatch in header");
}

TEST_F(NativeStoreTest, RejectsAbsurdSymbolLength) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint32_t>(b, k_symbol_length_at, 0xffffffffU);
            }).message(),
            "symbol length 4294967295 exceeds the limit of 1024 bytes");
  // Within the limit but beyond what the header size allows.
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint32_t>(b, k_symbol_length_at, 1000);
            }).message(),
            "header size 259 is smaller than the 1256 bytes its 6 columns and symbol need");
}

TEST_F(NativeStoreTest, RejectsAbsurdColumnCount) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint32_t>(b, k_column_count_at, 1000);
            }).message(),
            "column count 1000 exceeds the limit of 64");
}

TEST_F(NativeStoreTest, RejectsColumnsBeyondTheFile) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint64_t>(b, entry(4, k_offset), 1ULL << 40);
              reseal(b);
            }).message(),
            "column close extends beyond the end of the file (offset 1099511627776, length 24, "
            "file size 664)");
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint64_t>(b, entry(5, k_length), 48);
              reseal(b);
            }).message(),
            "column volume extends beyond the end of the file (offset 640, length 48, file size "
            "664)");
}

TEST_F(NativeStoreTest, RejectsOverflowingOffsetsAndLengths) {
  // offset + length wraps around to a small number; a naive `offset + length <= size` passes.
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint64_t>(b, entry(0, k_length), ~std::uint64_t{0} - 100);
              reseal(b);
            }).message(),
            "column timestamp extends beyond the end of the file (offset 320, length "
            "18446744073709551515, file size 664)");
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint64_t>(b, entry(1, k_offset), ~std::uint64_t{63});
              put<std::uint64_t>(b, entry(1, k_length), 128);
              reseal(b);
            }).message(),
            "column open extends beyond the end of the file (offset 18446744073709551552, length "
            "128, file size 664)");
}

TEST_F(NativeStoreTest, RejectsMisalignedAndOverlappingColumns) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint64_t>(b, entry(4, k_offset), 584);
              reseal(b);
            }).message(),
            "column close offset 584 is not 64-byte aligned");
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint64_t>(b, entry(1, k_offset), 0);
              reseal(b);
            }).message(),
            "column open overlaps the header (offset 0, header size 259)");
}

TEST_F(NativeStoreTest, RejectsRowCountInconsistentWithLengths) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint64_t>(b, k_rows_at, 4);
              reseal(b);
            }).message(),
            "column timestamp has 24 bytes but the header records 4 rows of 8 bytes");
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint64_t>(b, entry(2, k_length), 23);
              reseal(b);
            }).message(),
            "column high has 23 bytes but the header records 3 rows of 8 bytes");
}

TEST_F(NativeStoreTest, RowCountTimesWidthMayNotOverflow) {
  // 2^61 rows * 8 bytes wraps to 0, which would match the empty columns of an empty frame.
  write_native(BarFrameBuilder().finish(), path_);
  std::string bytes = read_bytes(path_);
  put<std::uint64_t>(bytes, k_rows_at, 1ULL << 61);
  reseal(bytes);
  write_bytes(path_, bytes);
  try {
    static_cast<void>(read_native(path_));
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.message(),
              "column timestamp has 0 bytes but the header records 2305843009213693952 rows of 8 "
              "bytes");
  }
}

TEST_F(NativeStoreTest, RejectsColumnChecksumMismatch) {
  // Flip one bit of close[1] (file offset 576 + 8).
  const auto flip = [](std::string& b) { b[584] = static_cast<char>(b[584] ^ 0x01); };
  EXPECT_EQ(read_corrupted(flip).message(), "checksum mismatch in column close");
  // Without verification the damaged value is served as stored.
  const BarFrame loaded = read_native(path_, {.verify_checksums = false});
  EXPECT_NE(loaded.close()[1], 11.5);
  EXPECT_EQ(loaded.close()[0], 10.5);
}

TEST_F(NativeStoreTest, LargeFilesReportTheFirstMismatchInDirectoryOrder) {
  // 100'000 rows = 4.8 MB of columns, enough for the reader to hash columns concurrently.
  // Header "BTC-USD" = 263 bytes -> first column at 320; each column is 800'000 bytes (a multiple
  // of 64), so open starts at 800'320 and volume at 4'000'320.
  const BarFrame original = random_walk(100'000, 3);
  write_native(original, path_);
  EXPECT_TRUE(read_native(path_).same_bars(original));
  std::string bytes = read_bytes(path_);
  bytes[4'000'320 + 99'999 * 8] = static_cast<char>(bytes[4'000'320 + 99'999 * 8] ^ 0x10);
  write_bytes(path_, bytes);
  try {
    static_cast<void>(read_native(path_));
    ADD_FAILURE() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.message(), "checksum mismatch in column volume");
  }
  bytes[800'320] = static_cast<char>(bytes[800'320] ^ 0x01);
  write_bytes(path_, bytes);
  try {
    static_cast<void>(read_native(path_));
    ADD_FAILURE() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(e.message(), "checksum mismatch in column open");
  }
}

TEST_F(NativeStoreTest, RejectsBadDirectoryEntries) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              b[entry(4, k_type)] = 3;
              reseal(b);
            }).message(),
            "unsupported value type 3 for column close");
  EXPECT_EQ(read_corrupted([](std::string& b) {
              b[entry(5, k_kind)] = 5;
              reseal(b);
            }).message(),
            "duplicate column close");
  // An unknown kind is a column from a later writer: skipped, so volume is now missing.
  EXPECT_EQ(read_corrupted([](std::string& b) {
              b[entry(5, k_kind)] = 42;
              reseal(b);
            }).message(),
            "missing column volume");
  // Fewer directory entries than columns: the last one is never seen.
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint32_t>(b, k_column_count_at, 5);
              reseal(b);
            }).message(),
            "missing column volume");
}

/// Add a seventh directory entry of kind 42 (unknown to this reader) covering the timestamp
/// bytes, as a later writer adding a column would. It fits in the header's padding: the header
/// grows from 259 to 291 bytes and the columns stay at 320.
std::string with_unknown_column(std::string bytes, std::uint64_t checksum) {
  std::string added(k_entry_size, '\0');
  added[k_kind] = 42;
  added[k_type] = 9;
  put<std::uint64_t>(added, k_offset, 320);
  put<std::uint64_t>(added, k_length, 24);
  put<std::uint64_t>(added, k_checksum, checksum);
  bytes.insert(entry(6, 0), added);
  bytes.erase(320, k_entry_size);
  put<std::uint32_t>(bytes, k_column_count_at, 7);
  put<std::uint32_t>(bytes, k_header_size_at, 291);
  reseal(bytes);
  return bytes;
}

TEST_F(NativeStoreTest, SkipsColumnsOfUnknownKindButVerifiesThem) {
  write_native(three_bars(), path_);
  const std::string original = read_bytes(path_);
  const std::uint64_t timestamp_checksum = XXH3_64bits(original.data() + 320, 24);
  write_bytes(path_, with_unknown_column(original, timestamp_checksum));
  const BarFrame loaded = read_native(path_);
  EXPECT_TRUE(loaded.same_bars(three_bars()));
  EXPECT_EQ(loaded.symbol(), "SPY");

  EXPECT_EQ(read_corrupted([&](std::string& b) {
              b = with_unknown_column(b, timestamp_checksum + 1);
            }).message(),
            "checksum mismatch in column #6 (kind 42)");
}

TEST_F(NativeStoreTest, RejectsUnknownRequiredFlagsButIgnoresOptionalOnes) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::uint32_t>(b, k_flags_at, 1);
              reseal(b);
            }).message(),
            "unsupported feature flags 0x00000001");
  write_native(three_bars(), path_);
  std::string bytes = read_bytes(path_);
  put<std::uint32_t>(bytes, k_flags_at, 0x00010000);
  reseal(bytes);
  write_bytes(path_, bytes);
  EXPECT_TRUE(read_native(path_).same_bars(three_bars()));
}

TEST_F(NativeStoreTest, RejectsNegativeFrequency) {
  EXPECT_EQ(read_corrupted([](std::string& b) {
              put<std::int64_t>(b, k_frequency_at, -5);
              reseal(b);
            }).message(),
            "negative frequency -5 ns");
}

}  // namespace
}  // namespace qbt::data
