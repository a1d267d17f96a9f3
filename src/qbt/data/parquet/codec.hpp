#pragma once
/// Page compression codecs of Parquet files: the ones every mainstream writer produces
/// (UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW), on top of the system's snappy, zlib, zstd and lz4.
///
/// Decompression writes into a buffer whose size the page header states; a page that inflates to
/// any other size is corrupt, so the size is checked exactly and nothing is ever written past the
/// buffer. The legacy LZ4 codec (id 5, Hadoop framing, deprecated by the format) is refused: its
/// framing is ambiguous between writers and other readers (DuckDB) reject it as well.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace qbt::data::parquet {

enum class Codec : std::uint8_t { uncompressed, snappy, gzip, zstd, lz4_raw };

/// Lower-case name, as `parse_codec` accepts it: "uncompressed", "snappy", "gzip", "zstd",
/// "lz4_raw".
[[nodiscard]] const char* to_string(Codec codec) noexcept;

/// Parse a codec name, case-insensitively: none | uncompressed, snappy, gzip, zstd, lz4_raw | lz4
/// ("lz4" means LZ4_RAW: qbt never writes the legacy framing). nullopt for anything else.
[[nodiscard]] std::optional<Codec> parse_codec(std::string_view name) noexcept;

/// The Thrift `CompressionCodec` id of `codec` (0, 1, 2, 6, 7).
[[nodiscard]] std::int32_t parquet_codec_id(Codec codec) noexcept;

/// The codec with Thrift `CompressionCodec` id `id`. Throws DataError naming the codec when it is
/// one qbt does not support (LZO, BROTLI, legacy LZ4) or the id is unknown.
[[nodiscard]] Codec codec_from_parquet_id(std::int32_t id);

/// Decompress one page body `in` into `out`, which must be exactly the page's uncompressed size.
/// Throws DataError when `in` is corrupt or does not decompress to exactly `out.size()` bytes
/// ("snappy page decompressed to N bytes, expected M"); `out` may then hold partial output.
/// GZIP pages may hold several gzip members back to back, and for writers that got the framing
/// wrong a zlib stream or raw deflate is accepted too (told apart by the first two bytes).
void decompress(Codec codec, std::span<const std::uint8_t> in, std::span<std::uint8_t> out);

/// Replace the contents of `out` with `in` compressed by `codec`.
///
/// `level` 0 picks the codec's default; otherwise gzip takes 1..9, zstd its own range
/// (negative = faster) and lz4_raw 1..12 (LZ4 HC); snappy has no levels and ignores it.
/// Throws UserInputError for a level outside the codec's range.
void compress(Codec codec, std::span<const std::uint8_t> in, std::string& out, int level = 0);

/// Throw UserInputError unless `level` is valid for `codec` (see `compress`), so a writer can
/// reject bad options before it starts encoding.
void check_compression_level(Codec codec, int level);

}  // namespace qbt::data::parquet
