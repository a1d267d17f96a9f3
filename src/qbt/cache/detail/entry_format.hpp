#pragma once
/// The envelope every stored value travels in, on disk and in Redis: a 64-byte header (magic,
/// format version, payload size, XXH3-64 of the payload, the key, XXH3-64 of the header)
/// followed by the payload. The layout is in docs/cache.md. The header lets a reader detect a
/// truncated or bit-rotted value and a value stored under the wrong key.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace qbt::cache::detail {

inline constexpr std::size_t k_entry_header_size = 64;
/// The format version this build writes and the only one it reads.
inline constexpr std::uint32_t k_entry_format_version = 1;

using EntryHeader = std::array<std::byte, k_entry_header_size>;

/// The header of `payload` stored under `key` (an is_cache_key() string).
[[nodiscard]] EntryHeader make_entry_header(std::string_view key,
                                            std::span<const std::byte> payload) noexcept;

/// What a reader learns from a header.
enum class HeaderStatus : std::uint8_t {
  ok,       ///< valid; payload_size and checksum are set
  foreign,  ///< a valid header of another format version: not ours to judge or remove
  corrupt,  ///< not a valid header for this key
};

struct HeaderCheck {
  HeaderStatus status = HeaderStatus::corrupt;
  std::uint64_t payload_size = 0;
  std::uint64_t payload_checksum = 0;
  std::string problem;  ///< why it is corrupt or foreign, for messages
};

/// Validate a header read for `key`.
[[nodiscard]] HeaderCheck check_entry_header(std::span<const std::byte> header,
                                             std::string_view key);

/// Whether `payload` is what a valid header describes (size and XXH3-64).
[[nodiscard]] bool payload_matches(const HeaderCheck& header,
                                   std::span<const std::byte> payload) noexcept;

}  // namespace qbt::cache::detail
