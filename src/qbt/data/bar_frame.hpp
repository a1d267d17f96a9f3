#pragma once
/// Columnar OHLCV bars of one symbol: int64 ns UTC timestamps plus five contiguous, 64-byte
/// aligned double columns. A BarFrame is immutable and cheap to copy: its columns are shared,
/// either from a builder's heap buffers or zero-copy from a memory-mapped native file.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "qbt/core/aligned_allocator.hpp"
#include "qbt/core/frequency.hpp"
#include "qbt/core/timestamp.hpp"

namespace qbt::data {

/// The five value columns of a bar, in storage order.
enum class Field : std::uint8_t { open = 0, high = 1, low = 2, close = 3, volume = 4 };
inline constexpr std::size_t k_field_count = 5;
inline constexpr std::array<Field, k_field_count> k_fields{Field::open, Field::high, Field::low,
                                                           Field::close, Field::volume};

[[nodiscard]] const char* to_string(Field field) noexcept;

/// Raw pointers to the six columns of `rows` bars, for wrapping external memory.
struct BarColumns {
  const Timestamp* timestamps = nullptr;
  std::array<const double*, k_field_count> values{};
};

class BarFrame {
public:
  BarFrame() = default;

  /// Wrap columns owned by `owner` (a mapped file, a buffer) without copying.
  [[nodiscard]] static BarFrame from_external(std::shared_ptr<const void> owner, BarColumns columns,
                                              std::size_t rows, std::string symbol = {},
                                              Frequency frequency = {});

  [[nodiscard]] std::size_t size() const noexcept { return rows_; }
  [[nodiscard]] bool empty() const noexcept { return rows_ == 0; }

  [[nodiscard]] std::span<const Timestamp> timestamps() const noexcept { return {columns_.timestamps, rows_}; }
  [[nodiscard]] std::span<const double> field(Field f) const noexcept {
    return {columns_.values[static_cast<std::size_t>(f)], rows_};
  }
  [[nodiscard]] std::span<const double> open() const noexcept { return field(Field::open); }
  [[nodiscard]] std::span<const double> high() const noexcept { return field(Field::high); }
  [[nodiscard]] std::span<const double> low() const noexcept { return field(Field::low); }
  [[nodiscard]] std::span<const double> close() const noexcept { return field(Field::close); }
  [[nodiscard]] std::span<const double> volume() const noexcept { return field(Field::volume); }

  [[nodiscard]] const std::string& symbol() const noexcept { return symbol_; }
  [[nodiscard]] Frequency frequency() const noexcept { return frequency_; }
  void set_symbol(std::string symbol) { symbol_ = std::move(symbol); }
  void set_frequency(Frequency frequency) noexcept { frequency_ = frequency; }

  /// Rows [begin, end) as a view sharing this frame's storage.
  [[nodiscard]] BarFrame slice(std::size_t begin, std::size_t end) const noexcept;

  /// Whether two frames hold the same bars bit for bit (NaN equal to NaN); metadata ignored.
  [[nodiscard]] bool same_bars(const BarFrame& other) const noexcept;

private:
  std::shared_ptr<const void> owner_;
  BarColumns columns_;
  std::size_t rows_ = 0;
  std::string symbol_;
  Frequency frequency_;
};

/// Uninitialised columns for up to `capacity` bars that a producer fills in place (a parser, a
/// generator) and then turns into a BarFrame without copying. All six columns share one block
/// from allocate_uninitialized(), each 64-byte aligned.
class BarBuffer {
public:
  explicit BarBuffer(std::size_t capacity);

  [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
  [[nodiscard]] Timestamp* timestamps() const noexcept { return timestamps_; }
  [[nodiscard]] double* column(Field f) const noexcept {
    return values_ + static_cast<std::size_t>(f) * stride_;
  }

  /// Hand the first `rows` bars (rows <= capacity) to a BarFrame; the buffer is left empty.
  [[nodiscard]] BarFrame finish(std::size_t rows, std::string symbol = {}, Frequency frequency = {});

private:
  std::shared_ptr<void> storage_;
  std::size_t capacity_ = 0;
  std::size_t stride_ = 0;
  Timestamp* timestamps_ = nullptr;
  double* values_ = nullptr;
};

/// Accumulates bars column by column and hands them to an immutable BarFrame.
class BarFrameBuilder {
public:
  explicit BarFrameBuilder(std::string symbol = {}, Frequency frequency = {});

  void reserve(std::size_t rows);
  void append(Timestamp ts, double open, double high, double low, double close, double volume) {
    timestamps_.push_back(ts);
    values_[0].push_back(open);
    values_[1].push_back(high);
    values_[2].push_back(low);
    values_[3].push_back(close);
    values_[4].push_back(volume);
  }
  /// Append every bar of `other`, in order.
  void append(const BarFrameBuilder& other);
  void append(const BarFrame& frame);

  [[nodiscard]] std::size_t size() const noexcept { return timestamps_.size(); }
  [[nodiscard]] AlignedVector<Timestamp>& timestamps() noexcept { return timestamps_; }
  [[nodiscard]] AlignedVector<double>& column(Field f) noexcept {
    return values_[static_cast<std::size_t>(f)];
  }

  /// Move the columns into a BarFrame; the builder is left empty.
  [[nodiscard]] BarFrame finish();

private:
  std::string symbol_;
  Frequency frequency_;
  AlignedVector<Timestamp> timestamps_;
  std::array<AlignedVector<double>, k_field_count> values_;
};

}  // namespace qbt::data
