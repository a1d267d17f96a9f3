#pragma once
/// Bars read front to back in chunks, never all at once: the input of runs over more data than
/// fits in memory (docs/vectorized-engine.md, "Larger than memory"). A native file is mapped and
/// the pages of the bars already passed are dropped from the process; a Parquet file is decoded
/// one row group at a time; a BarFrame already in memory is sliced (tests, small inputs). CSV
/// cannot be read in chunks (a row's offset is only known after parsing every row before it):
/// convert it with `qbt data convert` first.

#include <cstddef>
#include <memory>
#include <string>

#include "qbt/data/bar_frame.hpp"
#include "qbt/data/bar_io.hpp"

namespace qbt::data {

class BarChunks {
public:
  BarChunks() = default;
  BarChunks(const BarChunks&) = delete;
  BarChunks& operator=(const BarChunks&) = delete;
  virtual ~BarChunks() = default;

  /// The series' symbol, as load_bars() names it.
  [[nodiscard]] virtual const std::string& symbol() const noexcept = 0;
  /// Bars the reader holds at once whatever the chunk size (a Parquet row group is decoded
  /// whole); 0 when it holds exactly the chunk. For sizing chunks to a memory budget.
  [[nodiscard]] virtual std::size_t block_rows() const noexcept = 0;
  /// The next at most `max_rows` (>= 1) bars, in order; an empty frame after the last. A chunk
  /// is valid until the next call of next() or rewind(), which may release its memory, so a
  /// caller copies what it keeps.
  [[nodiscard]] virtual BarFrame next(std::size_t max_rows) = 0;
  /// Start again from the first bar, for another pass.
  virtual void rewind() = 0;
};

/// Chunks of the native or Parquet file `path`, recognised as load_bars() recognises them, with
/// the bars load_bars(path, options) would give: the same checksum verification (window by
/// window), Parquet null and validation policies, and time range. UserInputError for CSV,
/// naming `qbt data convert`; the readers' DataError or IoError otherwise. A Parquet file's
/// timestamps are checked to increase across row groups as they are read (DataError).
[[nodiscard]] std::unique_ptr<BarChunks> open_bar_chunks(const std::string& path,
                                                         const LoadOptions& options = {});

/// Chunks of a frame already in memory: slices of it, no copy.
[[nodiscard]] std::unique_ptr<BarChunks> frame_chunks(BarFrame frame);

/// Whether `path` can be read in chunks: a native or Parquet file (by content or, failing
/// that, by name). Never throws.
[[nodiscard]] bool is_chunkable(const std::string& path) noexcept;

}  // namespace qbt::data
