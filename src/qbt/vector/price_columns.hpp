#pragma once
/// The inputs of a simulation as plain columns, so callers with arrays (Python, tests) and
/// callers with a BarFrame share one core.

#include <cstdint>
#include <span>

#include "qbt/data/bar_frame.hpp"

namespace qbt::vector {

/// Prices of one instrument, one element per bar, all the same length. Without OHLC data pass
/// the close for all four (stops then see only closes).
struct PriceColumns {
  std::span<const double> open;
  std::span<const double> high;
  std::span<const double> low;
  std::span<const double> close;

  [[nodiscard]] static PriceColumns of(const data::BarFrame& bars) noexcept {
    return {bars.open(), bars.high(), bars.low(), bars.close()};
  }
  [[nodiscard]] static PriceColumns close_only(std::span<const double> close) noexcept {
    return {close, close, close, close};
  }
  [[nodiscard]] std::size_t size() const noexcept { return close.size(); }
};

/// Signal flags (non-zero = signal at that bar's close), one per bar. Empty spans mean "none";
/// short_entries/short_exits are read only with Direction::both.
struct SignalColumns {
  std::span<const std::uint8_t> entries;
  std::span<const std::uint8_t> exits;
  std::span<const std::uint8_t> short_entries;
  std::span<const std::uint8_t> short_exits;
};

}  // namespace qbt::vector
