#pragma once
/// Content addresses for the result cache: a key is the 128-bit XXH3 hash of everything a
/// result depends on (the data's checksum, the computation, its parameters and qbt's version),
/// so a changed input never finds a stale result; it only misses. docs/cache.md lists the
/// fields each command hashes.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "qbt/data/bar_frame.hpp"

namespace qbt::cache {

/// Hex digits in a key: 128 bits.
inline constexpr std::size_t k_key_length = 32;

/// Builds a key from typed, named fields. Each field is encoded with its type, name and length,
/// so no two different field lists hash the same bytes (`("ab","c")` is not `("a","bc")`), and
/// the order of the calls is part of the key.
class KeyBuilder {
public:
  /// Start the key of one kind of result, e.g. `backtest.stats`; the kind, qbt's version and
  /// the key schema are the first fields, so a new qbt release never reads an older one's
  /// results.
  explicit KeyBuilder(std::string_view computation);

  KeyBuilder& add_text(std::string_view name, std::string_view value);
  KeyBuilder& add_int(std::string_view name, std::int64_t value);
  /// The value's bits: -0.0 and 0.0, or two NaN payloads, are different keys (a spurious miss
  /// at worst, never a wrong hit).
  KeyBuilder& add_real(std::string_view name, double value);
  KeyBuilder& add_bool(std::string_view name, bool value);
  KeyBuilder& add_reals(std::string_view name, std::span<const double> values);
  KeyBuilder& add_bytes(std::string_view name, std::span<const std::byte> value);

  /// The key: 32 lower-case hex digits of the XXH3-128 of the fields so far. The builder stays
  /// usable, so one prefix can finish several keys.
  [[nodiscard]] std::string finish() const;

private:
  void add_field(char type, std::string_view name, std::span<const std::byte> value);

  std::string encoded_;
};

/// Whether `text` is a key as finish() writes it (32 lower-case hex digits).
[[nodiscard]] bool is_cache_key(std::string_view text) noexcept;

/// Checksum of a frame's content, for keys: XXH3-128 (32 hex digits) over the row count, the
/// timestamps and the five value columns, bit for bit. Symbol and frequency are metadata and
/// not included. Large frames hash one column per task.
[[nodiscard]] std::string data_checksum(const data::BarFrame& bars);

}  // namespace qbt::cache
