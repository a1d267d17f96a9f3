#include "qbt/data/parquet/encoding.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <type_traits>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

namespace qbt::data::parquet {

static_assert(std::endian::native == std::endian::little,
              "the encoders copy little-endian values straight from memory");

namespace {

constexpr std::size_t k_rle_min_run = 8;
constexpr std::size_t k_delta_block_size = 128;
constexpr std::size_t k_delta_miniblocks = 4;
constexpr std::size_t k_delta_miniblock_size = k_delta_block_size / k_delta_miniblocks;
constexpr std::size_t k_initial_slots = 1024;

template <typename T>
void append_raw(T value, std::string& out) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

/// Packs values of up to 64 bits, least significant bit first, as every Parquet bit-packing does.
class BitPacker {
 public:
  explicit BitPacker(std::string& out) noexcept : out_(out) {}

  void put(std::uint64_t value, int width) {
    if (width == 0) return;
    buffer_ |= value << bits_;
    const int room = 64 - bits_;
    if (width < room) {
      bits_ += width;
      return;
    }
    append_raw(buffer_, out_);
    buffer_ = room == 64 ? 0 : value >> room;
    bits_ = width - room;
  }

  /// Write the pending bits, padded with zeros to a whole byte.
  void flush() {
    const int bytes = (bits_ + 7) / 8;
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>(buffer_ >> (8 * i)));
    buffer_ = 0;
    bits_ = 0;
  }

 private:
  std::string& out_;
  std::uint64_t buffer_ = 0;
  int bits_ = 0;
};

/// The RLE / bit-packed hybrid over `n` values produced by `at(i)`.
template <typename At>
void encode_hybrid(std::size_t n, At at, int width, std::string& out) {
  const auto run_length = [&](std::size_t i, std::size_t limit) {
    const std::uint32_t value = at(i);
    std::size_t j = i + 1;
    while (j < n && j - i < limit && at(j) == value) ++j;
    return j - i;
  };
  const int value_bytes = (width + 7) / 8;
  std::size_t i = 0;
  while (i < n) {
    const std::size_t run = run_length(i, std::numeric_limits<std::size_t>::max());
    if (run >= k_rle_min_run) {
      append_uleb128(static_cast<std::uint64_t>(run) << 1, out);
      const std::uint32_t value = at(i);
      for (int b = 0; b < value_bytes; ++b) out.push_back(static_cast<char>(value >> (8 * b)));
      i += run;
      continue;
    }
    // Bit-pack whole groups of 8 until a run worth an RLE run starts on a group boundary.
    std::size_t end = i;
    do {
      end += k_rle_min_run;
    } while (end < n && run_length(end, k_rle_min_run) < k_rle_min_run);
    const std::size_t groups = (end - i) / k_rle_min_run;
    append_uleb128((static_cast<std::uint64_t>(groups) << 1) | 1, out);
    BitPacker packer(out);
    const std::size_t stop = std::min(end, n);
    for (std::size_t k = i; k < stop; ++k) packer.put(at(k), width);
    for (std::size_t k = stop; k < end; ++k) packer.put(0, width);
    packer.flush();
    i = stop;
  }
}

template <typename T>
void encode_delta(std::span<const std::int64_t> values, std::string& out) {
  using U = std::make_unsigned_t<T>;
  constexpr int k_bits = static_cast<int>(sizeof(T) * 8);
  const auto zigzag = [](T v) -> std::uint64_t {
    const auto u = static_cast<U>(v);
    return static_cast<std::uint64_t>(static_cast<U>((u << 1) ^ static_cast<U>(v >> (k_bits - 1))));
  };
  append_uleb128(k_delta_block_size, out);
  append_uleb128(k_delta_miniblocks, out);
  append_uleb128(values.size(), out);
  append_uleb128(values.empty() ? 0 : zigzag(static_cast<T>(values[0])), out);
  if (values.size() < 2) return;

  // Deltas wrap in the physical type's width, as readers add them back in that width.
  std::array<T, k_delta_block_size> deltas{};
  const std::size_t n_deltas = values.size() - 1;
  for (std::size_t block = 0; block < n_deltas; block += k_delta_block_size) {
    const std::size_t count = std::min(k_delta_block_size, n_deltas - block);
    T min_delta = std::numeric_limits<T>::max();
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t i = block + k + 1;
      const auto cur = static_cast<U>(static_cast<T>(values[i]));
      const auto prev = static_cast<U>(static_cast<T>(values[i - 1]));
      deltas[k] = static_cast<T>(static_cast<U>(cur - prev));
      min_delta = std::min(min_delta, deltas[k]);
    }
    append_uleb128(zigzag(min_delta), out);
    const std::size_t used = (count + k_delta_miniblock_size - 1) / k_delta_miniblock_size;
    std::array<int, k_delta_miniblocks> widths{};
    for (std::size_t m = 0; m < used; ++m) {
      U max_offset = 0;
      const std::size_t end = std::min(count, (m + 1) * k_delta_miniblock_size);
      for (std::size_t k = m * k_delta_miniblock_size; k < end; ++k) {
        max_offset = std::max(
            max_offset, static_cast<U>(static_cast<U>(deltas[k]) - static_cast<U>(min_delta)));
      }
      widths[m] = bit_width_for(max_offset);
    }
    for (std::size_t m = 0; m < k_delta_miniblocks; ++m)
      out.push_back(static_cast<char>(widths[m]));
    BitPacker packer(out);
    for (std::size_t m = 0; m < used; ++m) {
      for (std::size_t k = m * k_delta_miniblock_size; k < (m + 1) * k_delta_miniblock_size; ++k) {
        const U offset = k < count
                             ? static_cast<U>(static_cast<U>(deltas[k]) - static_cast<U>(min_delta))
                             : U{0};
        packer.put(offset, widths[m]);
      }
      packer.flush();  // 32 values of any width fill whole bytes; this is a no-op
    }
  }
}

