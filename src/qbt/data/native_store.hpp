#pragma once
/// qbt's native columnar bar store (`.qbt` files): a checksummed header followed by six 64-byte
/// aligned columns, so a file memory-maps into a BarFrame without copying a single bar.
/// The byte layout is specified in docs/native-format.md.

#include <cstddef>
#include <cstdint>
#include <string>

#include "qbt/data/bar_frame.hpp"

namespace qbt::data {

/// The format version this build writes and the only one it reads.
inline constexpr std::uint32_t k_native_format_version = 1;
/// Longest symbol (in bytes) a native file may carry; bounds the header a reader must trust.
inline constexpr std::size_t k_native_max_symbol_length = 1024;

struct NativeReadOptions {
  /// Hash every column with XXH3 and compare against the header. The header itself is always
  /// verified; turning this off trades bit-rot detection for not touching the column pages.
  bool verify_checksums = true;
  /// Verify window by window and drop each window's pages from this process once hashed, so
  /// resident memory stays bounded: for readers that then stream the file chunk by chunk
  /// (data/bar_chunks.hpp) because it is larger than memory. Slower than the default, which
  /// faults the whole file in and hashes the columns in parallel.
  bool release_verified_pages = false;
};

/// Write `frame` (bars, symbol, frequency) to `path` in the native format.
///
/// The bytes go to `path + ".tmp"`, are flushed to disk, and only then renamed over `path`, so a
/// crash never leaves a half-written file under the final name. Throws DataError when the frame
/// cannot be stored faithfully (timestamps not strictly increasing, symbol longer than
/// k_native_max_symbol_length) and IoError naming `path` when the file cannot be written.
void write_native(const BarFrame& frame, const std::string& path);

/// Map the native file `path` and return a BarFrame whose columns point into the mapping.
///
/// The frame keeps the mapping alive, so it may outlive every other handle to the file. Every
/// field of the header is validated before use; any inconsistency (wrong magic, unsupported
/// version, truncation, out-of-range or misaligned columns, checksum mismatch) throws DataError
/// naming the file and what is wrong. IoError when the file cannot be opened or mapped.
[[nodiscard]] BarFrame read_native(const std::string& path, const NativeReadOptions& options = {});

/// Whether `path` starts with the native magic bytes, so callers can dispatch on content rather
/// than on the extension alone. False for missing, unreadable or too-short files; never throws.
[[nodiscard]] bool is_native_file(const std::string& path) noexcept;

}  // namespace qbt::data
