#pragma once
/// Sizes in bytes as users write them (`--memory-budget 2GB`): a number, optionally fractional,
/// then a unit. SI units are powers of 1000 (kB, MB, GB, TB), IEC units powers of 1024 (KiB, MiB,
/// GiB, TiB), as the units' standards define them; units are case-insensitive, and a bare number
/// is bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qbt {

/// Parse `512MB`, `2GB`, `1.5GiB`, `64 KiB`, `1048576` or `1048576B`; nullopt for anything
/// else (no number, an unknown unit, a negative or non-finite number, more than 2^63 bytes).
/// Fractions round down to whole bytes.
[[nodiscard]] std::optional<std::uint64_t> parse_byte_size(std::string_view text) noexcept;

/// parse_byte_size() or a UserInputError naming `flag` and the accepted forms.
[[nodiscard]] std::uint64_t parse_byte_size_flag(std::string_view text, std::string_view flag);

/// A size for messages, in the largest SI unit it reaches with one decimal: `33.6 MB`, `2.0 GB`,
/// `512 B`.
[[nodiscard]] std::string format_byte_size(std::uint64_t bytes);

}  // namespace qbt
