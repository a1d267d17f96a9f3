// The writer's encoders against byte vectors worked out by hand from apache/parquet-format
// Encodings.md, and against the reader's decoders (written separately) on random inputs.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qbt/data/parquet/decoding.hpp"
#include "qbt/data/parquet/encoding.hpp"

namespace qbt::data::parquet {
namespace {

std::vector<std::uint8_t> bytes_of(const std::string& s) {
  return {s.begin(), s.end()};
}

std::span<const std::uint8_t> span_of(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

using Bytes = std::vector<std::uint8_t>;

TEST(ParquetEncoding, BitWidth) {
  EXPECT_EQ(bit_width_for(0), 0);
  EXPECT_EQ(bit_width_for(1), 1);
  EXPECT_EQ(bit_width_for(2), 2);
  EXPECT_EQ(bit_width_for(7), 3);
  EXPECT_EQ(bit_width_for(255), 8);
  EXPECT_EQ(bit_width_for(256), 9);
  EXPECT_EQ(bit_width_for(std::numeric_limits<std::uint64_t>::max()), 64);
}

TEST(ParquetEncoding, Uleb128) {
  // 624485 is the worked example of the LEB128 article the format cites.
  const std::pair<std::uint64_t, Bytes> cases[] = {
      {0, {0x00}}, {127, {0x7f}}, {128, {0x80, 0x01}}, {624485, {0xe5, 0x8e, 0x26}}};
  for (const auto& [value, expected] : cases) {
    std::string out;
    append_uleb128(value, out);
    EXPECT_EQ(bytes_of(out), expected) << value;
  }
}

TEST(ParquetEncoding, PlainIsLittleEndianValueBytes) {
  std::string out;
  const std::vector<std::int64_t> ints{1, -2};
  encode_plain_int64(ints, out);
  encode_plain_int32(ints, out);
  EXPECT_EQ(bytes_of(out), (Bytes{1,    0,    0,    0,    0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff,
                                  0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff}));
  out.clear();
  const std::vector<double> doubles{1.0, -0.0};
  encode_plain_double(doubles, out);
  encode_plain_float(doubles, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0, 0, 0,    0,    0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x80,  //
                                  0, 0, 0x80, 0x3f, 0, 0, 0,    0x80}));
  out.clear();
  const std::vector<std::string_view> strings{"ab", "", "\xc3\xa4"};
  encode_plain_byte_array(strings, out);
  EXPECT_EQ(bytes_of(out), (Bytes{2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0, 2, 0, 0, 0, 0xc3, 0xa4}));
}

TEST(ParquetEncoding, PlainFloatRoundsToNearest) {
  // 0.1 lies between two floats; round-to-nearest picks 0x3dcccccd.
  std::string out;
  const std::vector<double> values{0.1};
  encode_plain_float(values, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0xcd, 0xcc, 0xcc, 0x3d}));
}

TEST(ParquetEncoding, RleHybridBitPackedExampleFromTheSpec) {
  // Encodings.md: the values 0..7 with bit width 3 bit-pack to 10001000 11000110 11111010.
  std::string out;
  const std::vector<std::uint32_t> values{0, 1, 2, 3, 4, 5, 6, 7};
  encode_rle_hybrid(values, 3, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0x03, 0x88, 0xc6, 0xfa}));
}

TEST(ParquetEncoding, RleHybridMixesRunsAndPackedGroups) {
  // 1..7,0 bit-packed (header 1<<1|1), 20 threes as an RLE run (header 20<<1, value byte), then
  // 1,2 bit-packed and padded to a group of 8. Worked out bit by bit, LSB first.
  std::vector<std::uint32_t> values{1, 2, 3, 4, 5, 6, 7, 0};
  values.insert(values.end(), 20, 3);
  values.push_back(1);
  values.push_back(2);
  std::string out;
  encode_rle_hybrid(values, 3, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0x03, 0xd1, 0x58, 0x1f, 0x28, 0x03, 0x03, 0x11, 0x00, 0x00}));
}

TEST(ParquetEncoding, RleRunsOfWideAndZeroWidthValues) {
  std::string out;
  const std::vector<std::uint32_t> hundred(100, 0x012345);
  encode_rle_hybrid(hundred, 17, out);  // 3 value bytes
  EXPECT_EQ(bytes_of(out), (Bytes{0xc8, 0x01, 0x45, 0x23, 0x01}));
  out.clear();
  const std::vector<std::uint32_t> zeros(10, 0);
  encode_rle_hybrid(zeros, 0, out);  // a one-entry dictionary: no value bytes at all
  EXPECT_EQ(bytes_of(out), (Bytes{0x14}));
}

