#include "qbt/data/parquet/decoding.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "qbt/core/error.hpp"

namespace qbt::data::parquet {

static_assert(std::endian::native == std::endian::little,
              "Parquet stores little-endian values; the decoders copy them as they are");

namespace {

constexpr unsigned k_max_index_bit_width = 32;
constexpr unsigned k_max_level_bit_width = 8;
/// Spec: run lengths are at most 2^31 - 1, so a hybrid run header never exceeds 2^32.
constexpr std::uint64_t k_max_run_header = std::uint64_t{1} << 32;
/// A DELTA_BINARY_PACKED block size far above any writer's (they use 128..2048), bounding the
/// per-block bookkeeping of a forged header.
constexpr std::uint64_t k_max_delta_block_size = std::uint64_t{1} << 24;

[[noreturn]] void fail(std::string message) {
  throw DataError(std::move(message));
}

constexpr std::uint64_t low_bits_mask(unsigned width) noexcept {
  return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
}

/// Bits [bit, bit + width) of `data`, least significant bit first (width 1..64). The caller has
/// checked that (bit + width + 7) / 8 <= size.
inline std::uint64_t load_bits(const std::uint8_t* data, std::size_t size, std::uint64_t bit,
                               unsigned width) noexcept {
  const auto byte = static_cast<std::size_t>(bit >> 3);
  const auto shift = static_cast<unsigned>(bit & 7);
  std::uint64_t word = 0;
  if (byte + 8 <= size) {
    std::memcpy(&word, data + byte, 8);
    word >>= shift;
    if (shift + width > 64) {
      word |= std::uint64_t{data[byte + 8]} << (64 - shift);
    }
  } else {
    std::memcpy(&word, data + byte, size - byte);
    word >>= shift;
  }
  return word & low_bits_mask(width);
}

constexpr std::int64_t zigzag_decode(std::uint64_t value) noexcept {
  return static_cast<std::int64_t>((value >> 1) ^ (~(value & 1) + 1));
}

template <class T>
T load_le(const std::uint8_t* p) noexcept {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

void check_plain_size(std::span<const std::uint8_t> data, std::size_t count, std::size_t width,
                      const char* type) {
  if (count > data.size() / width) {
    fail(fmt::format("PLAIN {} data holds {} values, {} expected", type, data.size() / width,
                     count));
  }
}

template <std::size_t K, class Out, class Convert>
void byte_stream_split(std::span<const std::uint8_t> data, std::span<Out> out, const char* type,
                       Convert convert) {
  if (data.size() % K != 0) {
    fail(fmt::format("BYTE_STREAM_SPLIT {} data of {} bytes is not a whole number of values", type,
                     data.size()));
  }
  const std::size_t n = data.size() / K;
  if (out.size() > n) {
    fail(
        fmt::format("BYTE_STREAM_SPLIT {} data holds {} values, {} expected", type, n, out.size()));
  }
  const std::uint8_t* streams = data.data();
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::array<std::uint8_t, K> bytes;
    for (std::size_t k = 0; k < K; ++k) {
      bytes[k] = streams[k * n + i];
    }
    out[i] = convert(bytes);
  }
}

}  // namespace

std::uint64_t read_uleb128(std::span<const std::uint8_t> data, std::size_t& pos) {
  std::uint64_t value = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (pos >= data.size()) {
      fail("data ends inside a varint");
    }
    const std::uint8_t byte = data[pos++];
    if (shift == 63 && byte > 1) {
      fail("varint does not fit 64 bits");
    }
    value |= std::uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) {
      return value;
    }
  }
  fail("varint does not fit 64 bits");
}

RleBitPackedDecoder::RleBitPackedDecoder(std::span<const std::uint8_t> data, int bit_width)
    : data_(data) {
  if (bit_width < 0 || bit_width > static_cast<int>(k_max_index_bit_width)) {
    fail(fmt::format("RLE/bit-packed bit width {} is outside 0..{}", bit_width,
                     k_max_index_bit_width));
  }
  bit_width_ = static_cast<unsigned>(bit_width);
}

