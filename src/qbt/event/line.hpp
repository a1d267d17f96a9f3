#pragma once
/// A series as a strategy sees it on the current bar, backtrader's way: line(0) is the current
/// value, line(-1) the previous one, and nothing after the current bar exists, so a strategy
/// cannot look ahead. Values before the first bar (or ago > 0) are NaN.

#include <cstddef>
#include <cstdint>
#include <limits>

namespace qbt::event {

class Line {
public:
  Line() = default;
  /// `data` holds the whole series; `length` points at the number of bars visible now.
  Line(const double* data, const std::size_t* length) noexcept : data_(data), length_(length) {}

  [[nodiscard]] double operator()(std::int64_t ago = 0) const noexcept {
    const auto visible = static_cast<std::int64_t>(*length_);
    const std::int64_t index = visible - 1 + ago;
    if (ago > 0 || index < 0) {
      return std::numeric_limits<double>::quiet_NaN();
    }
    return data_[index];
  }
  /// Bars visible now.
  [[nodiscard]] std::size_t size() const noexcept { return *length_; }
  [[nodiscard]] bool valid() const noexcept { return data_ != nullptr; }

private:
  const double* data_ = nullptr;
  const std::size_t* length_ = nullptr;
};

}  // namespace qbt::event
