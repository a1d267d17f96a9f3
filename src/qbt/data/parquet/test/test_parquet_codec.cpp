#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "qbt/core/error.hpp"
#include "qbt/data/parquet/codec.hpp"

namespace qbt::data::parquet {
namespace {

using ::testing::HasSubstr;

constexpr Codec k_all_codecs[] = {Codec::uncompressed, Codec::snappy, Codec::gzip, Codec::zstd,
                                  Codec::lz4_raw};

// The 64-byte text that the external vectors below compress.
constexpr std::string_view k_text =
    "qbt parquet page: abcabcabcabcabcabcabcabc 0123456789 0123456789";

// `printf '%s' "$text" | gzip -9n | xxd -i` (GNU gzip 1.12).
const std::vector<std::uint8_t> k_gzip_vector{
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x2b, 0x4c, 0x2a, 0x51,
    0x28, 0x48, 0x2c, 0x2a, 0x2c, 0x4d, 0x05, 0xd1, 0xe9, 0xa9, 0x56, 0x0a, 0x89, 0x49,
    0xc9, 0x58, 0x91, 0x82, 0x81, 0xa1, 0x91, 0xb1, 0x89, 0xa9, 0x99, 0xb9, 0x85, 0x25,
    0x12, 0x13, 0x00, 0xaa, 0x18, 0x26, 0x8d, 0x40, 0x00, 0x00, 0x00};
// Python's zlib.compress(text, 9): a zlib (RFC 1950) stream, which some writers put in GZIP pages.
const std::vector<std::uint8_t> k_zlib_vector{
    0x78, 0xda, 0x2b, 0x4c, 0x2a, 0x51, 0x28, 0x48, 0x2c, 0x2a, 0x2c, 0x4d, 0x05, 0xd1,
    0xe9, 0xa9, 0x56, 0x0a, 0x89, 0x49, 0xc9, 0x58, 0x91, 0x82, 0x81, 0xa1, 0x91, 0xb1,
    0x89, 0xa9, 0x99, 0xb9, 0x85, 0x25, 0x12, 0x13, 0x00, 0xda, 0x36, 0x14, 0x0b};
// `printf 'abc' | gzip -n; printf 'def' | gzip -n`: two gzip members back to back.
const std::vector<std::uint8_t> k_gzip_two_members{
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00, 0xc2,
    0x41, 0x24, 0x35, 0x03, 0x00, 0x00, 0x00, 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x03, 0x4b, 0x49, 0x4d, 0x03, 0x00, 0x61, 0xe1, 0xc4, 0x0c, 0x03, 0x00, 0x00, 0x00};
// `printf '%s' "$text" | zstd -q -19 -c | xxd -i` (zstd 1.5.4): one frame with a checksum.
const std::vector<std::uint8_t> k_zstd_vector{
    0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x68, 0x35, 0x01, 0x00, 0xe0, 0x71, 0x62, 0x74,
    0x20, 0x70, 0x61, 0x72, 0x71, 0x75, 0x65, 0x67, 0x65, 0x3a, 0x20, 0x61, 0x62,
    0x63, 0x20, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x03,
    0x00, 0x2e, 0x86, 0xd7, 0xbd, 0x69, 0x5d, 0x24, 0x30, 0xcf, 0x37, 0x22};

// Built by hand from the snappy format description (format_description.txt): preamble varint 12,
// a 3-byte literal "abc" (tag 0x08), then a copy with a 1-byte offset, length 9, offset 3
// (tag (9-4)<<2 | 1 = 0x15, offset byte 0x03).
const std::vector<std::uint8_t> k_snappy_vector{0x0c, 0x08, 'a', 'b', 'c', 0x15, 0x03};
// Built by hand from the LZ4 block format (lz4_Block_format.md): sequence 1 = token 0x36 (3
// literals, match length 6 + 4), "abc", offset 3 (little-endian); sequence 2 = token 0x70 (7
// literals, end of block) "bcabcab". The last match starts 17 >= 12 bytes before the end and
// the block ends with >= 5 literals, as the format requires.
const std::vector<std::uint8_t> k_lz4_vector{0x36, 'a', 'b', 'c', 0x03, 0x00, 0x70,
                                             'b',  'c', 'a', 'b', 'c',  'a',  'b'};
constexpr std::string_view k_abc12 = "abcabcabcabc";
constexpr std::string_view k_abc20 = "abcabcabcabcabcabcab";

std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string decompress_to_string(Codec codec, std::span<const std::uint8_t> in, std::size_t size) {
  std::string out(size, '\0');
  decompress(codec, in, {reinterpret_cast<std::uint8_t*>(out.data()), out.size()});
  return out;
}

/// Deterministic mixed input: runs, a repeating phrase and pseudo-random bytes, so every codec
/// takes both its literal and its match paths.
std::vector<std::uint8_t> sample_input(std::size_t size) {
  std::vector<std::uint8_t> v(size);
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  for (std::size_t i = 0; i < size; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const std::size_t block = (i / 4096) % 3;
    v[i] = block == 0   ? static_cast<std::uint8_t>(state >> 56)
           : block == 1 ? static_cast<std::uint8_t>("parquet page "[i % 13])
                        : static_cast<std::uint8_t>(i / 512);
  }
  return v;
}

template <typename F>
std::string error_message(F&& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no DataError thrown)";
}

TEST(ParquetCodec, NamesParseBack) {
  for (Codec codec : k_all_codecs) {
    EXPECT_EQ(parse_codec(to_string(codec)), codec) << to_string(codec);
  }
  EXPECT_EQ(parse_codec("none"), Codec::uncompressed);
  EXPECT_EQ(parse_codec("SNAPPY"), Codec::snappy);
  EXPECT_EQ(parse_codec("lz4"), Codec::lz4_raw);
  EXPECT_EQ(parse_codec("Zstd"), Codec::zstd);
  EXPECT_EQ(parse_codec("brotli"), std::nullopt);
  EXPECT_EQ(parse_codec(""), std::nullopt);
  EXPECT_EQ(parse_codec("snappy "), std::nullopt);
}

TEST(ParquetCodec, ThriftIdsFollowTheSpec) {
  // parquet.thrift: UNCOMPRESSED = 0; SNAPPY = 1; GZIP = 2; ZSTD = 6; LZ4_RAW = 7.
  EXPECT_EQ(parquet_codec_id(Codec::uncompressed), 0);
  EXPECT_EQ(parquet_codec_id(Codec::snappy), 1);
  EXPECT_EQ(parquet_codec_id(Codec::gzip), 2);
  EXPECT_EQ(parquet_codec_id(Codec::zstd), 6);
  EXPECT_EQ(parquet_codec_id(Codec::lz4_raw), 7);
  for (Codec codec : k_all_codecs) EXPECT_EQ(codec_from_parquet_id(parquet_codec_id(codec)), codec);
}

TEST(ParquetCodec, UnsupportedIdsAreClearErrors) {
  EXPECT_THAT(error_message([] { (void)codec_from_parquet_id(5); }),
              AllOf(HasSubstr("LZ4 (id 5"), HasSubstr("LZ4_RAW")));
  EXPECT_THAT(error_message([] { (void)codec_from_parquet_id(3); }), HasSubstr("LZO"));
  EXPECT_THAT(error_message([] { (void)codec_from_parquet_id(4); }), HasSubstr("BROTLI"));
  EXPECT_THAT(error_message([] { (void)codec_from_parquet_id(42); }),
              HasSubstr("unknown compression codec id 42"));
  EXPECT_THAT(error_message([] { (void)codec_from_parquet_id(-1); }), HasSubstr("id -1"));
}

TEST(ParquetCodec, DecodesExternalVectors) {
  EXPECT_EQ(decompress_to_string(Codec::gzip, k_gzip_vector, k_text.size()), k_text);
  EXPECT_EQ(decompress_to_string(Codec::gzip, k_zlib_vector, k_text.size()), k_text);
  // Raw deflate is the zlib stream without its 2-byte header and 4-byte Adler-32 trailer.
  const std::vector<std::uint8_t> raw(k_zlib_vector.begin() + 2, k_zlib_vector.end() - 4);
  EXPECT_EQ(decompress_to_string(Codec::gzip, raw, k_text.size()), k_text);
  EXPECT_EQ(decompress_to_string(Codec::gzip, k_gzip_two_members, 6), "abcdef");
  EXPECT_EQ(decompress_to_string(Codec::zstd, k_zstd_vector, k_text.size()), k_text);
  EXPECT_EQ(decompress_to_string(Codec::snappy, k_snappy_vector, k_abc12.size()), k_abc12);
  EXPECT_EQ(decompress_to_string(Codec::lz4_raw, k_lz4_vector, k_abc20.size()), k_abc20);
  const auto plain = bytes_of(k_text);
  EXPECT_EQ(decompress_to_string(Codec::uncompressed, plain, k_text.size()), k_text);
}

TEST(ParquetCodec, RoundTripsEveryCodecAndSize) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{13}, std::size_t{4096},
                           std::size_t{100'000}, std::size_t{1} << 20}) {
    const auto input = sample_input(size);
    for (Codec codec : k_all_codecs) {
      std::string compressed = "stale contents that compress() must replace";
      compress(codec, input, compressed);
      std::vector<std::uint8_t> back(size, 0xAA);
      decompress(codec, as_bytes(compressed), back);
      EXPECT_EQ(back, input) << to_string(codec) << " size " << size;
      if (size == (std::size_t{1} << 20) && codec != Codec::uncompressed) {
        EXPECT_LT(compressed.size(), size * 3 / 4) << to_string(codec) << " did not compress";
      }
    }
  }
}