void RleBitPackedDecoder::next_run() {
  if (pos_ >= data_.size()) {
    fail("RLE/bit-packed data ends before all values are decoded");
  }
  const std::uint64_t header = read_uleb128(data_, pos_);
  if (header > k_max_run_header) {
    fail(fmt::format("RLE/bit-packed run header {} exceeds the format's run length limit", header));
  }
  if ((header & 1) != 0) {
    const std::uint64_t values = (header >> 1) * 8;
    const std::uint64_t wanted_bytes = (header >> 1) * bit_width_;
    const std::uint64_t bytes = std::min<std::uint64_t>(wanted_bytes, data_.size() - pos_);
    packed_ = true;
    packed_bit_ = std::uint64_t{pos_} * 8;
    // A writer may cut the padding of the last group; only whole values present count.
    run_left_ = bit_width_ == 0 ? values : std::min(values, bytes * 8 / bit_width_);
    pos_ += static_cast<std::size_t>(bytes);
    return;
  }
  const std::size_t value_bytes = (bit_width_ + 7) / 8;
  if (value_bytes > data_.size() - pos_) {
    fail("RLE/bit-packed data ends inside a run value");
  }
  std::uint32_t value = 0;
  std::memcpy(&value, data_.data() + pos_, value_bytes);
  pos_ += value_bytes;
  if (bit_width_ < 32 && (value >> bit_width_) != 0) {
    fail(fmt::format("RLE run value {} does not fit bit width {}", value, bit_width_));
  }
  packed_ = false;
  rle_value_ = value;
  run_left_ = header >> 1;
}

template <class T>
void RleBitPackedDecoder::decode_into(std::span<T> out) {
  std::size_t i = 0;
  const std::size_t n = out.size();
  while (i < n) {
    if (run_left_ == 0) {
      next_run();
      continue;
    }
    const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(run_left_, n - i));
    if (!packed_) {
      std::fill_n(out.data() + i, take, static_cast<T>(rle_value_));
    } else if (bit_width_ == 0) {
      std::fill_n(out.data() + i, take, T{0});
    } else {
      const std::uint8_t* data = data_.data();
      const std::size_t size = data_.size();
      std::uint64_t bit = packed_bit_;
      for (std::size_t k = 0; k < take; ++k) {
        out[i + k] = static_cast<T>(load_bits(data, size, bit, bit_width_));
        bit += bit_width_;
      }
      packed_bit_ = bit;
    }
    i += take;
    run_left_ -= take;
  }
}

void RleBitPackedDecoder::decode(std::span<std::uint32_t> out) {
  decode_into(out);
}

void RleBitPackedDecoder::decode(std::span<std::uint8_t> out) {
  if (bit_width_ > k_max_level_bit_width) {
    fail(fmt::format("level bit width {} exceeds {}", bit_width_, k_max_level_bit_width));
  }
  decode_into(out);
}

std::size_t decode_bit_packed_levels(std::span<const std::uint8_t> data, int bit_width,
                                     std::span<std::uint8_t> out) {
  if (bit_width < 0 || bit_width > static_cast<int>(k_max_level_bit_width)) {
    fail(fmt::format("BIT_PACKED level bit width {} is outside 0..{}", bit_width,
                     k_max_level_bit_width));
  }
  const auto width = static_cast<std::uint64_t>(bit_width);
  const std::uint64_t bytes = (std::uint64_t{out.size()} * width + 7) / 8;
  if (bytes > data.size()) {
    fail(fmt::format("BIT_PACKED levels need {} bytes, {} present", bytes, data.size()));
  }
  std::uint64_t bit = 0;
  for (auto& level : out) {
    unsigned value = 0;
    for (std::uint64_t b = 0; b < width; ++b, ++bit) {
      const unsigned byte = data[static_cast<std::size_t>(bit >> 3)];
      value = (value << 1) | ((byte >> (7 - (bit & 7))) & 1u);
    }
    level = static_cast<std::uint8_t>(value);
  }
  return static_cast<std::size_t>(bytes);
}

std::size_t decode_plain_int32(std::span<const std::uint8_t> data, std::span<std::int64_t> out) {
  check_plain_size(data, out.size(), 4, "INT32");
  const std::uint8_t* p = data.data();
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = load_le<std::int32_t>(p + 4 * i);
  }
  return out.size() * 4;
}

std::size_t decode_plain_int64(std::span<const std::uint8_t> data, std::span<std::int64_t> out) {
  check_plain_size(data, out.size(), 8, "INT64");
  if (!out.empty()) {
    std::memcpy(out.data(), data.data(), out.size() * 8);
  }
  return out.size() * 8;
}

