#include "qbt/data/bar_frame.hpp"

#include <cstring>

#include "qbt/core/check.hpp"

namespace qbt::data {

const char* to_string(Field field) noexcept {
  switch (field) {
    case Field::open: return "open";
    case Field::high: return "high";
    case Field::low: return "low";
    case Field::close: return "close";
    case Field::volume: return "volume";
  }
  return "?";
}

BarFrame BarFrame::from_external(std::shared_ptr<const void> owner, BarColumns columns,
                                 std::size_t rows, std::string symbol, Frequency frequency) {
  BarFrame frame;
  frame.owner_ = std::move(owner);
  frame.columns_ = columns;
  frame.rows_ = rows;
  frame.symbol_ = std::move(symbol);
  frame.frequency_ = frequency;
  return frame;
}

BarFrame BarFrame::slice(std::size_t begin, std::size_t end) const noexcept {
  QBT_DCHECK_LE(begin, end);
  QBT_DCHECK_LE(end, rows_);
  BarFrame out = *this;
  out.rows_ = end - begin;
  if (rows_ == 0) {
    return out;
  }
  out.columns_.timestamps += begin;
  for (auto& column : out.columns_.values) {
    column += begin;
  }
  return out;
}

bool BarFrame::same_bars(const BarFrame& other) const noexcept {
  if (rows_ != other.rows_) {
    return false;
  }
  if (rows_ == 0) {
    return true;
  }
  if (std::memcmp(columns_.timestamps, other.columns_.timestamps, rows_ * sizeof(Timestamp)) != 0) {
    return false;
  }
  for (std::size_t f = 0; f < k_field_count; ++f) {
    if (std::memcmp(columns_.values[f], other.columns_.values[f], rows_ * sizeof(double)) != 0) {
      return false;
    }
  }
  return true;
}

BarBuffer::BarBuffer(std::size_t capacity)
    : capacity_(capacity), stride_((capacity + 7) / 8 * 8) {  // keeps each column 64-byte aligned
  static_assert(sizeof(Timestamp) == sizeof(double));
  storage_ = allocate_uninitialized((1 + k_field_count) * stride_ * sizeof(double));
  timestamps_ = static_cast<Timestamp*>(storage_.get());
  values_ = reinterpret_cast<double*>(timestamps_ + stride_);
}

BarFrame BarBuffer::finish(std::size_t rows, std::string symbol, Frequency frequency) {
  QBT_CHECK_OP(rows, <=, capacity_);
  BarColumns columns;
  columns.timestamps = timestamps_;
  for (const Field f : k_fields) {
    columns.values[static_cast<std::size_t>(f)] = column(f);
  }
  capacity_ = 0;
  timestamps_ = nullptr;
  values_ = nullptr;
  return BarFrame::from_external(std::move(storage_), columns, rows, std::move(symbol), frequency);
}

BarFrameBuilder::BarFrameBuilder(std::string symbol, Frequency frequency)
    : symbol_(std::move(symbol)), frequency_(frequency) {}

void BarFrameBuilder::reserve(std::size_t rows) {
  timestamps_.reserve(rows);
  for (auto& column : values_) {
    column.reserve(rows);
  }
}

void BarFrameBuilder::append(const BarFrameBuilder& other) {
  timestamps_.insert(timestamps_.end(), other.timestamps_.begin(), other.timestamps_.end());
  for (std::size_t f = 0; f < k_field_count; ++f) {
    values_[f].insert(values_[f].end(), other.values_[f].begin(), other.values_[f].end());
  }
}

void BarFrameBuilder::append(const BarFrame& frame) {
  const auto ts = frame.timestamps();
  timestamps_.insert(timestamps_.end(), ts.begin(), ts.end());
  for (const Field f : k_fields) {
    const auto column = frame.field(f);
    values_[static_cast<std::size_t>(f)].insert(values_[static_cast<std::size_t>(f)].end(),
                                                column.begin(), column.end());
  }
}

namespace {
struct BuilderStorage {
  AlignedVector<Timestamp> timestamps;
  std::array<AlignedVector<double>, k_field_count> values;
};
}  // namespace

BarFrame BarFrameBuilder::finish() {
  const std::size_t rows = timestamps_.size();
  for (const auto& column : values_) {
    QBT_CHECK_OP(column.size(), ==, rows);
  }
  auto storage = std::make_shared<BuilderStorage>();
  storage->timestamps = std::move(timestamps_);
  storage->values = std::move(values_);
  timestamps_ = {};
  values_ = {};
  BarColumns columns;
  columns.timestamps = storage->timestamps.data();
  for (std::size_t f = 0; f < k_field_count; ++f) {
    columns.values[f] = storage->values[f].data();
  }
  return BarFrame::from_external(std::move(storage), columns, rows, symbol_, frequency_);
}

}  // namespace qbt::data