TEST(ParquetEncoding, DefinitionLevelsCarryTheirLength) {
  std::string out;
  const std::vector<std::uint8_t> valid{1, 1, 0, 1};
  encode_definition_levels(valid, out);
  EXPECT_EQ(bytes_of(out), (Bytes{2, 0, 0, 0, 0x03, 0x0b}));
}

TEST(ParquetEncoding, DictionaryIndicesStartWithTheWidth) {
  std::string out;
  const std::vector<std::uint32_t> indices(9, 2);
  encode_dictionary_indices(indices, 2, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0x02, 0x12, 0x02}));
}

TEST(ParquetEncoding, DeltaExamplesFromTheSpec) {
  // Encodings.md example 1: 1 2 3 4 5 -> deltas all 1: min delta 1, every width 0.
  std::string out;
  encode_delta_int64(std::vector<std::int64_t>{1, 2, 3, 4, 5}, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0}));
  // Example 2: 7 5 3 1 2 3 4 5 -> deltas -2 -2 -2 1 1 1 1, min -2, offsets 0 0 0 3 3 3 3 in
  // 2 bits; the one used miniblock holds 32 values (8 bytes), the other widths are 0.
  out.clear();
  encode_delta_int64(std::vector<std::int64_t>{7, 5, 3, 1, 2, 3, 4, 5}, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0x80, 0x01, 0x04, 0x08, 0x0e, 0x03, 0x02, 0, 0, 0, 0xc0, 0x3f, 0,
                                  0, 0, 0, 0, 0}));
  // A single value is the header alone; no values, a header with count 0.
  out.clear();
  encode_delta_int64(std::vector<std::int64_t>{-3}, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0x80, 0x01, 0x04, 0x01, 0x05}));
  out.clear();
  encode_delta_int64({}, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0x80, 0x01, 0x04, 0x00, 0x00}));
}

TEST(ParquetEncoding, ByteStreamSplitLaysOutBytePlanes) {
  std::string out;
  encode_byte_stream_split_double(std::vector<double>{1.0, 2.0}, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0, 0x3f, 0x40}));
  out.clear();
  encode_byte_stream_split_float(std::vector<double>{1.0, -2.0}, out);
  EXPECT_EQ(bytes_of(out), (Bytes{0, 0, 0, 0, 0x80, 0, 0x3f, 0xc0}));
}

/// Random values with long runs, short runs and noise, each below 2^width.
std::vector<std::uint32_t> random_levels(std::size_t n, int width, std::mt19937_64& rng) {
  std::vector<std::uint32_t> v;
  const std::uint64_t limit = width == 0 ? 1 : (std::uint64_t{1} << width);
  while (v.size() < n) {
    const auto value = static_cast<std::uint32_t>(rng() % limit);
    const std::size_t run = rng() % 3 == 0 ? 1 + rng() % 40 : 1;
    for (std::size_t k = 0; k < run && v.size() < n; ++k) v.push_back(value);
  }
  return v;
}

TEST(ParquetEncoding, RleHybridRoundTripsThroughTheReaderDecoder) {
  std::mt19937_64 rng(42);
  for (int width = 0; width <= 32; ++width) {
    for (std::size_t n :
         {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{9}, std::size_t{1000}}) {
      const auto values = random_levels(n, width, rng);
      std::string out;
      encode_rle_hybrid(values, width, out);
      RleBitPackedDecoder decoder(span_of(out), width);
      std::vector<std::uint32_t> back(n);
      decoder.decode(back);
      ASSERT_EQ(back, values) << "width " << width << " n " << n;
      EXPECT_EQ(decoder.position(), out.size()) << "width " << width << " n " << n;
    }
  }
}