std::size_t decode_plain_float(std::span<const std::uint8_t> data, std::span<double> out) {
  check_plain_size(data, out.size(), 4, "FLOAT");
  const std::uint8_t* p = data.data();
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<double>(load_le<float>(p + 4 * i));
  }
  return out.size() * 4;
}

std::size_t decode_plain_double(std::span<const std::uint8_t> data, std::span<double> out) {
  check_plain_size(data, out.size(), 8, "DOUBLE");
  if (!out.empty()) {
    std::memcpy(out.data(), data.data(), out.size() * 8);
  }
  return out.size() * 8;
}

std::size_t decode_plain_byte_array(std::span<const std::uint8_t> data,
                                    std::span<std::string> out) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (data.size() - pos < 4) {
      fail(fmt::format("PLAIN BYTE_ARRAY data ends at value {} of {}", i, out.size()));
    }
    const auto length = load_le<std::uint32_t>(data.data() + pos);
    pos += 4;
    if (length > data.size() - pos) {
      fail(fmt::format("PLAIN BYTE_ARRAY value {} claims {} bytes, {} present", i, length,
                       data.size() - pos));
    }
    out[i].assign(reinterpret_cast<const char*>(data.data() + pos), length);
    pos += length;
  }
  return pos;
}

std::size_t decode_dictionary_indices(std::span<const std::uint8_t> data,
                                      std::span<std::uint32_t> out) {
  if (data.empty()) {
    if (out.empty()) {
      return 0;
    }
    fail("dictionary-encoded data is empty");
  }
  const unsigned width = data[0];
  if (width > k_max_index_bit_width) {
    fail(fmt::format("dictionary index bit width {} exceeds {}", width, k_max_index_bit_width));
  }
  RleBitPackedDecoder decoder(data.subspan(1), static_cast<int>(width));
  decoder.decode(out);
  return 1 + decoder.position();
}

namespace {

template <class T>
void gather_fixed(std::span<const T> dictionary, std::span<const std::uint32_t> indices,
                  std::span<T> out) {
  const std::size_t size = dictionary.size();
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const std::uint32_t index = indices[i];
    if (index >= size) [[unlikely]] {
      fail(fmt::format("dictionary index {} out of range (dictionary has {} values)", index, size));
    }
    out[i] = dictionary[index];
  }
}

}  // namespace

void gather(std::span<const std::int64_t> dictionary, std::span<const std::uint32_t> indices,
            std::span<std::int64_t> out) {
  gather_fixed(dictionary, indices, out);
}

void gather(std::span<const double> dictionary, std::span<const std::uint32_t> indices,
            std::span<double> out) {
  gather_fixed(dictionary, indices, out);
}

void gather(std::span<const std::string> dictionary, std::span<const std::uint32_t> indices,
            std::span<std::string> out, std::size_t max_bytes) {
  std::size_t bytes = 0;
  for (const std::uint32_t index : indices) {
    if (index >= dictionary.size()) {
      fail(fmt::format("dictionary index {} out of range (dictionary has {} values)", index,
                       dictionary.size()));
    }
    bytes += dictionary[index].size();
    if (bytes > max_bytes) {
      fail(fmt::format("dictionary-encoded strings expand to more than {} bytes", max_bytes));
    }
  }
  for (std::size_t i = 0; i < indices.size(); ++i) {
    out[i] = dictionary[indices[i]];
  }
}

DeltaBinaryPackedDecoder::DeltaBinaryPackedDecoder(std::span<const std::uint8_t> data, bool int32)
    : data_(data), int32_(int32) {
  block_size_ = read_uleb128(data_, pos_);
  miniblocks_ = read_uleb128(data_, pos_);
  total_ = read_uleb128(data_, pos_);
  last_ = static_cast<std::uint64_t>(zigzag_decode(read_uleb128(data_, pos_)));
  if (block_size_ == 0 || block_size_ % 128 != 0 || block_size_ > k_max_delta_block_size) {
    fail(fmt::format("DELTA_BINARY_PACKED block size {} is not a multiple of 128 up to {}",
                     block_size_, k_max_delta_block_size));
  }
  if (miniblocks_ == 0 || block_size_ % miniblocks_ != 0 || (block_size_ / miniblocks_) % 32 != 0) {
    fail(
        fmt::format("DELTA_BINARY_PACKED block of {} values cannot hold {} miniblocks of a "
                    "multiple of 32 values",
                    block_size_, miniblocks_));
  }
  per_miniblock_ = block_size_ / miniblocks_;
  miniblock_ = miniblocks_;  // no block started yet
}

