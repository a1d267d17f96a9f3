#include "qbt/data/native_store.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <tbb/parallel_for.h>
#include <unistd.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include "qbt/core/error.hpp"
#include "qbt/core/mapped_file.hpp"

namespace qbt::data {

static_assert(std::endian::native == std::endian::little,
              "the native store maps little-endian files straight into memory");

namespace {

// Every constant below is specified byte for byte in docs/native-format.md.
constexpr std::array<char, 8> k_magic{'Q', 'B', 'T', 'B', 'A', 'R', 'S', '\0'};
constexpr std::uint32_t k_endian_marker = 0x01020304;
constexpr std::size_t k_fixed_header_size = 64;
constexpr std::size_t k_entry_size = 32;
constexpr std::uint32_t k_max_column_count = 64;
constexpr std::size_t k_alignment = 64;
constexpr std::uint32_t k_required_flags_mask = 0x0000ffff;
/// Below this many column bytes, hashing on the calling thread beats spawning tasks.
constexpr std::uint64_t k_parallel_hash_bytes = std::uint64_t{4} << 20;

namespace field_offset {
constexpr std::size_t version = 8;
constexpr std::size_t endian_marker = 12;
constexpr std::size_t header_size = 16;
constexpr std::size_t flags = 20;
constexpr std::size_t row_count = 24;
constexpr std::size_t frequency_ns = 32;
constexpr std::size_t column_count = 40;
constexpr std::size_t symbol_length = 44;
constexpr std::size_t file_size = 48;
constexpr std::size_t header_checksum = 56;
}  // namespace field_offset

namespace entry_offset {
constexpr std::size_t kind = 0;
constexpr std::size_t value_type = 1;
constexpr std::size_t offset = 8;
constexpr std::size_t length = 16;
constexpr std::size_t checksum = 24;
}  // namespace entry_offset

/// What a column holds; codes start at 1 so zeroed bytes never name a column.
enum class ColumnKind : std::uint8_t { timestamp = 1, open, high, low, close, volume };
constexpr std::size_t k_known_kind_count = 6;

enum class ValueType : std::uint8_t { int64 = 1, float64 = 2 };

constexpr std::size_t kind_index(ColumnKind kind) noexcept {
  return static_cast<std::size_t>(kind) - 1;
}
/// Kind of the column holding `field`: the value kinds follow Field's storage order.
constexpr std::size_t kind_index(Field field) noexcept {
  return static_cast<std::size_t>(field) + 1;
}
static_assert(kind_index(ColumnKind::open) == kind_index(Field::open) &&
              kind_index(ColumnKind::volume) == kind_index(Field::volume));

constexpr std::array<const char*, k_known_kind_count> k_kind_names{"timestamp", "open",  "high",
                                                                   "low",       "close", "volume"};

constexpr std::uint64_t align_up(std::uint64_t value) noexcept {
  return (value + (k_alignment - 1)) & ~std::uint64_t{k_alignment - 1};
}

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

/// XXH3-64 of the header without its checksum field: bytes [0, 56) then [64, header_size).
std::uint64_t header_checksum(const std::byte* header, std::size_t header_size) noexcept {
  XXH3_state_t state;
  XXH3_64bits_reset(&state);
  XXH3_64bits_update(&state, header, field_offset::header_checksum);
  XXH3_64bits_update(&state, header + k_fixed_header_size, header_size - k_fixed_header_size);
  return XXH3_64bits_digest(&state);
}

std::uint64_t column_checksum(const void* data, std::size_t bytes) noexcept {
  return XXH3_64bits(data, bytes);
}

struct ParsedHeader {
  std::uint64_t rows = 0;
  std::int64_t frequency_ns = 0;
  std::string symbol;
  std::array<std::uint64_t, k_known_kind_count> offsets{};
};

class HeaderParser {
public:
  HeaderParser(std::span<const std::byte> bytes, const std::string& path)
      : bytes_(bytes), path_(path) {}

