#pragma once
/// Value and level encoders of the Parquet writer (apache/parquet-format, Encodings.md): PLAIN,
/// the RLE / bit-packed hybrid (definition levels, dictionary indices), dictionaries,
/// DELTA_BINARY_PACKED and BYTE_STREAM_SPLIT. Every encoder appends to a byte string, so a page
/// is assembled in one buffer that is reused from page to page.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::data::parquet {

/// Number of bits needed to store every value in [0, max_value]: 0 for 0, 64 for 2^63 and up.
[[nodiscard]] int bit_width_for(std::uint64_t max_value) noexcept;

/// Append `value` as ULEB128 (the varint of the hybrid run headers and the delta headers).
void append_uleb128(std::uint64_t value, std::string& out);

/// Append each value as little-endian INT64.
void encode_plain_int64(std::span<const std::int64_t> values, std::string& out);
/// Append each value as little-endian INT32; the caller has checked that every value fits.
void encode_plain_int32(std::span<const std::int64_t> values, std::string& out);
/// Append each value as little-endian IEEE DOUBLE, bit for bit (NaN payloads and -0.0 kept).
void encode_plain_double(std::span<const double> values, std::string& out);
/// Append each value rounded to nearest FLOAT (IEEE binary32), little-endian.
void encode_plain_float(std::span<const double> values, std::string& out);
/// Append each value as BYTE_ARRAY: a 4-byte little-endian length, then the bytes.
void encode_plain_byte_array(std::span<const std::string_view> values, std::string& out);

/// Append `values` (each < 2^width, width 0..32) in the RLE / bit-packed hybrid encoding, without
/// a length prefix. Runs of 8 or more equal values become RLE runs; everything else is
/// bit-packed in groups of 8, the last group padded with zeros.
void encode_rle_hybrid(std::span<const std::uint32_t> values, int width, std::string& out);

/// Append the definition levels of a v1 data page of an OPTIONAL column (max level 1): the
/// 4-byte little-endian length, then the hybrid encoding of `valid` (0 = null, else 1).
void encode_definition_levels(std::span<const std::uint8_t> valid, std::string& out);

/// Append a dictionary-encoded data page body: one byte holding `width`, then the hybrid
/// encoding of `indices`.
void encode_dictionary_indices(std::span<const std::uint32_t> indices, int width, std::string& out);

/// Append DELTA_BINARY_PACKED of INT64 values: blocks of 128 values in 4 miniblocks of 32.
void encode_delta_int64(std::span<const std::int64_t> values, std::string& out);
/// Append DELTA_BINARY_PACKED of INT32 values (deltas wrap at 32 bits, widths at most 32); the
/// caller has checked that every value fits.
void encode_delta_int32(std::span<const std::int64_t> values, std::string& out);

/// Append BYTE_STREAM_SPLIT of DOUBLE values: byte k of every value, for k = 0..7.
void encode_byte_stream_split_double(std::span<const double> values, std::string& out);
/// Append BYTE_STREAM_SPLIT of values rounded to FLOAT: byte k of every value, for k = 0..3.
void encode_byte_stream_split_float(std::span<const double> values, std::string& out);

/// Assigns dense indices, in order of first appearance, to 64-bit keys (the bit patterns of
/// INT32 / INT64 / FLOAT / DOUBLE values, so -0.0 and every NaN payload keep their own entry).
/// Open addressing over flat arrays: inserting allocates only when the table doubles.
class KeyDictionary {
 public:
  KeyDictionary();

  /// Index of `key`, adding it as the next index when new.
  std::uint32_t insert(std::uint64_t key);
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }
  /// Distinct keys in index order.
  [[nodiscard]] std::span<const std::uint64_t> keys() const noexcept { return keys_; }
  void clear() noexcept;

 private:
  void grow();

  /// The key beside its index, so a probe touches one cache line.
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t index_plus_one = 0;  ///< 0 = empty
  };

  std::vector<std::uint64_t> keys_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

/// Like KeyDictionary for byte strings. Holds views: the strings must outlive the dictionary.
class StringDictionary {
 public:
  StringDictionary();

  std::uint32_t insert(std::string_view value);
  [[nodiscard]] std::size_t size() const noexcept { return values_.size(); }
  [[nodiscard]] std::span<const std::string_view> values() const noexcept { return values_; }
  /// Bytes of the PLAIN encoding of the distinct values (4-byte length + bytes each).
  [[nodiscard]] std::size_t plain_bytes() const noexcept { return plain_bytes_; }
  void clear() noexcept;

 private:
  void grow();

  std::vector<std::string_view> values_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
  std::size_t plain_bytes_ = 0;
};

}  // namespace qbt::data::parquet