template <typename Stored>
void byte_stream_split(std::span<const double> values, std::string& out) {
  constexpr std::size_t k_width = sizeof(Stored);
  const std::size_t n = values.size();
  const std::size_t base = out.size();
  out.resize(base + n * k_width);
  char* dst = out.data() + base;
  for (std::size_t i = 0; i < n; ++i) {
    const auto bits = std::bit_cast<std::array<char, k_width>>(static_cast<Stored>(values[i]));
    for (std::size_t k = 0; k < k_width; ++k) dst[k * n + i] = bits[k];
  }
}

std::uint64_t mix(std::uint64_t key) noexcept {
  key ^= key >> 30;
  key *= 0xbf58476d1ce4e5b9ULL;
  key ^= key >> 27;
  key *= 0x94d049bb133111ebULL;
  key ^= key >> 31;
  return key;
}

}  // namespace

int bit_width_for(std::uint64_t max_value) noexcept {
  return static_cast<int>(std::bit_width(max_value));
}

void append_uleb128(std::uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void encode_plain_int64(std::span<const std::int64_t> values, std::string& out) {
  out.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
}

void encode_plain_int32(std::span<const std::int64_t> values, std::string& out) {
  const std::size_t base = out.size();
  out.resize(base + values.size() * sizeof(std::int32_t));
  char* dst = out.data() + base;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto v = static_cast<std::int32_t>(values[i]);
    std::memcpy(dst + i * sizeof(v), &v, sizeof(v));
  }
}

void encode_plain_double(std::span<const double> values, std::string& out) {
  out.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
}

void encode_plain_float(std::span<const double> values, std::string& out) {
  const std::size_t base = out.size();
  out.resize(base + values.size() * sizeof(float));
  char* dst = out.data() + base;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto v = static_cast<float>(values[i]);
    std::memcpy(dst + i * sizeof(v), &v, sizeof(v));
  }
}

void encode_plain_byte_array(std::span<const std::string_view> values, std::string& out) {
  for (std::string_view v : values) {
    append_raw(static_cast<std::uint32_t>(v.size()), out);
    out.append(v);
  }
}