  ParsedHeader parse(bool verify_checksums, bool release_pages = false) const {
    const std::size_t size = bytes_.size();
    const std::byte* base = bytes_.data();
    if (size < k_magic.size() || std::memcmp(base, k_magic.data(), k_magic.size()) != 0) {
      fail("not a qbt native file");
    }
    if (size < k_fixed_header_size) {
      fail(fmt::format("truncated file: {} bytes is shorter than the {}-byte fixed header", size,
                       k_fixed_header_size));
    }
    const auto marker = load<std::uint32_t>(base, field_offset::endian_marker);
    if (marker != k_endian_marker) {
      fail(
          fmt::format("unsupported byte order marker 0x{:08x} (only little-endian files, "
                      "marker 0x{:08x}, are supported)",
                      marker, k_endian_marker));
    }
    const auto version = load<std::uint32_t>(base, field_offset::version);
    if (version != k_native_format_version) {
      fail(fmt::format("unsupported format version {} (this build reads version {})", version,
                       k_native_format_version));
    }
    const auto column_count = load<std::uint32_t>(base, field_offset::column_count);
    if (column_count > k_max_column_count) {
      fail(
          fmt::format("column count {} exceeds the limit of {}", column_count, k_max_column_count));
    }
    const auto symbol_length = load<std::uint32_t>(base, field_offset::symbol_length);
    if (symbol_length > k_native_max_symbol_length) {
      fail(fmt::format("symbol length {} exceeds the limit of {} bytes", symbol_length,
                       k_native_max_symbol_length));
    }
    const std::size_t needed = k_fixed_header_size + column_count * k_entry_size + symbol_length;
    const auto header_size = load<std::uint32_t>(base, field_offset::header_size);
    if (header_size < needed) {
      fail(fmt::format("header size {} is smaller than the {} bytes its {} columns and symbol need",
                       header_size, needed, column_count));
    }
    if (header_size > size) {
      fail(fmt::format("truncated file: the header needs {} bytes but the file has {}", header_size,
                       size));
    }
    if (header_checksum(base, header_size) !=
        load<std::uint64_t>(base, field_offset::header_checksum)) {
      fail("checksum mismatch in header");
    }

    const auto recorded_size = load<std::uint64_t>(base, field_offset::file_size);
    if (recorded_size > size) {
      fail(fmt::format("truncated file: the header records {} bytes but the file has {}",
                       recorded_size, size));
    }
    if (recorded_size < size) {
      fail(fmt::format("file has {} bytes but the header records {} (trailing bytes)", size,
                       recorded_size));
    }
    const auto flags = load<std::uint32_t>(base, field_offset::flags);
    if ((flags & k_required_flags_mask) != 0) {
      fail(fmt::format("unsupported feature flags 0x{:08x}", flags & k_required_flags_mask));
    }

    ParsedHeader out;
    out.rows = load<std::uint64_t>(base, field_offset::row_count);
    out.frequency_ns = load<std::int64_t>(base, field_offset::frequency_ns);
    if (out.frequency_ns < 0) {
      fail(fmt::format("negative frequency {} ns", out.frequency_ns));
    }
    const std::size_t symbol_offset = k_fixed_header_size + column_count * k_entry_size;
    out.symbol.assign(reinterpret_cast<const char*>(base + symbol_offset), symbol_length);

    std::array<bool, k_known_kind_count> seen{};
    std::array<StoredColumn, k_max_column_count> to_verify{};
    for (std::uint32_t i = 0; i < column_count; ++i) {
      const std::byte* entry = base + k_fixed_header_size + i * k_entry_size;
      const auto kind = load<std::uint8_t>(entry, entry_offset::kind);
      const auto type = load<std::uint8_t>(entry, entry_offset::value_type);
      const auto offset = load<std::uint64_t>(entry, entry_offset::offset);
      const auto length = load<std::uint64_t>(entry, entry_offset::length);
      const bool known = kind >= 1 && kind <= k_known_kind_count;
      const std::string name = column_name(base, i);

      if (offset > size || length > size - offset) {
        fail(
            fmt::format("column {} extends beyond the end of the file (offset {}, length {}, "
                        "file size {})",
                        name, offset, length, size));
      }
      if (offset < header_size) {
        fail(fmt::format("column {} overlaps the header (offset {}, header size {})", name, offset,
                         header_size));
      }
      if (offset % k_alignment != 0) {
        fail(fmt::format("column {} offset {} is not {}-byte aligned", name, offset, k_alignment));
      }
      to_verify[i] = {offset, length, load<std::uint64_t>(entry, entry_offset::checksum)};
      if (!known) {
        continue;  // a column added by a later writer; this reader has no use for it
      }
      const std::size_t index = kind - 1U;
      if (seen[index]) {
        fail(fmt::format("duplicate column {}", name));
      }
      seen[index] = true;
      const auto expected_type =
          index == kind_index(ColumnKind::timestamp) ? ValueType::int64 : ValueType::float64;
      if (type != static_cast<std::uint8_t>(expected_type)) {
        fail(fmt::format("unsupported value type {} for column {}", type, name));
      }
      if (length % sizeof(double) != 0 || length / sizeof(double) != out.rows) {
        fail(fmt::format("column {} has {} bytes but the header records {} rows of 8 bytes", name,
                         length, out.rows));
      }
      out.offsets[index] = offset;
    }
    for (std::size_t k = 0; k < k_known_kind_count; ++k) {
      if (!seen[k]) {
        fail(fmt::format("missing column {}", k_kind_names[k]));
      }
    }
    // Only now, with every range known to lie inside the file, touch the column bytes.
    if (verify_checksums) {
      verify_column_checksums(std::span(to_verify).first(column_count), release_pages);
    }
    return out;
  }

private:
  struct StoredColumn {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::uint64_t checksum = 0;
  };