void DeltaBinaryPackedDecoder::start_block() {
  min_delta_ = static_cast<std::uint64_t>(zigzag_decode(read_uleb128(data_, pos_)));
  if (miniblocks_ > data_.size() - pos_) {
    fail("DELTA_BINARY_PACKED data ends inside the miniblock bit widths");
  }
  widths_at_ = pos_;
  pos_ += static_cast<std::size_t>(miniblocks_);
  miniblock_ = 0;
}

void DeltaBinaryPackedDecoder::start_miniblock() {
  if (miniblock_ == miniblocks_) {
    start_block();
  }
  width_ = data_[widths_at_ + static_cast<std::size_t>(miniblock_)];
  ++miniblock_;
  const unsigned max_width = int32_ ? 32 : 64;
  if (width_ > max_width) {
    fail(fmt::format("DELTA_BINARY_PACKED miniblock bit width {} exceeds {}", width_, max_width));
  }
  const std::uint64_t full_bytes = per_miniblock_ * width_ / 8;
  const std::size_t available = data_.size() - pos_;
  miniblock_at_ = pos_;
  bit_ = 0;
  if (full_bytes <= available) {
    miniblock_bytes_ = static_cast<std::size_t>(full_bytes);
    in_miniblock_ = per_miniblock_;
  } else {
    // The last miniblock should be padded to full size; accept one cut after its last value.
    miniblock_bytes_ = available;
    in_miniblock_ = std::uint64_t{available} * 8 / width_;
  }
  pos_ += miniblock_bytes_;
}

void DeltaBinaryPackedDecoder::decode(std::span<std::int64_t> out) {
  if (out.size() > total_ - emitted_) {
    fail(fmt::format("DELTA_BINARY_PACKED data holds {} values, {} expected", total_ - emitted_,
                     out.size()));
  }
  std::size_t i = 0;
  if (emitted_ == 0 && !out.empty()) {
    out[i++] = int32_ ? std::int64_t{static_cast<std::int32_t>(static_cast<std::uint32_t>(last_))}
                      : static_cast<std::int64_t>(last_);
    emitted_ = 1;
  }
  while (i < out.size()) {
    if (in_miniblock_ == 0) {
      start_miniblock();
      if (in_miniblock_ == 0) {
        fail("DELTA_BINARY_PACKED data ends inside a miniblock");
      }
    }
    const auto take =
        static_cast<std::size_t>(std::min<std::uint64_t>(in_miniblock_, out.size() - i));
    const std::uint8_t* block = data_.data() + miniblock_at_;
    std::uint64_t value = last_;
    if (width_ == 0) {
      for (std::size_t k = 0; k < take; ++k) {
        value += min_delta_;
        out[i + k] =
            int32_ ? std::int64_t{static_cast<std::int32_t>(static_cast<std::uint32_t>(value))}
                   : static_cast<std::int64_t>(value);
      }
    } else {
      for (std::size_t k = 0; k < take; ++k) {
        value += min_delta_ + load_bits(block, miniblock_bytes_, bit_, width_);
        bit_ += width_;
        out[i + k] =
            int32_ ? std::int64_t{static_cast<std::int32_t>(static_cast<std::uint32_t>(value))}
                   : static_cast<std::int64_t>(value);
      }
    }
    last_ = value;
    in_miniblock_ -= take;
    emitted_ += take;
    i += take;
  }
}

std::size_t decode_delta_binary_packed(std::span<const std::uint8_t> data, bool int32,
                                       std::span<std::int64_t> out) {
  DeltaBinaryPackedDecoder decoder(data, int32);
  decoder.decode(out);
  return decoder.position();
}

namespace {

/// Decode a DELTA_BINARY_PACKED stream of exactly `count` non-negative lengths (as INT32).
std::vector<std::int64_t> decode_lengths(std::span<const std::uint8_t> data, std::size_t count,
                                         std::size_t& pos, const char* what) {
  DeltaBinaryPackedDecoder decoder(data.subspan(pos), true);
  if (decoder.total_values() != count) {
    fail(fmt::format("{} holds {} values, {} expected", what, decoder.total_values(), count));
  }
  std::vector<std::int64_t> lengths(count);
  decoder.decode(lengths);
  pos += decoder.position();
  for (std::size_t i = 0; i < count; ++i) {
    if (lengths[i] < 0) {
      fail(fmt::format("{}: value {} has negative length {}", what, i, lengths[i]));
    }
  }
  return lengths;
}

}  // namespace

