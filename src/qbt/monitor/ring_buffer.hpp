#pragma once
/// A fixed-capacity ring buffer keeping the newest values: storage is allocated once, so a
/// sampler can push for days without allocating or growing.

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "qbt/core/error.hpp"

namespace qbt::monitor {

template <class T>
class RingBuffer {
public:
  /// A buffer holding at most `capacity` values; throws UserInputError when `capacity` is 0.
  explicit RingBuffer(std::size_t capacity) {
    if (capacity == 0) {
      throw UserInputError("ring buffer capacity must be at least 1");
    }
    slots_.resize(capacity);
  }

  /// Append `value`, overwriting the oldest one when full.
  void push(const T& value) noexcept(std::is_nothrow_copy_assignable_v<T>) {
    slots_[next_] = value;
    next_ = next_ + 1 == slots_.size() ? 0 : next_ + 1;
    if (size_ < slots_.size()) {
      ++size_;
    }
    ++pushed_;
  }

  [[nodiscard]] std::size_t capacity() const noexcept { return slots_.size(); }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  /// Values pushed since construction or clear(), the overwritten ones included.
  [[nodiscard]] std::uint64_t pushed() const noexcept { return pushed_; }

  /// The `i`-th oldest value held, 0 <= i < size().
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept {
    const std::size_t oldest = size_ < slots_.size() ? 0 : next_;
    const std::size_t index = oldest + i;
    return slots_[index >= slots_.size() ? index - slots_.size() : index];
  }
  /// The newest value; size() must be positive.
  [[nodiscard]] const T& back() const noexcept { return (*this)[size_ - 1]; }

  /// The values held, oldest first.
  [[nodiscard]] std::vector<T> to_vector() const {
    std::vector<T> out;
    out.reserve(size_);
    for (std::size_t i = 0; i < size_; ++i) {
      out.push_back((*this)[i]);
    }
    return out;
  }

  void clear() noexcept {
    next_ = 0;
    size_ = 0;
    pushed_ = 0;
  }

private:
  std::vector<T> slots_;
  std::size_t next_ = 0;  // where the next push goes
  std::size_t size_ = 0;
  std::uint64_t pushed_ = 0;
};

}  // namespace qbt::monitor
