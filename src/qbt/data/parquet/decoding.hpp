#pragma once
/// Decoders of Parquet page data, following apache/parquet-format Encodings.md: the RLE /
/// bit-packed hybrid (levels and dictionary indices), the deprecated BIT_PACKED levels, PLAIN,
/// dictionary gathers, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
/// BYTE_STREAM_SPLIT.
///
/// Every decoder reads only inside the span it is given and checks each length, count and bit
/// width against the bytes present before it uses it. Malformed or short data throws DataError
/// with a short description ("dictionary index 9 out of range (dictionary has 4 values)"); the
/// column reader prefixes it with the file, row group, column and page. Values are decoded into
/// caller-sized spans, so no decoder allocates from a length read from the data, except the string
/// decoders, whose output is bounded by an explicit byte budget.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace qbt::data::parquet {

/// Read a ULEB128 varint at `pos`, advancing it. Throws DataError when the data ends inside the
/// varint or it does not fit 64 bits.
[[nodiscard]] std::uint64_t read_uleb128(std::span<const std::uint8_t> data, std::size_t& pos);

/// Decodes the RLE / bit-packed hybrid (without the 4-byte length prefix that v1 level streams
/// carry: the caller strips it) for a bit width of 0..32. Runs are consumed lazily, so decoding
/// can continue across calls; a run longer than what is asked for is kept for the next call.
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;
  /// Throws DataError for a bit width above 32.
  RleBitPackedDecoder(std::span<const std::uint8_t> data, int bit_width);

  /// Fill `out` with the next out.size() values. Throws DataError when the data ends first.
  void decode(std::span<std::uint32_t> out);
  /// The same for levels: the bit width must be at most 8.
  void decode(std::span<std::uint8_t> out);

  /// Bytes of `data` consumed by the runs started so far.
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }

 private:
  template <class T>
  void decode_into(std::span<T> out);
  void next_run();

  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
  unsigned bit_width_ = 0;
  bool packed_ = false;
  std::uint64_t run_left_ = 0;    ///< values left in the current run
  std::uint32_t rle_value_ = 0;   ///< value of the current RLE run
  std::uint64_t packed_bit_ = 0;  ///< bit offset in data_ of the next bit-packed value
};

/// Decode out.size() values of the deprecated BIT_PACKED level encoding (most significant bit
/// first, bit width 0..8). Returns the bytes used: ceil(out.size() * bit_width / 8).
std::size_t decode_bit_packed_levels(std::span<const std::uint8_t> data, int bit_width,
                                     std::span<std::uint8_t> out);

/// PLAIN INT32 (sign-extended), INT64, FLOAT (widened exactly), DOUBLE: out.size() values from
/// the start of `data`. Returns the bytes used; throws DataError when `data` is too short.
std::size_t decode_plain_int32(std::span<const std::uint8_t> data, std::span<std::int64_t> out);
std::size_t decode_plain_int64(std::span<const std::uint8_t> data, std::span<std::int64_t> out);
std::size_t decode_plain_float(std::span<const std::uint8_t> data, std::span<double> out);
std::size_t decode_plain_double(std::span<const std::uint8_t> data, std::span<double> out);
/// PLAIN BYTE_ARRAY: a 4-byte little-endian length, then the bytes, per value.
std::size_t decode_plain_byte_array(std::span<const std::uint8_t> data, std::span<std::string> out);

/// Dictionary indices of a data page: one byte holding the bit width (at most 32), then the
/// hybrid encoding. Returns the bytes consumed.
std::size_t decode_dictionary_indices(std::span<const std::uint8_t> data,
                                      std::span<std::uint32_t> out);

/// out[i] = dictionary[indices[i]]; throws DataError naming the first index out of range.
void gather(std::span<const std::int64_t> dictionary, std::span<const std::uint32_t> indices,
            std::span<std::int64_t> out);
void gather(std::span<const double> dictionary, std::span<const std::uint32_t> indices,
            std::span<double> out);
/// For strings also throws when the copies would take more than `max_bytes` bytes, so a long
/// dictionary entry repeated by a tiny run cannot demand unbounded memory.
void gather(std::span<const std::string> dictionary, std::span<const std::uint32_t> indices,
            std::span<std::string> out, std::size_t max_bytes);

/// DELTA_BINARY_PACKED, decoded value by value as the blocks come. `int32` selects INT32 rules
/// (miniblock widths at most 32, values wrap at 32 bits); INT64 allows widths up to 64.
class DeltaBinaryPackedDecoder {
 public:
  /// Read the header. Throws DataError for a malformed one.
  DeltaBinaryPackedDecoder(std::span<const std::uint8_t> data, bool int32);

  /// Values the header says the stream holds.
  [[nodiscard]] std::uint64_t total_values() const noexcept { return total_; }
  /// Fill `out` with the next out.size() values; throws DataError past the end of the stream.
  void decode(std::span<std::int64_t> out);
  /// Bytes consumed so far: after the last value, the end of the stream (padding included).
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }

 private:
  void start_block();
  void start_miniblock();

  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
  bool int32_ = false;
  std::uint64_t block_size_ = 0;
  std::uint64_t miniblocks_ = 0;
  std::uint64_t per_miniblock_ = 0;
  std::uint64_t total_ = 0;
  std::uint64_t emitted_ = 0;
  std::uint64_t last_ = 0;  ///< previous value, unsigned so additions wrap
  std::uint64_t min_delta_ = 0;
  std::size_t widths_at_ = 0;       ///< where the current block's miniblock widths are
  std::uint64_t miniblock_ = 0;     ///< index of the current miniblock in its block
  std::uint64_t in_miniblock_ = 0;  ///< values left in the current miniblock
  unsigned width_ = 0;
  std::size_t miniblock_at_ = 0;  ///< first byte of the current miniblock
  std::uint64_t bit_ = 0;         ///< bit offset of the next value within the miniblock
  std::size_t miniblock_bytes_ = 0;
};

/// DELTA_BINARY_PACKED of out.size() values; returns the bytes consumed.
std::size_t decode_delta_binary_packed(std::span<const std::uint8_t> data, bool int32,
                                       std::span<std::int64_t> out);

/// DELTA_LENGTH_BYTE_ARRAY: delta-packed lengths, then the bytes back to back.
std::size_t decode_delta_length_byte_array(std::span<const std::uint8_t> data,
                                           std::span<std::string> out);
/// DELTA_BYTE_ARRAY: delta-packed prefix lengths, then the suffixes as DELTA_LENGTH_BYTE_ARRAY.
/// Throws when the strings would take more than `max_bytes` bytes in total.
std::size_t decode_delta_byte_array(std::span<const std::uint8_t> data, std::span<std::string> out,
                                    std::size_t max_bytes);

/// BYTE_STREAM_SPLIT: `data` is K streams of N bytes (K = 4 or 8, the value width; N =
/// data.size() / K, which must be exact), byte k of value i at data[k * N + i]. Decodes the first
/// out.size() <= N values.
void decode_byte_stream_split_int32(std::span<const std::uint8_t> data,
                                    std::span<std::int64_t> out);
void decode_byte_stream_split_int64(std::span<const std::uint8_t> data,
                                    std::span<std::int64_t> out);
void decode_byte_stream_split_float(std::span<const std::uint8_t> data, std::span<double> out);
void decode_byte_stream_split_double(std::span<const std::uint8_t> data, std::span<double> out);

}  // namespace qbt::data::parquet
