#include "qbt/cache/cache_key.hpp"

#include <array>
#include <bit>
#include <cstring>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "qbt/core/version.hpp"

namespace qbt::cache {

namespace {

/// Bump when the encoding of fields or the meaning of a kind's fields changes.
constexpr std::int64_t k_key_schema = 1;
/// Below this many column bytes, hashing on the calling thread beats spawning tasks.
constexpr std::size_t k_parallel_hash_bytes = std::size_t{4} << 20;

template <class T>
std::span<const std::byte> bytes_of(const T& value) noexcept {
  return std::as_bytes(std::span<const T>(&value, 1));
}

void append_u64(std::string& out, std::uint64_t value) {
  std::array<char, sizeof(value)> raw{};
  std::memcpy(raw.data(), &value, sizeof(value));
  out.append(raw.data(), raw.size());
}

std::string hex_of(const XXH128_hash_t& hash) {
  return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

}  // namespace

KeyBuilder::KeyBuilder(std::string_view computation) {
  add_text("computation", computation);
  add_text("qbt.version", qbt::version());
  add_int("key.schema", k_key_schema);
}

void KeyBuilder::add_field(char type, std::string_view name, std::span<const std::byte> value) {
  encoded_ += type;
  append_u64(encoded_, name.size());
  encoded_ += name;
  append_u64(encoded_, value.size());
  encoded_.append(reinterpret_cast<const char*>(value.data()), value.size());
}

KeyBuilder& KeyBuilder::add_text(std::string_view name, std::string_view value) {
  add_field('s', name, std::as_bytes(std::span<const char>(value.data(), value.size())));
  return *this;
}

KeyBuilder& KeyBuilder::add_int(std::string_view name, std::int64_t value) {
  add_field('i', name, bytes_of(value));
  return *this;
}

KeyBuilder& KeyBuilder::add_real(std::string_view name, double value) {
  add_field('r', name, bytes_of(std::bit_cast<std::uint64_t>(value)));
  return *this;
}

KeyBuilder& KeyBuilder::add_bool(std::string_view name, bool value) {
  const std::uint8_t byte = value ? 1 : 0;
  add_field('b', name, bytes_of(byte));
  return *this;
}

KeyBuilder& KeyBuilder::add_reals(std::string_view name, std::span<const double> values) {
  add_field('R', name, std::as_bytes(values));
  return *this;
}

KeyBuilder& KeyBuilder::add_bytes(std::string_view name, std::span<const std::byte> value) {
  add_field('x', name, value);
  return *this;
}

std::string KeyBuilder::finish() const {
  return hex_of(XXH3_128bits(encoded_.data(), encoded_.size()));
}

bool is_cache_key(std::string_view text) noexcept {
  if (text.size() != k_key_length) {
    return false;
  }
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string data_checksum(const data::BarFrame& bars) {
  const std::size_t rows = bars.size();
  constexpr std::size_t k_columns = 1 + data::k_field_count;
  std::array<const void*, k_columns> columns{};
  columns[0] = bars.timestamps().data();
  for (const data::Field field : data::k_fields) {
    columns[1 + static_cast<std::size_t>(field)] = bars.field(field).data();
  }
  const std::size_t column_bytes = rows * sizeof(double);
  std::array<XXH128_hash_t, k_columns> digests{};
  const auto hash = [&](std::size_t k) {
    digests[k] = XXH3_128bits(rows == 0 ? nullptr : columns[k], column_bytes);
  };
  if (k_columns * column_bytes >= k_parallel_hash_bytes) {
    tbb::parallel_for(std::size_t{0}, k_columns, hash);
  } else {
    for (std::size_t k = 0; k < k_columns; ++k) {
      hash(k);
    }
  }
  std::string combined;
  append_u64(combined, rows);
  for (const XXH128_hash_t& digest : digests) {
    append_u64(combined, digest.high64);
    append_u64(combined, digest.low64);
  }
  return hex_of(XXH3_128bits(combined.data(), combined.size()));
}

}  // namespace qbt::cache