void encode_rle_hybrid(std::span<const std::uint32_t> values, int width, std::string& out) {
  encode_hybrid(
      values.size(), [&](std::size_t i) { return values[i]; }, width, out);
}

void encode_definition_levels(std::span<const std::uint8_t> valid, std::string& out) {
  const std::size_t length_at = out.size();
  append_raw(std::uint32_t{0}, out);
  encode_hybrid(
      valid.size(), [&](std::size_t i) -> std::uint32_t { return valid[i] != 0 ? 1 : 0; }, 1, out);
  const auto length = static_cast<std::uint32_t>(out.size() - length_at - sizeof(std::uint32_t));
  std::memcpy(out.data() + length_at, &length, sizeof(length));
}

void encode_dictionary_indices(std::span<const std::uint32_t> indices, int width,
                               std::string& out) {
  out.push_back(static_cast<char>(width));
  encode_rle_hybrid(indices, width, out);
}

void encode_delta_int64(std::span<const std::int64_t> values, std::string& out) {
  encode_delta<std::int64_t>(values, out);
}

void encode_delta_int32(std::span<const std::int64_t> values, std::string& out) {
  encode_delta<std::int32_t>(values, out);
}

void encode_byte_stream_split_double(std::span<const double> values, std::string& out) {
  byte_stream_split<double>(values, out);
}

void encode_byte_stream_split_float(std::span<const double> values, std::string& out) {
  byte_stream_split<float>(values, out);
}

KeyDictionary::KeyDictionary() : slots_(k_initial_slots), mask_(k_initial_slots - 1) {}

std::uint32_t KeyDictionary::insert(std::uint64_t key) {
  std::size_t slot = mix(key) & mask_;
  for (;;) {
    const Slot& entry = slots_[slot];
    if (entry.index_plus_one == 0) break;
    if (entry.key == key) return entry.index_plus_one - 1;
    slot = (slot + 1) & mask_;
  }
  const auto index = static_cast<std::uint32_t>(keys_.size());
  keys_.push_back(key);
  slots_[slot] = {key, index + 1};
  if (keys_.size() * 2 > slots_.size()) grow();
  return index;
}

void KeyDictionary::grow() {
  slots_.assign(slots_.size() * 2, Slot{});
  mask_ = slots_.size() - 1;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    std::size_t slot = mix(keys_[i]) & mask_;
    while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask_;
    slots_[slot] = {keys_[i], static_cast<std::uint32_t>(i + 1)};
  }
}

void KeyDictionary::clear() noexcept {
  keys_.clear();
  std::fill(slots_.begin(), slots_.end(), Slot{});
}

StringDictionary::StringDictionary() : slots_(k_initial_slots, 0), mask_(k_initial_slots - 1) {}

std::uint32_t StringDictionary::insert(std::string_view value) {
  const std::uint64_t hash = XXH3_64bits(value.data(), value.size());
  std::size_t slot = hash & mask_;
  for (;;) {
    const std::uint32_t entry = slots_[slot];
    if (entry == 0) break;
    if (hashes_[entry - 1] == hash && values_[entry - 1] == value) return entry - 1;
    slot = (slot + 1) & mask_;
  }
  const auto index = static_cast<std::uint32_t>(values_.size());
  values_.push_back(value);
  hashes_.push_back(hash);
  plain_bytes_ += sizeof(std::uint32_t) + value.size();
  slots_[slot] = index + 1;
  if (values_.size() * 2 > slots_.size()) grow();
  return index;
}

void StringDictionary::grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (std::size_t i = 0; i < values_.size(); ++i) {
    std::size_t slot = hashes_[i] & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<std::uint32_t>(i + 1);
  }
}

void StringDictionary::clear() noexcept {
  values_.clear();
  hashes_.clear();
  plain_bytes_ = 0;
  std::fill(slots_.begin(), slots_.end(), 0);
}

}  // namespace qbt::data::parquet
