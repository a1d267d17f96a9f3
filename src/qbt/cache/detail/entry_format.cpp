#include "qbt/cache/detail/entry_format.hpp"

#include <bit>
#include <cstring>

#include <fmt/format.h>
#include <xxhash.h>

#include "qbt/cache/cache_key.hpp"

namespace qbt::cache::detail {

static_assert(std::endian::native == std::endian::little,
              "cache entries store little-endian integers");

namespace {

// Byte for byte in docs/cache.md.
constexpr std::array<char, 8> k_magic{'Q', 'B', 'T', 'C', 'A', 'C', 'H', 'E'};
constexpr std::size_t k_key_bytes = k_key_length / 2;

namespace field_offset {
constexpr std::size_t version = 8;
constexpr std::size_t header_size = 12;
constexpr std::size_t payload_size = 16;
constexpr std::size_t payload_checksum = 24;
constexpr std::size_t key = 32;
constexpr std::size_t header_checksum = 56;
}  // namespace field_offset

template <class T>
T load(const std::byte* base, std::size_t offset) noexcept {
  T value;
  std::memcpy(&value, base + offset, sizeof(T));
  return value;
}

template <class T>
void store(std::byte* base, std::size_t offset, T value) noexcept {
  std::memcpy(base + offset, &value, sizeof(T));
}

int hex_digit(char c) noexcept {
  return c <= '9' ? c - '0' : c - 'a' + 10;
}

/// The key's 16 bytes; `key` is an is_cache_key() string (anything else hashes to garbage,
/// which only makes every lookup of it miss).
std::array<std::byte, k_key_bytes> key_bytes(std::string_view key) noexcept {
  std::array<std::byte, k_key_bytes> out{};
  for (std::size_t i = 0; i < out.size() && 2 * i + 1 < key.size(); ++i) {
    out[i] = static_cast<std::byte>(hex_digit(key[2 * i]) * 16 + hex_digit(key[2 * i + 1]));
  }
  return out;
}

std::uint64_t header_checksum(const std::byte* header) noexcept {
  return XXH3_64bits(header, field_offset::header_checksum);
}

}  // namespace

EntryHeader make_entry_header(std::string_view key, std::span<const std::byte> payload) noexcept {
  EntryHeader header{};
  std::byte* base = header.data();
  std::memcpy(base, k_magic.data(), k_magic.size());
  store<std::uint32_t>(base, field_offset::version, k_entry_format_version);
  store<std::uint32_t>(base, field_offset::header_size, k_entry_header_size);
  store<std::uint64_t>(base, field_offset::payload_size, payload.size());
  store<std::uint64_t>(base, field_offset::payload_checksum,
                       XXH3_64bits(payload.data(), payload.size()));
  const auto raw_key = key_bytes(key);
  std::memcpy(base + field_offset::key, raw_key.data(), raw_key.size());
  store<std::uint64_t>(base, field_offset::header_checksum, header_checksum(base));
  return header;
}

HeaderCheck check_entry_header(std::span<const std::byte> header, std::string_view key) {
  HeaderCheck out;
  const std::byte* base = header.data();
  if (header.size() < k_entry_header_size) {
    out.problem = fmt::format("truncated: {} bytes, shorter than the {}-byte header", header.size(),
                              k_entry_header_size);
    return out;
  }
  if (std::memcmp(base, k_magic.data(), k_magic.size()) != 0) {
    out.problem = "not a qbt cache entry (wrong magic)";
    return out;
  }
  if (header_checksum(base) != load<std::uint64_t>(base, field_offset::header_checksum)) {
    out.problem = "checksum mismatch in header";
    return out;
  }
  const auto version = load<std::uint32_t>(base, field_offset::version);
  if (version != k_entry_format_version) {
    out.status = HeaderStatus::foreign;
    out.problem = fmt::format("format version {} (this build reads version {})", version,
                              k_entry_format_version);
    return out;
  }
  if (load<std::uint32_t>(base, field_offset::header_size) != k_entry_header_size) {
    out.problem = "unexpected header size";
    return out;
  }
  const auto raw_key = key_bytes(key);
  if (std::memcmp(base + field_offset::key, raw_key.data(), raw_key.size()) != 0) {
    out.problem = "stored under another key";
    return out;
  }
  out.status = HeaderStatus::ok;
  out.payload_size = load<std::uint64_t>(base, field_offset::payload_size);
  out.payload_checksum = load<std::uint64_t>(base, field_offset::payload_checksum);
  return out;
}

bool payload_matches(const HeaderCheck& header, std::span<const std::byte> payload) noexcept {
  return header.status == HeaderStatus::ok && payload.size() == header.payload_size &&
         XXH3_64bits(payload.data(), payload.size()) == header.payload_checksum;
}

}  // namespace qbt::cache::detail
