#pragma once
/// A fixed-length delay line: the last `capacity` values of a series, so an indicator can read
/// x[-k] (Momentum, ROC) or the value leaving its window (SMA) in O(1).

#include <cstdint>
#include <vector>

#include "qbt/core/check.hpp"
#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators::detail {

/// The newest `capacity` values pushed; before that many pushes, the missing ones read as NaN.
class RingBuffer {
public:
  explicit RingBuffer(std::int32_t capacity)
      : values_(static_cast<std::size_t>(capacity), k_nan) {
    QBT_CHECK(capacity >= 1);
  }

  /// Store x and return the value pushed `capacity` pushes earlier (NaN if none): the value
  /// that just left a window of `capacity` values.
  double push(double x) noexcept {
    const double old = values_[next_];
    values_[next_] = x;
    if (++next_ == values_.size()) {
      next_ = 0;
    }
    return old;
  }

  /// The value pushed `ago` pushes before the newest (0 = newest), 0 <= ago < capacity.
  [[nodiscard]] double ago(std::int32_t ago) const noexcept {
    QBT_DCHECK(ago >= 0 && static_cast<std::size_t>(ago) < values_.size());
    const std::size_t back = static_cast<std::size_t>(ago) + 1;
    return values_[next_ >= back ? next_ - back : next_ + values_.size() - back];
  }

  [[nodiscard]] std::int32_t capacity() const noexcept {
    return static_cast<std::int32_t>(values_.size());
  }

private:
  std::vector<double> values_;
  std::size_t next_ = 0;
};

}  // namespace qbt::indicators::detail
