// Decoders against byte vectors built by hand from apache/parquet-format Encodings.md: the
// worked examples of the RLE / bit-packed hybrid, BIT_PACKED, DELTA_LENGTH_BYTE_ARRAY,
// DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT sections, and DELTA_BINARY_PACKED streams whose bytes
// are derived step by step in the comments (the spec's own delta examples use a block size of 8,
// which the spec calls invalid, so they are re-encoded here with blocks of 128).

#include <bit>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/parquet/decoding.hpp"

namespace qbt::data::parquet {
namespace {

using Bytes = std::vector<std::uint8_t>;
using ::testing::HasSubstr;

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ParquetUleb128, DecodesMultiByteValues) {
  const Bytes data{0xe5, 0x8e, 0x26, 0x7f};  // 624485 (the LEB128 article's example), then 127
  std::size_t pos = 0;
  EXPECT_EQ(read_uleb128(data, pos), 624485u);
  EXPECT_EQ(pos, 3u);
  EXPECT_EQ(read_uleb128(data, pos), 127u);
  EXPECT_THAT(error_of([&] { (void)read_uleb128(data, pos); }), HasSubstr("ends inside a varint"));
  const Bytes too_long{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  pos = 0;
  EXPECT_THAT(error_of([&] { (void)read_uleb128(too_long, pos); }), HasSubstr("64 bits"));
}

TEST(ParquetRleHybrid, BitPackedSpecExample) {
  // Encodings.md: 0..7 with bit width 3 pack to 10001000 11000110 11111010. Header: one group of
  // 8 values, (1 << 1) | 1 = 3.
  const Bytes data{0x03, 0x88, 0xc6, 0xfa};
  RleBitPackedDecoder decoder(data, 3);
  std::vector<std::uint32_t> out(8);
  decoder.decode(out);
  EXPECT_THAT(out, ::testing::ElementsAre(0, 1, 2, 3, 4, 5, 6, 7));
  EXPECT_EQ(decoder.position(), 4u);
}

TEST(ParquetRleHybrid, RleRunsAcrossCallsAndMixedWithPackedRuns) {
  // RLE run: 5 << 1 = 10 copies... header 0x0a = run of 5, value 4 in one byte (width 3);
  // then the packed group of the spec example; then an RLE run of 300 ones (header 600 = 0xd8
  // 0x04).
  const Bytes data{0x0a, 0x04, 0x03, 0x88, 0xc6, 0xfa, 0xd8, 0x04, 0x01};
  RleBitPackedDecoder decoder(data, 3);
  std::vector<std::uint32_t> a(3);
  decoder.decode(a);
  EXPECT_THAT(a, ::testing::ElementsAre(4, 4, 4));
  std::vector<std::uint32_t> b(7);
  decoder.decode(b);
  EXPECT_THAT(b, ::testing::ElementsAre(4, 4, 0, 1, 2, 3, 4));
  std::vector<std::uint32_t> c(303);
  decoder.decode(c);
  EXPECT_EQ(c[0], 5u);
  EXPECT_EQ(c[2], 7u);
  for (std::size_t i = 3; i < c.size(); ++i) {
    ASSERT_EQ(c[i], 1u) << i;
  }
  std::vector<std::uint32_t> d(1);
  EXPECT_THAT(error_of([&] { decoder.decode(d); }), HasSubstr("ends before all values"));
}

TEST(ParquetRleHybrid, LevelsAndWideValues) {
  // Width 1 levels: run of 3 ones (0x06 0x01), then packed 10110000 (values 0,0,0,0,1,1,0,1).
  const Bytes levels{0x06, 0x01, 0x03, 0xb0};
  RleBitPackedDecoder decoder(levels, 1);
  std::vector<std::uint8_t> out(11);
  decoder.decode(out);
  EXPECT_THAT(out, ::testing::ElementsAre(1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1));
  // Width 20: an RLE value takes 3 little-endian bytes.
  const Bytes wide{0x04, 0x56, 0x34, 0x0a};
  RleBitPackedDecoder wide_decoder(wide, 20);
  std::vector<std::uint32_t> values(2);
  wide_decoder.decode(values);
  EXPECT_THAT(values, ::testing::ElementsAre(0x0a3456u, 0x0a3456u));
  // Width 0: runs without value bytes.
  const Bytes zero{0x14};
  RleBitPackedDecoder zero_decoder(zero, 0);
  std::vector<std::uint32_t> zeros(10, 9);
  zero_decoder.decode(zeros);
  EXPECT_EQ(zeros, std::vector<std::uint32_t>(10, 0));
}

TEST(ParquetRleHybrid, RejectsMalformedInput) {
  EXPECT_THAT(error_of([] { RleBitPackedDecoder(Bytes{}, 33); }), HasSubstr("bit width 33"));
  const Bytes too_big{0x02, 0x09};  // value 9 with width 3
  RleBitPackedDecoder decoder(too_big, 3);
  std::vector<std::uint32_t> out(1);
  EXPECT_THAT(error_of([&] { decoder.decode(out); }), HasSubstr("does not fit bit width 3"));
  const Bytes cut{0x0a};  // RLE header without its value byte
  RleBitPackedDecoder cut_decoder(cut, 3);
  EXPECT_THAT(error_of([&] { cut_decoder.decode(out); }), HasSubstr("ends inside a run value"));
  const Bytes short_packed{0x03, 0x88};  // a group of 8 at width 3 needs 3 bytes
  RleBitPackedDecoder packed(short_packed, 3);
  std::vector<std::uint32_t> eight(8);
  EXPECT_THAT(error_of([&] { packed.decode(eight); }), HasSubstr("ends before all values"));
  const Bytes huge{0xff, 0xff, 0xff, 0xff, 0x7f};  // run header far above the 2^31 limit
  RleBitPackedDecoder huge_decoder(huge, 1);
  EXPECT_THAT(error_of([&] { huge_decoder.decode(out); }), HasSubstr("run length limit"));
}

TEST(ParquetBitPackedLevels, DeprecatedEncodingSpecExample) {
  // Encodings.md: 0..7 with width 3, most significant bit first: 00000101 00111001 01110111.
  const Bytes data{0x05, 0x39, 0x77};
  std::vector<std::uint8_t> out(8);
  EXPECT_EQ(decode_bit_packed_levels(data, 3, out), 3u);
  EXPECT_THAT(out, ::testing::ElementsAre(0, 1, 2, 3, 4, 5, 6, 7));
  std::vector<std::uint8_t> nine(9);
  EXPECT_THAT(error_of([&] { decode_bit_packed_levels(data, 3, nine); }),
              HasSubstr("need 4 bytes"));
}

TEST(ParquetPlain, FixedWidthValues) {
  const Bytes int32s{0xff, 0xff, 0xff, 0xff, 0x2a, 0x00, 0x00, 0x00};
  std::vector<std::int64_t> ints(2);
  EXPECT_EQ(decode_plain_int32(int32s, ints), 8u);
  EXPECT_THAT(ints, ::testing::ElementsAre(-1, 42));
  // 1.5f = 0x3fc00000; 0.1 as a double = 0x3fb999999999999a.
  const Bytes floats{0x00, 0x00, 0xc0, 0x3f};
  std::vector<double> one(1);
  decode_plain_float(floats, one);
  EXPECT_EQ(one[0], 1.5);
  const Bytes doubles{0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f};
  decode_plain_double(doubles, one);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(one[0]), 0x3fb999999999999aULL);
  std::vector<double> two(2);
  EXPECT_THAT(error_of([&] { decode_plain_double(doubles, two); }),
              HasSubstr("holds 1 values, 2 expected"));
}

TEST(ParquetPlain, ByteArrays) {
  const Bytes data{0x05, 0, 0, 0, 'H', 'e', 'l', 'l', 'o', 0x00, 0, 0, 0, 0x02, 0, 0, 0, 'h', 'i'};
  std::vector<std::string> out(3);
  EXPECT_EQ(decode_plain_byte_array(data, out), data.size());
  EXPECT_THAT(out, ::testing::ElementsAre("Hello", "", "hi"));
  const Bytes forged{0xff, 0xff, 0xff, 0x7f, 'x'};
  std::vector<std::string> one(1);
  EXPECT_THAT(error_of([&] { decode_plain_byte_array(forged, one); }),
              HasSubstr("claims 2147483647 bytes"));
}

TEST(ParquetDictionary, IndicesAndGather) {
  // Width 2, then the packed group 0,1,2,3,3,2,1,0: 11100100 00011011.
  const Bytes data{0x02, 0x03, 0xe4, 0x1b};
  std::vector<std::uint32_t> indices(8);
  EXPECT_EQ(decode_dictionary_indices(data, indices), 4u);
  const std::vector<double> dictionary{10.5, 20.5, 30.5, 40.5};
  std::vector<double> out(8);
  gather(dictionary, indices, out);
  EXPECT_THAT(out, ::testing::ElementsAre(10.5, 20.5, 30.5, 40.5, 40.5, 30.5, 20.5, 10.5));
  const std::vector<double> small{1.0, 2.0, 3.0};
  EXPECT_THAT(error_of([&] { gather(small, indices, out); }),
              HasSubstr("dictionary index 3 out of range (dictionary has 3 values)"));
  const Bytes wide{33, 0x02, 0x00};
  std::vector<std::uint32_t> one(1);
  EXPECT_THAT(error_of([&] { decode_dictionary_indices(wide, one); }),
              HasSubstr("bit width 33 exceeds 32"));
  const std::vector<std::string> names{"GOOG", "GOOG10"};
  std::vector<std::string> strings(8);
  const std::vector<std::uint32_t> pattern{0, 1, 0, 1, 1, 0, 0, 1};
  gather(names, pattern, strings, 1000);
  EXPECT_EQ(strings[1], "GOOG10");
  EXPECT_THAT(error_of([&] { gather(names, pattern, strings, 20); }),
              HasSubstr("more than 20 bytes"));
}

TEST(ParquetDeltaBinaryPacked, ConstantDeltas) {
  // 1, 2, 3, 4, 5 (spec example 1) with block 128 = ULEB 80 01, 4 miniblocks, 5 values, first
  // value zigzag(1) = 2. The block: min delta zigzag(1) = 2, widths 0 0 0 0, no miniblock bytes.
  const Bytes data{0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00};
  std::vector<std::int64_t> out(5);
  EXPECT_EQ(decode_delta_binary_packed(data, false, out), data.size());
  EXPECT_THAT(out, ::testing::ElementsAre(1, 2, 3, 4, 5));
}

TEST(ParquetDeltaBinaryPacked, PackedDeltas) {
  // 7, 5, 3, 1, 2, 3, 4, 5 (spec example 2): deltas -2 -2 -2 1 1 1 1, min -2 (zigzag 3), relative
  // 0 0 0 3 3 3 3 at width 2. A miniblock of 32 values at width 2 is 8 bytes: LSB first,
  // byte 0 = 11 00 00 00 = 0xc0, byte 1 = 00 11 11 11 = 0x3f, then padding zeros.
  const Bytes data{0x80, 0x01, 0x04, 0x08, 0x0e,  // header: first value zigzag(7) = 14
                   0x03, 0x02, 0x00, 0x00, 0x00,  // min delta, widths
                   0xc0, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  std::vector<std::int64_t> out(8);
  EXPECT_EQ(decode_delta_binary_packed(data, false, out), data.size());
  EXPECT_THAT(out, ::testing::ElementsAre(7, 5, 3, 1, 2, 3, 4, 5));
  // The same stream decoded in two calls.
  DeltaBinaryPackedDecoder decoder(data, false);
  std::vector<std::int64_t> a(3);
  std::vector<std::int64_t> b(5);
  decoder.decode(a);
  decoder.decode(b);
  EXPECT_THAT(a, ::testing::ElementsAre(7, 5, 3));
  EXPECT_THAT(b, ::testing::ElementsAre(1, 2, 3, 4, 5));
  std::vector<std::int64_t> more(1);
  EXPECT_THAT(error_of([&] { decoder.decode(more); }), HasSubstr("holds 0 values, 1 expected"));
}

TEST(ParquetDeltaBinaryPacked, SeveralBlocks) {
  // 0..199: 199 deltas of 1 in two blocks (128 + 71), every miniblock width 0.
  const Bytes data{0x80, 0x01, 0x04, 0xc8, 0x01, 0x00, 0x02, 0x00,
                   0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00};
  std::vector<std::int64_t> out(200);
  EXPECT_EQ(decode_delta_binary_packed(data, false, out), data.size());
  for (std::int64_t i = 0; i < 200; ++i) {
    ASSERT_EQ(out[static_cast<std::size_t>(i)], i);
  }
}

TEST(ParquetDeltaBinaryPacked, Int32WrapsAround) {
  // INT32 max then min: the writer's 32-bit delta wraps to +1. First value zigzag(2^31 - 1) =
  // 2^32 - 2 = ULEB fe ff ff ff 0f.
  const Bytes data{0x80, 0x01, 0x04, 0x02, 0xfe, 0xff, 0xff,
                   0xff, 0x0f, 0x02, 0x00, 0x00, 0x00, 0x00};
  std::vector<std::int64_t> out(2);
  decode_delta_binary_packed(data, true, out);
  EXPECT_EQ(out[0], std::numeric_limits<std::int32_t>::max());
  EXPECT_EQ(out[1], std::numeric_limits<std::int32_t>::min());
}

TEST(ParquetDeltaBinaryPacked, RejectsMalformedHeadersAndWidths) {
  std::vector<std::int64_t> out(2);
  const Bytes bad_block{0x40, 0x04, 0x02, 0x00};  // block size 64
  EXPECT_THAT(error_of([&] { decode_delta_binary_packed(bad_block, false, out); }),
              HasSubstr("block size 64"));
  const Bytes bad_miniblocks{0x80, 0x01, 0x03, 0x02, 0x00};  // 128 / 3 is no whole miniblock
  EXPECT_THAT(error_of([&] { decode_delta_binary_packed(bad_miniblocks, false, out); }),
              HasSubstr("3 miniblocks"));
  const Bytes wide32{0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 33, 0x00, 0x00, 0x00};
  EXPECT_THAT(error_of([&] { decode_delta_binary_packed(wide32, true, out); }),
              HasSubstr("bit width 33 exceeds 32"));
  const Bytes wide64{0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 65, 0x00, 0x00, 0x00};
  EXPECT_THAT(error_of([&] { decode_delta_binary_packed(wide64, false, out); }),
              HasSubstr("bit width 65 exceeds 64"));
  const Bytes no_data{0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00};
  EXPECT_THAT(error_of([&] { decode_delta_binary_packed(no_data, false, out); }),
              HasSubstr("ends inside a miniblock"));
}

TEST(ParquetDeltaBinaryPacked, SixtyFourBitDeltas) {
  // INT64 min then max: delta 2^64 - 1 (wrapping), min delta the same, width 0.
  // zigzag(INT64_MIN) = 2^64 - 1 = ULEB ff ff ff ff ff ff ff ff ff 01; zigzag(-1) = 1.
  const Bytes data{0x80, 0x01, 0x04, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                   0xff, 0xff, 0xff, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00};
  std::vector<std::int64_t> out(2);
  decode_delta_binary_packed(data, false, out);
  EXPECT_EQ(out[0], std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(out[1], std::numeric_limits<std::int64_t>::max());
}

TEST(ParquetDeltaLengthByteArray, SpecExample) {
  // "Hello", "World", "Foobar", "ABCDEF": lengths 5 5 6 6 = first 5 (zigzag 10), deltas 0 1 0,
  // min 0, width 1: miniblock byte 0 = 010 = 0x02, 4 bytes in all.
  Bytes data{0x80, 0x01, 0x04, 0x04, 0x0a, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00};
  const std::string text = "HelloWorldFoobarABCDEF";
  data.insert(data.end(), text.begin(), text.end());
  std::vector<std::string> out(4);
  EXPECT_EQ(decode_delta_length_byte_array(data, out), data.size());
  EXPECT_THAT(out, ::testing::ElementsAre("Hello", "World", "Foobar", "ABCDEF"));
  data.pop_back();
  EXPECT_THAT(error_of([&] { decode_delta_length_byte_array(data, out); }),
              HasSubstr("claims 6 bytes, 5 present"));
}

TEST(ParquetDeltaByteArray, SpecExample) {
  // "axis", "axle", "babble", "babyhood". Prefix lengths 0 2 0 3: deltas 2 -2 3, min -2
  // (zigzag 3), relative 4 0 5 at width 3 -> bits 001 000 101 (LSB first) = 0x44 0x01.
  // Suffix lengths 4 2 6 5: first zigzag(4) = 8, deltas -2 4 -1, min -2, relative 0 6 1 ->
  // 000 011 100 = 0x70 0x00. Miniblocks of 32 values at width 3 are 12 bytes.
  Bytes data{0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x44, 0x01};
  data.insert(data.end(), 10, 0x00);
  const Bytes suffixes{0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0x00, 0x00, 0x00, 0x70, 0x00};
  data.insert(data.end(), suffixes.begin(), suffixes.end());
  data.insert(data.end(), 10, 0x00);
  const std::string text = "axislebabbleyhood";
  data.insert(data.end(), text.begin(), text.end());
  std::vector<std::string> out(4);
  EXPECT_EQ(decode_delta_byte_array(data, out, 1000), data.size());
  EXPECT_THAT(out, ::testing::ElementsAre("axis", "axle", "babble", "babyhood"));
  EXPECT_THAT(error_of([&] { decode_delta_byte_array(data, out, 10); }),
              HasSubstr("more than 10 bytes"));
}

TEST(ParquetByteStreamSplit, SpecExampleAndDoubles) {
  // Encodings.md: elements AA BB CC DD, 00 11 22 33, A3 B4 C5 D6 become
  // AA 00 A3 BB 11 B4 CC 22 C5 DD 33 D6.
  const Bytes data{0xaa, 0x00, 0xa3, 0xbb, 0x11, 0xb4, 0xcc, 0x22, 0xc5, 0xdd, 0x33, 0xd6};
  std::vector<std::int64_t> ints(3);
  decode_byte_stream_split_int32(data, ints);
  EXPECT_EQ(ints[0], static_cast<std::int32_t>(0xddccbbaa));
  EXPECT_EQ(ints[1], 0x33221100);
  EXPECT_EQ(ints[2], static_cast<std::int32_t>(0xd6c5b4a3));
  std::vector<double> floats(3);
  decode_byte_stream_split_float(data, floats);
  EXPECT_EQ(floats[1], static_cast<double>(std::bit_cast<float>(0x33221100u)));
  // Two doubles, 1.0 = 3ff0000000000000 and -2.5 = c004000000000000: stream k holds byte k.
  const Bytes doubles{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x04, 0x3f, 0xc0};
  std::vector<double> out(2);
  decode_byte_stream_split_double(doubles, out);
  EXPECT_EQ(out[0], 1.0);
  EXPECT_EQ(out[1], -2.5);
  std::vector<std::int64_t> longs(2);
  decode_byte_stream_split_int64(doubles, longs);
  EXPECT_EQ(longs[0], 0x3ff0000000000000LL);
  const Bytes ragged{0, 1, 2, 3, 4};
  EXPECT_THAT(error_of([&] { decode_byte_stream_split_float(ragged, floats); }),
              HasSubstr("not a whole number of values"));
  std::vector<double> four(4);
  EXPECT_THAT(error_of([&] { decode_byte_stream_split_float(data, four); }),
              HasSubstr("holds 3 values, 4 expected"));
}

}  // namespace
}  // namespace qbt::data::parquet
