#include "qbt/data/parquet/codec.hpp"

#include <array>
#include <climits>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <lz4.h>
#include <lz4hc.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "qbt/core/error.hpp"

namespace qbt::data::parquet {
namespace {

// Thrift CompressionCodec ids (parquet.thrift).
constexpr std::int32_t k_id_uncompressed = 0;
constexpr std::int32_t k_id_snappy = 1;
constexpr std::int32_t k_id_gzip = 2;
constexpr std::int32_t k_id_lzo = 3;
constexpr std::int32_t k_id_brotli = 4;
constexpr std::int32_t k_id_lz4_hadoop = 5;
constexpr std::int32_t k_id_zstd = 6;
constexpr std::int32_t k_id_lz4_raw = 7;

constexpr int k_gzip_default_level = 6;
constexpr int k_lz4_hc_max_level = LZ4HC_CLEVEL_MAX;

/// Where `decompress` writes when `out` is empty, so no library ever sees a null destination.
std::array<std::uint8_t, 1>& empty_sink() noexcept {
  thread_local std::array<std::uint8_t, 1> sink{};
  return sink;
}

[[noreturn]] void size_mismatch(Codec codec, std::size_t got, std::size_t expected) {
  throw DataError(fmt::format("{} page decompressed to {} bytes, expected {}", to_string(codec),
                              got, expected));
}

[[noreturn]] void too_large(Codec codec, std::size_t expected) {
  throw DataError(fmt::format("{} page decompressed to more than the expected {} bytes",
                              to_string(codec), expected));
}

[[noreturn]] void corrupt(Codec codec, std::string_view reason) {
  throw DataError(fmt::format("corrupt {} page: {}", to_string(codec), reason));
}

void decompress_snappy(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  const auto* src = reinterpret_cast<const char*>(in.data());
  std::size_t length = 0;
  if (!snappy::GetUncompressedLength(src, in.size(), &length)) {
    corrupt(Codec::snappy, "invalid length preamble");
  }
  if (length != out.size()) size_mismatch(Codec::snappy, length, out.size());
  char* dst = out.empty() ? reinterpret_cast<char*>(empty_sink().data())
                          : reinterpret_cast<char*>(out.data());
  if (!snappy::RawUncompress(src, in.size(), dst))
    corrupt(Codec::snappy, "invalid compressed data");
}

/// GZIP pages hold a gzip stream (RFC 1952), possibly several members back to back. Pages from
/// writers that put a zlib stream (RFC 1950) or raw deflate there are accepted as well, told
/// apart by their first two bytes.
int inflate_window_bits(std::span<const std::uint8_t> in) noexcept {
  constexpr int k_gzip = 16 + MAX_WBITS;
  constexpr int k_zlib = MAX_WBITS;
  constexpr int k_raw = -MAX_WBITS;
  if (in.size() >= 2 && in[0] == 0x1f && in[1] == 0x8b) return k_gzip;
  if (in.size() >= 2 && (in[0] & 0x0f) == Z_DEFLATED && (in[0] >> 4) <= 7 &&
      ((static_cast<unsigned>(in[0]) << 8) | in[1]) % 31 == 0) {
    return k_zlib;
  }
  return k_raw;
}

void decompress_gzip(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  if (in.size() > UINT_MAX || out.size() > UINT_MAX) {
    corrupt(Codec::gzip, "page larger than 4 GiB");
  }
  z_stream stream{};
  const int window_bits = inflate_window_bits(in);
  if (inflateInit2(&stream, window_bits) != Z_OK) {
    throw DataError("gzip: cannot initialise the inflater (out of memory)");
  }
  std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&stream, &inflateEnd);
  stream.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct
  stream.avail_in = static_cast<uInt>(in.size());
  stream.next_out = out.empty() ? empty_sink().data() : out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  for (;;) {
    const int rc = inflate(&stream, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      // Another gzip member follows; anything else after the end of the stream is corrupt.
      const std::span<const std::uint8_t> rest(stream.next_in, stream.avail_in);
      if (window_bits != 16 + MAX_WBITS || inflate_window_bits(rest) != window_bits) {
        corrupt(Codec::gzip, fmt::format("{} bytes after the end of the stream", stream.avail_in));
      }
      if (inflateReset(&stream) != Z_OK) corrupt(Codec::gzip, "cannot reset the inflater");
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && stream.avail_out == 0) too_large(Codec::gzip, out.size());
    if (rc == Z_BUF_ERROR) corrupt(Codec::gzip, "truncated stream");
    corrupt(Codec::gzip, stream.msg != nullptr ? stream.msg : "invalid deflate data");
  }
  const std::size_t produced = out.size() - stream.avail_out;
  if (produced != out.size()) size_mismatch(Codec::gzip, produced, out.size());
}

struct ZstdDctxDeleter {
  void operator()(ZSTD_DCtx* ctx) const noexcept { ZSTD_freeDCtx(ctx); }
};
struct ZstdCctxDeleter {
  void operator()(ZSTD_CCtx* ctx) const noexcept { ZSTD_freeCCtx(ctx); }
};

/// One (de)compression context per thread: creating one per page costs more than a small page's
/// work. Contexts carry no state between calls that could change the output.
ZSTD_DCtx* zstd_dctx() {
  thread_local std::unique_ptr<ZSTD_DCtx, ZstdDctxDeleter> ctx(ZSTD_createDCtx());
  if (!ctx) throw DataError("zstd: cannot create a decompression context (out of memory)");
  return ctx.get();
}

ZSTD_CCtx* zstd_cctx() {
  thread_local std::unique_ptr<ZSTD_CCtx, ZstdCctxDeleter> ctx(ZSTD_createCCtx());
  if (!ctx) throw DataError("zstd: cannot create a compression context (out of memory)");
  return ctx.get();
}

void decompress_zstd(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  void* dst = out.empty() ? empty_sink().data() : out.data();
  const std::size_t rc = ZSTD_decompressDCtx(zstd_dctx(), dst, out.size(), in.data(), in.size());
  if (ZSTD_isError(rc) != 0) {
    if (ZSTD_getErrorCode(rc) == ZSTD_error_dstSize_tooSmall) too_large(Codec::zstd, out.size());
    corrupt(Codec::zstd, ZSTD_getErrorName(rc));
  }
  if (rc != out.size()) size_mismatch(Codec::zstd, rc, out.size());
}

void decompress_lz4_raw(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  if (in.size() > static_cast<std::size_t>(LZ4_MAX_INPUT_SIZE) || out.size() > INT_MAX) {
    corrupt(Codec::lz4_raw, "page larger than the LZ4 block limit");
  }
  char* dst = out.empty() ? reinterpret_cast<char*>(empty_sink().data())
                          : reinterpret_cast<char*>(out.data());
  const int rc = LZ4_decompress_safe(reinterpret_cast<const char*>(in.data()), dst,
                                     static_cast<int>(in.size()), static_cast<int>(out.size()));
  if (rc < 0) {
    corrupt(Codec::lz4_raw,
            fmt::format("invalid block or larger than the expected {} bytes", out.size()));
  }
  if (static_cast<std::size_t>(rc) != out.size()) {
    size_mismatch(Codec::lz4_raw, static_cast<std::size_t>(rc), out.size());
  }
}

const char* empty_if_null(std::span<const std::uint8_t> in) noexcept {
  static constexpr char k_empty = 0;
  return in.empty() ? &k_empty : reinterpret_cast<const char*>(in.data());
}

void compress_snappy(std::span<const std::uint8_t> in, std::string& out) {
  out.resize(snappy::MaxCompressedLength(in.size()));
  std::size_t length = 0;
  snappy::RawCompress(empty_if_null(in), in.size(), out.data(), &length);
  out.resize(length);
}

void compress_gzip(std::span<const std::uint8_t> in, std::string& out, int level) {
  if (in.size() > UINT_MAX) throw UserInputError("gzip: page larger than 4 GiB");
  z_stream stream{};
  if (deflateInit2(&stream, level == 0 ? k_gzip_default_level : level, Z_DEFLATED, 16 + MAX_WBITS,
                   8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw InternalError("gzip: cannot initialise the deflater");
  }
  std::unique_ptr<z_stream, decltype(&deflateEnd)> guard(&stream, &deflateEnd);
  out.resize(deflateBound(&stream, static_cast<uLong>(in.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(empty_if_null(in)));
  stream.avail_in = static_cast<uInt>(in.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) {
    throw InternalError("gzip: deflate did not finish within deflateBound");
  }
  out.resize(stream.total_out);
}

void compress_zstd(std::span<const std::uint8_t> in, std::string& out, int level) {
  out.resize(ZSTD_compressBound(in.size()));
  const std::size_t rc = ZSTD_compressCCtx(zstd_cctx(), out.data(), out.size(), empty_if_null(in),
                                           in.size(), level == 0 ? ZSTD_CLEVEL_DEFAULT : level);
  if (ZSTD_isError(rc) != 0) {
    throw InternalError(fmt::format("zstd: compression failed ({})", ZSTD_getErrorName(rc)));
  }
  out.resize(rc);
}

void compress_lz4_raw(std::span<const std::uint8_t> in, std::string& out, int level) {
  if (in.size() > static_cast<std::size_t>(LZ4_MAX_INPUT_SIZE)) {
    throw UserInputError(fmt::format("lz4_raw: page of {} bytes exceeds the LZ4 block limit of {}",
                                     in.size(), LZ4_MAX_INPUT_SIZE));
  }
  const int size = static_cast<int>(in.size());
  out.resize(static_cast<std::size_t>(LZ4_compressBound(size)));
  const int capacity = static_cast<int>(out.size());
  const int rc = level == 0 ? LZ4_compress_default(empty_if_null(in), out.data(), size, capacity)
                            : LZ4_compress_HC(empty_if_null(in), out.data(), size, capacity, level);
  if (rc <= 0) throw InternalError("lz4_raw: compression failed");
  out.resize(static_cast<std::size_t>(rc));
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != b[i]) return false;
  }
  return true;
}

}  // namespace

const char* to_string(Codec codec) noexcept {
  switch (codec) {
    case Codec::uncompressed: return "uncompressed";
    case Codec::snappy: return "snappy";
    case Codec::gzip: return "gzip";
    case Codec::zstd: return "zstd";
    case Codec::lz4_raw: return "lz4_raw";
  }
  return "unknown";
}

std::optional<Codec> parse_codec(std::string_view name) noexcept {
  if (iequals(name, "none") || iequals(name, "uncompressed")) return Codec::uncompressed;
  if (iequals(name, "snappy")) return Codec::snappy;
  if (iequals(name, "gzip")) return Codec::gzip;
  if (iequals(name, "zstd")) return Codec::zstd;
  if (iequals(name, "lz4_raw") || iequals(name, "lz4")) return Codec::lz4_raw;
  return std::nullopt;
}

std::int32_t parquet_codec_id(Codec codec) noexcept {
  switch (codec) {
    case Codec::uncompressed: return k_id_uncompressed;
    case Codec::snappy: return k_id_snappy;
    case Codec::gzip: return k_id_gzip;
    case Codec::zstd: return k_id_zstd;
    case Codec::lz4_raw: return k_id_lz4_raw;
  }
  return k_id_uncompressed;
}

Codec codec_from_parquet_id(std::int32_t id) {
  switch (id) {
    case k_id_uncompressed: return Codec::uncompressed;
    case k_id_snappy: return Codec::snappy;
    case k_id_gzip: return Codec::gzip;
    case k_id_zstd: return Codec::zstd;
    case k_id_lz4_raw: return Codec::lz4_raw;
    case k_id_lzo: throw DataError("unsupported compression codec LZO (id 3)");
    case k_id_brotli: throw DataError("unsupported compression codec BROTLI (id 4)");
    case k_id_lz4_hadoop:
      throw DataError(
          "unsupported compression codec LZ4 (id 5, the deprecated Hadoop framing); "
          "rewrite the file with LZ4_RAW (id 7)");
    default: throw DataError(fmt::format("unknown compression codec id {}", id));
  }
}

void decompress(Codec codec, std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  switch (codec) {
    case Codec::uncompressed:
      if (in.size() != out.size()) size_mismatch(codec, in.size(), out.size());
      if (!in.empty()) std::memcpy(out.data(), in.data(), in.size());
      return;
    case Codec::snappy: decompress_snappy(in, out); return;
    case Codec::gzip: decompress_gzip(in, out); return;
    case Codec::zstd: decompress_zstd(in, out); return;
    case Codec::lz4_raw: decompress_lz4_raw(in, out); return;
  }
  throw InternalError(fmt::format("decompress: invalid codec {}", static_cast<int>(codec)));
}

void check_compression_level(Codec codec, int level) {
  if (level == 0) return;
  const auto reject = [&](int low, int high) {
    throw UserInputError(
        fmt::format("compression level {} is out of range for {} ({}..{}, or 0 "
                    "for the default)",
                    level, to_string(codec), low, high));
  };
  switch (codec) {
    case Codec::uncompressed:
    case Codec::snappy: return;
    case Codec::gzip:
      if (level < 1 || level > 9) reject(1, 9);
      return;
    case Codec::zstd:
      if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel()) {
        reject(ZSTD_minCLevel(), ZSTD_maxCLevel());
      }
      return;
    case Codec::lz4_raw:
      if (level < 1 || level > k_lz4_hc_max_level) reject(1, k_lz4_hc_max_level);
      return;
  }
}

void compress(Codec codec, std::span<const std::uint8_t> in, std::string& out, int level) {
  check_compression_level(codec, level);
  switch (codec) {
    case Codec::uncompressed: out.assign(empty_if_null(in), in.size()); return;
    case Codec::snappy: compress_snappy(in, out); return;
    case Codec::gzip: compress_gzip(in, out, level); return;
    case Codec::zstd: compress_zstd(in, out, level); return;
    case Codec::lz4_raw: compress_lz4_raw(in, out, level); return;
  }
  throw InternalError(fmt::format("compress: invalid codec {}", static_cast<int>(codec)));
}

}  // namespace qbt::data::parquet
