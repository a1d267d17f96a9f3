#include "qbt/data/bar_chunks.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include "qbt/core/error.hpp"
#include "qbt/data/parquet/parquet_reader.hpp"

namespace qbt::data {

namespace {

/// Slices of a frame in memory.
class FrameChunks final : public BarChunks {
public:
  explicit FrameChunks(BarFrame frame) : frame_(std::move(frame)) {}

  [[nodiscard]] const std::string& symbol() const noexcept override { return frame_.symbol(); }
  [[nodiscard]] std::size_t block_rows() const noexcept override { return 0; }
  [[nodiscard]] BarFrame next(std::size_t max_rows) override {
    const std::size_t take =
        std::min(std::max<std::size_t>(max_rows, 1), frame_.size() - position_);
    BarFrame chunk = frame_.slice(position_, position_ + take);
    position_ += take;
    return chunk;
  }
  void rewind() override { position_ = 0; }

private:
  BarFrame frame_;
  std::size_t position_ = 0;
};

/// A mapped native file. Each column's pages before the current chunk are dropped from the
/// process (madvise MADV_DONTNEED) when the next chunk is asked for, so resident memory stays at
/// about one chunk; the file itself stays in the page cache, which the kernel manages.
class NativeChunks final : public BarChunks {
public:
  NativeChunks(const std::string& path, const LoadOptions& options) {
    NativeReadOptions read = options.native;
    read.release_verified_pages = true;
    frame_ = read_native(path, read);
    const auto ts = frame_.timestamps();
    // As load_bars() clips: [from, until), found by binary search (a few pages).
    begin_ = options.from ? static_cast<std::size_t>(
                                std::lower_bound(ts.begin(), ts.end(), *options.from) - ts.begin())
                          : 0;
    end_ = options.until ? static_cast<std::size_t>(
                               std::lower_bound(ts.begin() + static_cast<std::ptrdiff_t>(begin_),
                                                ts.end(), *options.until) -
                               ts.begin())
                         : ts.size();
    position_ = begin_;
    for (const auto& [first, bytes] : columns()) {
      if (bytes > 0) {
        ::madvise(page_floor(first), bytes + static_cast<std::size_t>(first - page_floor(first)),
                  MADV_SEQUENTIAL);
      }
    }
  }

  [[nodiscard]] const std::string& symbol() const noexcept override { return frame_.symbol(); }
  [[nodiscard]] std::size_t block_rows() const noexcept override { return 0; }

  [[nodiscard]] BarFrame next(std::size_t max_rows) override {
    release_before(position_);
    const std::size_t take = std::min(std::max<std::size_t>(max_rows, 1), end_ - position_);
    BarFrame chunk = frame_.slice(position_, position_ + take);
    position_ += take;
    return chunk;
  }

  void rewind() override {
    release_before(position_);
    position_ = begin_;
    released_ = begin_;
  }

private:
  static std::byte* page_floor(const std::byte* address) noexcept {
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    return reinterpret_cast<std::byte*>(reinterpret_cast<std::uintptr_t>(address) & ~(page - 1));
  }

  /// Start and byte length of the six columns.
  [[nodiscard]] std::array<std::pair<const std::byte*, std::size_t>, 1 + k_field_count> columns()
      const noexcept {
    std::array<std::pair<const std::byte*, std::size_t>, 1 + k_field_count> out{};
    const std::size_t bytes = frame_.size() * sizeof(double);
    out[0] = {reinterpret_cast<const std::byte*>(frame_.timestamps().data()), bytes};
    for (const Field f : k_fields) {
      out[1 + static_cast<std::size_t>(f)] = {
          reinterpret_cast<const std::byte*>(frame_.field(f).data()), bytes};
    }
    return out;
  }

  /// Drop the whole pages of every column that lie before row `row`.
  void release_before(std::size_t row) noexcept {
    if (row <= released_) {
      return;
    }
    for (const auto& [first, bytes] : columns()) {
      if (bytes == 0) {
        continue;
      }
      std::byte* from = page_floor(first + released_ * sizeof(double));
      std::byte* to = page_floor(first + row * sizeof(double));
      if (to > from) {
        ::madvise(from, static_cast<std::size_t>(to - from), MADV_DONTNEED);
      }
    }
    released_ = row;
  }