TEST(ParquetEncoding, DeltaRoundTripsThroughTheReaderDecoder) {
  std::mt19937_64 rng(7);
  constexpr auto k_min = std::numeric_limits<std::int64_t>::min();
  constexpr auto k_max = std::numeric_limits<std::int64_t>::max();
  std::vector<std::vector<std::int64_t>> cases{
      {k_min, k_max, 0, -1, k_min, k_max},  // deltas that wrap
      {},
      {42},
  };
  std::vector<std::int64_t> timestamps;  // regular minute bars with a gap: widths 0 and more
  for (std::int64_t i = 0; i < 1000; ++i) {
    const std::int64_t gap = i > 500 ? 3'600'000'000'000 : 0;
    timestamps.push_back(1'700'000'000'000'000'000 + i * 60'000'000'000 + gap);
  }
  cases.push_back(timestamps);
  std::vector<std::int64_t> noise(777);
  for (auto& v : noise) v = static_cast<std::int64_t>(rng());
  cases.push_back(noise);
  for (const auto& values : cases) {
    std::string out;
    encode_delta_int64(values, out);
    std::vector<std::int64_t> back(values.size());
    EXPECT_EQ(decode_delta_binary_packed(span_of(out), false, back), out.size());
    EXPECT_EQ(back, values);
  }
  // INT32: deltas wrap at 32 bits, so no miniblock is wider than 32 (the decoder's INT32 mode
  // rejects wider ones).
  const std::vector<std::int64_t> int32s{std::numeric_limits<std::int32_t>::min(),
                                         std::numeric_limits<std::int32_t>::max(), 0, -5, 7};
  std::string out;
  encode_delta_int32(int32s, out);
  std::vector<std::int64_t> back(int32s.size());
  decode_delta_binary_packed(span_of(out), true, back);
  EXPECT_EQ(back, int32s);
}

TEST(ParquetEncoding, ByteStreamSplitRoundTripsThroughTheReaderDecoder) {
  const std::vector<double> values{1.5, -0.0, std::numeric_limits<double>::quiet_NaN(), 1e300,
                                   -std::numeric_limits<double>::denorm_min()};
  std::string out;
  encode_byte_stream_split_double(values, out);
  std::vector<double> back(values.size());
  decode_byte_stream_split_double(span_of(out), back);
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(back[i]), std::bit_cast<std::uint64_t>(values[i])) << i;
  }
}

TEST(ParquetEncoding, KeyDictionaryAssignsIndicesInFirstSeenOrder) {
  KeyDictionary dict;
  EXPECT_EQ(dict.insert(std::bit_cast<std::uint64_t>(0.0)), 0U);
  EXPECT_EQ(dict.insert(std::bit_cast<std::uint64_t>(-0.0)), 1U);  // distinct bits, distinct entry
  EXPECT_EQ(dict.insert(std::bit_cast<std::uint64_t>(0.0)), 0U);
  EXPECT_EQ(dict.insert(7), 2U);
  EXPECT_EQ(dict.size(), 3U);
  // Growth keeps every index.
  for (std::uint64_t k = 0; k < 100'000; ++k) dict.insert(k * 0x9e3779b97f4a7c15ULL + 1);
  EXPECT_EQ(dict.size(), 100'003U);
  for (std::uint64_t k = 0; k < 100'000; k += 997) {
    EXPECT_EQ(dict.insert(k * 0x9e3779b97f4a7c15ULL + 1), k + 3);
  }
  EXPECT_EQ(dict.keys()[1], std::bit_cast<std::uint64_t>(-0.0));
  dict.clear();
  EXPECT_EQ(dict.size(), 0U);
  EXPECT_EQ(dict.insert(7), 0U);
}

TEST(ParquetEncoding, StringDictionaryCountsPlainBytes) {
  const std::vector<std::string> storage{"GOOG", "AAPL", "GOOG", "", "AAPL"};
  StringDictionary dict;
  std::vector<std::uint32_t> indices;
  for (const auto& s : storage) indices.push_back(dict.insert(s));
  EXPECT_EQ(indices, (std::vector<std::uint32_t>{0, 1, 0, 2, 1}));
  EXPECT_EQ(dict.size(), 3U);
  EXPECT_EQ(dict.plain_bytes(), (4U + 4U) + (4U + 4U) + 4U);
  std::vector<std::string> many;
  for (int i = 0; i < 5000; ++i) many.push_back("sym" + std::to_string(i));
  for (const auto& s : many) dict.insert(s);
  for (std::size_t i = 0; i < many.size(); i += 101) {
    EXPECT_EQ(dict.insert(many[i]), static_cast<std::uint32_t>(i + 3));
  }
}

}  // namespace
}  // namespace qbt::data::parquet