  /// Hash every column and report the first mismatch in directory order. Large files are
  /// prefaulted in one call and hashed one column per task: a single core hashing a cold mapping
  /// spends most of its time in page faults, not in XXH3.
  void verify_column_checksums(std::span<const StoredColumn> columns, bool release_pages) const {
    const std::byte* base = bytes_.data();
    if (release_pages) {
      verify_releasing_pages(columns);
      return;
    }
    std::uint64_t total = 0;
    for (const StoredColumn& column : columns) {
      total += column.length;
    }
    std::array<bool, k_max_column_count> ok{};
    const auto verify = [&](std::size_t i) {
      ok[i] = column_checksum(base + columns[i].offset, columns[i].length) == columns[i].checksum;
    };
    if (total >= k_parallel_hash_bytes) {
#ifdef MADV_POPULATE_READ
      // Best effort (Linux 5.14+); without it the hashing below faults the pages in itself.
      ::madvise(const_cast<std::byte*>(base), bytes_.size(), MADV_POPULATE_READ);
#endif
      tbb::parallel_for(std::size_t{0}, columns.size(), verify);
    } else {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        verify(i);
      }
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (!ok[i]) {
        fail(fmt::format("checksum mismatch in column {}",
                         column_name(base, static_cast<std::uint32_t>(i))));
      }
    }
  }

  /// verify_column_checksums() one window at a time on the calling thread, dropping each
  /// window's pages once hashed: resident memory stays at one window whatever the file size.
  void verify_releasing_pages(std::span<const StoredColumn> columns) const {
    constexpr std::uint64_t k_window = std::uint64_t{4} << 20;
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::byte* base = bytes_.data();
    XXH3_state_t state;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      XXH3_64bits_reset(&state);
      for (std::uint64_t done = 0; done < columns[i].length;) {
        const std::uint64_t step = std::min(k_window, columns[i].length - done);
        const std::byte* window = base + columns[i].offset + done;
        XXH3_64bits_update(&state, window, step);
        // Whole pages around the window: a neighbour's bytes on an edge page just fault in again.
        const auto start = reinterpret_cast<std::uintptr_t>(window);
        const auto first = start & ~(page - 1);
        const auto last = (start + step + page - 1) & ~(page - 1);
        ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
        done += step;
      }
      if (XXH3_64bits_digest(&state) != columns[i].checksum) {
        fail(fmt::format("checksum mismatch in column {}",
                         column_name(base, static_cast<std::uint32_t>(i))));
      }
    }
  }