  BarFrame frame_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::size_t position_ = 0;
  std::size_t released_ = 0;  ///< rows before this one have had their pages dropped
};

/// A Parquet file, one row group decoded at a time. The symbol is the first row group's (the
/// option, the file's symbol column, or the file name, as a whole load names it); a later row
/// group of another symbol is a DataError, as a whole load of a many-symbol file is.
class ParquetChunks final : public BarChunks {
public:
  ParquetChunks(const std::string& path, const LoadOptions& options)
      : file_(parquet::ParquetFile::open(path)), read_(options.parquet) {
    if (file_.rows() == 0) {
      throw DataError(fmt::format("{}: the file holds no rows", file_.path()));
    }
    read_.start = options.from;
    read_.end = options.until;
    if (read_.symbol.empty()) {
      read_.symbol = options.csv.symbol;
    }
    groups_ = file_.row_groups_in_range(read_.start, read_.end);
    for (const std::size_t group : groups_) {
      block_rows_ = std::max(block_rows_, file_.row_group_rows(group));
    }
    // The first bars name the symbol; they are handed out by the first next().
    while (group_.empty() && next_group_ < groups_.size()) {
      decode_next_group();
    }
    if (!named_) {
      symbol_ = read_.symbol.empty() ? std::filesystem::path(path).stem().string() : read_.symbol;
    }
  }

  [[nodiscard]] const std::string& symbol() const noexcept override { return symbol_; }
  [[nodiscard]] std::size_t block_rows() const noexcept override { return block_rows_; }

  [[nodiscard]] BarFrame next(std::size_t max_rows) override {
    while (offset_ == group_.size()) {
      group_ = BarFrame();  // release the last row group before decoding the next
      offset_ = 0;
      if (next_group_ == groups_.size()) {
        return {};
      }
      decode_next_group();
    }
    const std::size_t take = std::min(std::max<std::size_t>(max_rows, 1), group_.size() - offset_);
    BarFrame chunk = group_.slice(offset_, offset_ + take);
    offset_ += take;
    return chunk;
  }

  void rewind() override {
    group_ = BarFrame();
    offset_ = 0;
    next_group_ = 0;
    last_time_.reset();
  }

private:
  void decode_next_group() {
    const std::size_t index = groups_[next_group_++];
    group_ = file_.bar_row_group_frame(index, read_);
    const auto ts = group_.timestamps();
    if (ts.empty()) {
      return;
    }
    if (!named_) {
      symbol_ = group_.symbol();
      named_ = true;
    } else if (group_.symbol() != symbol_) {
      throw DataError(
          fmt::format("{}: row group {} holds symbol '{}' after '{}'; pick one with "
                      "--symbol",
                      file_.path(), index, group_.symbol(), symbol_));
    }
    if (last_time_ && ts.front() <= *last_time_) {
      throw DataError(fmt::format(
          "{}: timestamps are not increasing across row groups: row "
          "group {} starts at {}, not after {}",
          file_.path(), index, format_timestamp(ts.front()), format_timestamp(*last_time_)));
    }
    last_time_ = ts.back();
  }

  parquet::ParquetFile file_;
  parquet::ParquetReadOptions read_;
  std::string symbol_;
  bool named_ = false;               ///< symbol_ comes from bars already decoded
  std::vector<std::size_t> groups_;  ///< row groups that may hold bars in the time range
  std::size_t block_rows_ = 0;
  std::size_t next_group_ = 0;
  BarFrame group_;  ///< the decoded row group being handed out
  std::size_t offset_ = 0;
  std::optional<Timestamp> last_time_;
};

bool named_parquet(const std::string& path) {
  return format_from_extension(path) == BarFormat::parquet;
}

}  // namespace

std::unique_ptr<BarChunks> open_bar_chunks(const std::string& path, const LoadOptions& options) {
  if (options.from && options.until && *options.until <= *options.from) {
    throw UserInputError("the time range is empty: 'until' must be after 'from'", {path});
  }
  if (is_native_file(path) || format_from_extension(path) == BarFormat::native) {
    // A .qbt name without the magic: the native reader explains what is wrong.
    return std::make_unique<NativeChunks>(path, options);
  }
  if (parquet::is_parquet_file(path) || named_parquet(path)) {
    return std::make_unique<ParquetChunks>(path, options);
  }
  const std::string stem = std::filesystem::path(path).replace_extension().string();
  throw UserInputError(
      fmt::format("{} is read as CSV, which cannot be read in chunks; convert "
                  "it once with `qbt data convert {} {}.qbt` (or .parquet) and "
                  "use that file",
                  path, path, stem));
}

std::unique_ptr<BarChunks> frame_chunks(BarFrame frame) {
  return std::make_unique<FrameChunks>(std::move(frame));
}

bool is_chunkable(const std::string& path) noexcept {
  try {
    return is_native_file(path) || parquet::is_parquet_file(path) ||
           format_from_extension(path) == BarFormat::native || named_parquet(path);
  } catch (...) {
    return false;
  }
}

}  // namespace qbt::data
