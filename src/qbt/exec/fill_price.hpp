#pragma once
/// Where a resting price level fills on a bar, shared by stops in the vectorized engine and by
/// stop and limit orders in the event-driven engine. A bar that opens beyond the level fills at
/// the open (the gap); otherwise a level inside the bar's range fills at the level itself.

#include <optional>

namespace qbt::exec {

/// A level below the market that fills when price falls to it (a long position's stop-loss or
/// trailing stop, a short position's take-profit, a buy limit).
[[nodiscard]] inline std::optional<double> fill_falling_to(double level, double open,
                                                           double low) noexcept {
  if (open <= level) {
    return open;
  }
  if (low <= level) {
    return level;
  }
  return std::nullopt;
}

/// A level above the market that fills when price rises to it (a long position's take-profit,
/// a short position's stop-loss, a sell limit).
[[nodiscard]] inline std::optional<double> fill_rising_to(double level, double open,
                                                          double high) noexcept {
  if (open >= level) {
    return open;
  }
  if (high >= level) {
    return level;
  }
  return std::nullopt;
}

}  // namespace qbt::exec