  /// How messages name directory entry `i`: its kind, or its position when the kind is unknown.
  static std::string column_name(const std::byte* base, std::uint32_t i) {
    const auto kind =
        load<std::uint8_t>(base + k_fixed_header_size + i * k_entry_size, entry_offset::kind);
    if (kind >= 1 && kind <= k_known_kind_count) {
      return k_kind_names[kind - 1U];
    }
    return fmt::format("#{} (kind {})", i, kind);
  }

  [[noreturn]] void fail(std::string message) const {
    throw DataError(std::move(message), {path_});
  }

  std::span<const std::byte> bytes_;
  const std::string& path_;
};

/// Owns the temporary file until it is renamed into place; removes it on every failure path.
class TempFile {
public:
  TempFile(std::string temp_path, const std::string& final_path)
      : temp_path_(std::move(temp_path)), final_path_(final_path) {
    fd_ = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      fail("cannot create temporary file");
    }
  }
  ~TempFile() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    if (!committed_) {
      ::unlink(temp_path_.c_str());
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(const void* data, std::size_t bytes) {
    const auto* cursor = static_cast<const char*>(data);
    while (bytes > 0) {
      const ssize_t written = ::write(fd_, cursor, bytes);
      if (written < 0) {
        if (errno == EINTR) {
          continue;
        }
        fail("cannot write temporary file");
      }
      cursor += written;
      bytes -= static_cast<std::size_t>(written);
    }
  }

  /// Flush to disk, close, and rename over the final path; then flush the directory entry.
  void commit() {
    if (::fsync(fd_) != 0) {
      fail("cannot flush temporary file");
    }
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) {
      fail("cannot close temporary file");
    }
    if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0) {
      fail("cannot rename temporary file");
    }
    committed_ = true;
    sync_parent_directory();
  }

private:
  [[noreturn]] void fail(std::string_view what) const {
    throw IoError(fmt::format("{} {}: {}", what, temp_path_, std::strerror(errno)), {final_path_});
  }

  // Best effort: the data is already durable; this only makes the rename itself survive a crash.
  void sync_parent_directory() const noexcept {
    const std::string dir = std::filesystem::path(final_path_).parent_path().string();
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }

  std::string temp_path_;
  const std::string& final_path_;
  int fd_ = -1;
  bool committed_ = false;
};

void check_writable(const BarFrame& frame, const std::string& path) {
  if (frame.symbol().size() > k_native_max_symbol_length) {
    throw DataError(fmt::format("symbol of {} bytes exceeds the native limit of {} bytes; "
                                "refusing to write",
                                frame.symbol().size(), k_native_max_symbol_length),
                    {path});
  }
  const auto ts = frame.timestamps();
  for (std::size_t i = 1; i < ts.size(); ++i) {
    if (ts[i] <= ts[i - 1]) [[unlikely]] {
      throw DataError(fmt::format("timestamps are not strictly increasing at row {} ({} after {}); "
                                  "refusing to write",
                                  i + 1, format_timestamp(ts[i]), format_timestamp(ts[i - 1])),
                      {path});
    }
  }
}

}  // namespace