TEST(ParquetCodec, LevelsRoundTripAndAreChecked) {
  const auto input = sample_input(50'000);
  const std::pair<Codec, int> cases[] = {
      {Codec::gzip, 1},  {Codec::gzip, 9},    {Codec::zstd, -5},    {Codec::zstd, 1},
      {Codec::zstd, 19}, {Codec::lz4_raw, 1}, {Codec::lz4_raw, 12}, {Codec::snappy, 7}};
  for (const auto& [codec, level] : cases) {
    std::string compressed;
    compress(codec, input, compressed, level);
    std::vector<std::uint8_t> back(input.size());
    decompress(codec, as_bytes(compressed), back);
    EXPECT_EQ(back, input) << to_string(codec) << " level " << level;
  }
  std::string out;
  EXPECT_THROW(compress(Codec::gzip, input, out, 10), UserInputError);
  EXPECT_THROW(compress(Codec::gzip, input, out, -1), UserInputError);
  EXPECT_THROW(compress(Codec::zstd, input, out, 1000), UserInputError);
  EXPECT_THROW(compress(Codec::lz4_raw, input, out, 13), UserInputError);
  EXPECT_NO_THROW(check_compression_level(Codec::snappy, 3));
}

TEST(ParquetCodec, WrongExpectedSizeIsAnErrorNamingBothSizes) {
  const auto input = sample_input(10'000);
  for (Codec codec : k_all_codecs) {
    std::string compressed;
    compress(codec, input, compressed);
    // Expecting fewer bytes than the page holds: never write past the buffer. The buffer is the
    // front of a larger one whose tail must stay untouched.
    std::vector<std::uint8_t> storage(input.size(), 0x5A);
    const std::span<std::uint8_t> short_out(storage.data(), input.size() - 100);
    EXPECT_THROW(decompress(codec, as_bytes(compressed), short_out), DataError) << to_string(codec);
    for (std::size_t i = short_out.size(); i < storage.size(); ++i) {
      ASSERT_EQ(storage[i], 0x5A) << to_string(codec) << " wrote past the buffer at " << i;
    }
    // Expecting more bytes than the page holds.
    std::vector<std::uint8_t> long_out(input.size() + 7);
    const std::string message =
        error_message([&] { decompress(codec, as_bytes(compressed), long_out); });
    EXPECT_THAT(message, HasSubstr(to_string(codec))) << message;
    EXPECT_THAT(message, HasSubstr("expected 10007")) << message;
  }
  EXPECT_THAT(error_message([] {
                std::vector<std::uint8_t> out(11);
                decompress(Codec::snappy, k_snappy_vector, out);
              }),
              HasSubstr("snappy page decompressed to 12 bytes, expected 11"));
  EXPECT_THAT(error_message([] {
                std::vector<std::uint8_t> out(21);
                decompress(Codec::lz4_raw, k_lz4_vector, out);
              }),
              HasSubstr("lz4_raw page decompressed to 20 bytes, expected 21"));
  EXPECT_THAT(error_message([] {
                std::vector<std::uint8_t> out(65);
                decompress(Codec::zstd, k_zstd_vector, out);
              }),
              HasSubstr("zstd page decompressed to 64 bytes, expected 65"));
  EXPECT_THAT(error_message([] {
                std::vector<std::uint8_t> out(63);
                decompress(Codec::gzip, k_gzip_vector, out);
              }),
              HasSubstr("more than the expected 63 bytes"));
}

TEST(ParquetCodec, CorruptInputIsADataError) {
  const auto input = sample_input(20'000);
  for (Codec codec : {Codec::snappy, Codec::gzip, Codec::zstd, Codec::lz4_raw}) {
    std::string compressed;
    compress(codec, input, compressed);
    std::vector<std::uint8_t> out(input.size());
    // Truncated in the middle.
    const auto truncated = as_bytes(compressed).first(compressed.size() / 2);
    EXPECT_THROW(decompress(codec, truncated, out), DataError) << to_string(codec);
    // Empty input.
    EXPECT_THROW(decompress(codec, {}, out), DataError) << to_string(codec);
    // Garbage of the right length.
    std::vector<std::uint8_t> garbage(compressed.size(), 0xFF);
    EXPECT_THROW(decompress(codec, garbage, out), DataError) << to_string(codec);
  }
  // A gzip stream whose CRC no longer matches its content.
  auto bad_crc = k_gzip_vector;
  bad_crc[bad_crc.size() - 8] ^= 0x01;
  std::vector<std::uint8_t> out(k_text.size());
  EXPECT_THROW(decompress(Codec::gzip, bad_crc, out), DataError);
  // A zstd frame whose checksum no longer matches its content.
  auto bad_zstd = k_zstd_vector;
  bad_zstd[bad_zstd.size() - 1] ^= 0x01;
  EXPECT_THROW(decompress(Codec::zstd, bad_zstd, out), DataError);
  // Trailing garbage after a complete gzip stream.
  auto trailing = k_gzip_vector;
  trailing.push_back(0x00);
  EXPECT_THAT(error_message([&] { decompress(Codec::gzip, trailing, out); }),
              HasSubstr("after the end of the stream"));
  // A snappy copy reaching before the start of the output.
  const std::vector<std::uint8_t> bad_offset{0x0c, 0x08, 'a', 'b', 'c', 0x15, 0x09};
  std::vector<std::uint8_t> out12(12);
  EXPECT_THROW(decompress(Codec::snappy, bad_offset, out12), DataError);
  // An LZ4 match reaching before the start of the output.
  auto lz4_bad = k_lz4_vector;
  lz4_bad[4] = 0x09;
  std::vector<std::uint8_t> out20(20);
  EXPECT_THROW(decompress(Codec::lz4_raw, lz4_bad, out20), DataError);
}

TEST(ParquetCodec, EmptyPagesRoundTrip) {
  for (Codec codec : k_all_codecs) {
    std::string compressed;
    compress(codec, {}, compressed);
    std::vector<std::uint8_t> none;
    EXPECT_NO_THROW(decompress(codec, as_bytes(compressed), none)) << to_string(codec);
  }
}

}  // namespace
}  // namespace qbt::data::parquet