std::size_t decode_delta_length_byte_array(std::span<const std::uint8_t> data,
                                           std::span<std::string> out) {
  std::size_t pos = 0;
  const std::vector<std::int64_t> lengths =
      decode_lengths(data, out.size(), pos, "DELTA_LENGTH_BYTE_ARRAY lengths");
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto length = static_cast<std::uint64_t>(lengths[i]);
    if (length > data.size() - pos) {
      fail(fmt::format("DELTA_LENGTH_BYTE_ARRAY value {} claims {} bytes, {} present", i, length,
                       data.size() - pos));
    }
    out[i].assign(reinterpret_cast<const char*>(data.data() + pos),
                  static_cast<std::size_t>(length));
    pos += static_cast<std::size_t>(length);
  }
  return pos;
}

std::size_t decode_delta_byte_array(std::span<const std::uint8_t> data, std::span<std::string> out,
                                    std::size_t max_bytes) {
  std::size_t pos = 0;
  const std::vector<std::int64_t> prefixes =
      decode_lengths(data, out.size(), pos, "DELTA_BYTE_ARRAY prefix lengths");
  const std::vector<std::int64_t> suffixes =
      decode_lengths(data, out.size(), pos, "DELTA_BYTE_ARRAY suffix lengths");
  // Check every length before building any string, so the output is bounded up front.
  std::uint64_t previous = 0;
  std::uint64_t total = 0;
  std::uint64_t suffix_bytes = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto prefix = static_cast<std::uint64_t>(prefixes[i]);
    const auto suffix = static_cast<std::uint64_t>(suffixes[i]);
    if (prefix > previous) {
      fail(
          fmt::format("DELTA_BYTE_ARRAY value {} has prefix length {} but the previous value has "
                      "{} bytes",
                      i, prefix, previous));
    }
    suffix_bytes += suffix;
    if (suffix_bytes > data.size() - pos) {
      fail(fmt::format("DELTA_BYTE_ARRAY suffixes need more than the {} bytes present",
                       data.size() - pos));
    }
    previous = prefix + suffix;
    total += previous;
    if (total > max_bytes) {
      fail(fmt::format("DELTA_BYTE_ARRAY strings expand to more than {} bytes", max_bytes));
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto prefix = static_cast<std::size_t>(prefixes[i]);
    const auto suffix = static_cast<std::size_t>(suffixes[i]);
    std::string value;
    value.reserve(prefix + suffix);
    if (prefix > 0) {
      value.append(out[i - 1], 0, prefix);  // prefix <= previous length, so i > 0
    }
    value.append(reinterpret_cast<const char*>(data.data() + pos), suffix);
    pos += suffix;
    out[i] = std::move(value);
  }
  return pos;
}

void decode_byte_stream_split_int32(std::span<const std::uint8_t> data,
                                    std::span<std::int64_t> out) {
  byte_stream_split<4>(data, out, "INT32", [](const std::array<std::uint8_t, 4>& bytes) {
    return std::int64_t{std::bit_cast<std::int32_t>(bytes)};
  });
}

void decode_byte_stream_split_int64(std::span<const std::uint8_t> data,
                                    std::span<std::int64_t> out) {
  byte_stream_split<8>(data, out, "INT64", [](const std::array<std::uint8_t, 8>& bytes) {
    return std::bit_cast<std::int64_t>(bytes);
  });
}

void decode_byte_stream_split_float(std::span<const std::uint8_t> data, std::span<double> out) {
  byte_stream_split<4>(data, out, "FLOAT", [](const std::array<std::uint8_t, 4>& bytes) {
    return static_cast<double>(std::bit_cast<float>(bytes));
  });
}

void decode_byte_stream_split_double(std::span<const std::uint8_t> data, std::span<double> out) {
  byte_stream_split<8>(data, out, "DOUBLE", [](const std::array<std::uint8_t, 8>& bytes) {
    return std::bit_cast<double>(bytes);
  });
}

}  // namespace qbt::data::parquet