void write_native(const BarFrame& frame, const std::string& path) {
  check_writable(frame, path);

  const std::uint64_t rows = frame.size();
  const std::uint64_t column_bytes = rows * sizeof(double);
  const std::string& symbol = frame.symbol();
  const std::size_t header_size =
      k_fixed_header_size + k_known_kind_count * k_entry_size + symbol.size();
  const std::uint64_t first_column = align_up(header_size);
  const std::uint64_t stride = align_up(column_bytes);

  std::array<const void*, k_known_kind_count> data{};
  data[kind_index(ColumnKind::timestamp)] = frame.timestamps().data();
  for (const Field f : k_fields) {
    data[kind_index(f)] = frame.field(f).data();
  }

  std::array<std::uint64_t, k_known_kind_count> checksums{};
  const auto hash = [&](std::size_t k) { checksums[k] = column_checksum(data[k], column_bytes); };
  if (k_known_kind_count * column_bytes >= k_parallel_hash_bytes) {
    tbb::parallel_for(std::size_t{0}, k_known_kind_count, hash);
  } else {
    for (std::size_t k = 0; k < k_known_kind_count; ++k) {
      hash(k);
    }
  }

  std::vector<std::byte> header(first_column);
  std::byte* base = header.data();
  std::memcpy(base, k_magic.data(), k_magic.size());
  store<std::uint32_t>(base, field_offset::version, k_native_format_version);
  store<std::uint32_t>(base, field_offset::endian_marker, k_endian_marker);
  store<std::uint32_t>(base, field_offset::header_size, static_cast<std::uint32_t>(header_size));
  store<std::uint32_t>(base, field_offset::flags, 0);
  store<std::uint64_t>(base, field_offset::row_count, rows);
  store<std::int64_t>(base, field_offset::frequency_ns, frame.frequency().ns());
  store<std::uint32_t>(base, field_offset::column_count, k_known_kind_count);
  store<std::uint32_t>(base, field_offset::symbol_length,
                       static_cast<std::uint32_t>(symbol.size()));
  store<std::uint64_t>(base, field_offset::file_size,
                       first_column + (k_known_kind_count - 1) * stride + column_bytes);
  for (std::size_t k = 0; k < k_known_kind_count; ++k) {
    std::byte* entry = base + k_fixed_header_size + k * k_entry_size;
    const auto type =
        k == kind_index(ColumnKind::timestamp) ? ValueType::int64 : ValueType::float64;
    store<std::uint8_t>(entry, entry_offset::kind, static_cast<std::uint8_t>(k + 1));
    store<std::uint8_t>(entry, entry_offset::value_type, static_cast<std::uint8_t>(type));
    store<std::uint64_t>(entry, entry_offset::offset, first_column + k * stride);
    store<std::uint64_t>(entry, entry_offset::length, column_bytes);
    store<std::uint64_t>(entry, entry_offset::checksum, checksums[k]);
  }
  std::memcpy(base + k_fixed_header_size + k_known_kind_count * k_entry_size, symbol.data(),
              symbol.size());
  store<std::uint64_t>(base, field_offset::header_checksum, header_checksum(base, header_size));

  static constexpr std::array<std::byte, k_alignment> k_padding{};
  TempFile file(path + ".tmp", path);
  file.write(header.data(), header.size());
  for (std::size_t k = 0; k < k_known_kind_count; ++k) {
    file.write(data[k], column_bytes);
    if (k + 1 < k_known_kind_count) {
      file.write(k_padding.data(), stride - column_bytes);
    }
  }
  file.commit();
}

BarFrame read_native(const std::string& path, const NativeReadOptions& options) {
  auto file = std::make_shared<const MappedFile>(path);
  ParsedHeader header = HeaderParser(file->bytes(), path)
                           .parse(options.verify_checksums, options.release_verified_pages);
  const std::byte* base = file->bytes().data();
  BarColumns columns;
  columns.timestamps =
      reinterpret_cast<const Timestamp*>(base + header.offsets[kind_index(ColumnKind::timestamp)]);
  for (const Field f : k_fields) {
    columns.values[static_cast<std::size_t>(f)] =
        reinterpret_cast<const double*>(base + header.offsets[kind_index(f)]);
  }
  return BarFrame::from_external(std::move(file), columns, header.rows, std::move(header.symbol),
                                 Frequency(header.frequency_ns));
}

bool is_native_file(const std::string& path) noexcept {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  std::array<char, k_magic.size()> head{};
  std::size_t got = 0;
  while (got < head.size()) {
    const ssize_t n = ::read(fd, head.data() + got, head.size() - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return got == head.size() && head == k_magic;
}

}  // namespace qbt::data
