#pragma once
/// One data feed of the event-driven engine: the bars of a symbol (or of a higher timeframe of
/// another feed), of which the strategy sees only those that have closed.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "qbt/core/timestamp.hpp"
#include "qbt/data/bar_frame.hpp"
#include "qbt/event/line.hpp"

namespace qbt::event {

class Feed {
public:
  Feed(data::BarFrame bars, std::size_t base) : bars_(std::move(bars)), base_(base) {}

  [[nodiscard]] Line open() const noexcept { return line(data::Field::open); }
  [[nodiscard]] Line high() const noexcept { return line(data::Field::high); }
  [[nodiscard]] Line low() const noexcept { return line(data::Field::low); }
  [[nodiscard]] Line close() const noexcept { return line(data::Field::close); }
  [[nodiscard]] Line volume() const noexcept { return line(data::Field::volume); }
  [[nodiscard]] Line line(data::Field field) const noexcept {
    return Line(bars_.field(field).data(), &length_);
  }
  /// close(ago), as backtrader's self.data.close[ago].
  [[nodiscard]] double close(std::int64_t ago) const noexcept { return close()(ago); }
  [[nodiscard]] double open(std::int64_t ago) const noexcept { return open()(ago); }
  [[nodiscard]] double high(std::int64_t ago) const noexcept { return high()(ago); }
  [[nodiscard]] double low(std::int64_t ago) const noexcept { return low()(ago); }
  /// Timestamp of a visible bar; 0 before the first.
  [[nodiscard]] Timestamp time(std::int64_t ago = 0) const noexcept {
    const auto index = static_cast<std::int64_t>(length_) - 1 + ago;
    return ago > 0 || index < 0 ? 0 : bars_.timestamps()[static_cast<std::size_t>(index)];
  }
  /// Bars visible now.
  [[nodiscard]] std::size_t size() const noexcept { return length_; }
  [[nodiscard]] const std::string& symbol() const noexcept { return bars_.symbol(); }
  [[nodiscard]] const data::BarFrame& bars() const noexcept { return bars_; }
  /// The feed whose bars this one is built from (itself for a data feed): orders on a
  /// resampled feed trade its base feed.
  [[nodiscard]] std::size_t base() const noexcept { return base_; }

private:
  friend class Engine;
  data::BarFrame bars_;
  std::size_t base_;
  std::size_t length_ = 0;
};

}  // namespace qbt::event
