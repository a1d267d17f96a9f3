#pragma once
/// How far a fill lands from the price that triggered it: buys pay more, sells receive less, by
/// a fraction of the price plus a fixed amount. vectorbt applies the fraction without a bound;
/// backtrader (slip_match) never fills outside the bar's range, which `clamp_to_bar` selects.

#include <algorithm>
#include <cmath>

#include "qbt/exec/order.hpp"

namespace qbt::exec {

struct SlippageModel {
  double fraction = 0.0;      ///< of the price
  double fixed = 0.0;         ///< price units
  bool clamp_to_bar = false;  ///< keep fills inside [low, high] of the fill bar

  /// The fill price of a `side` order triggered at `price` on a bar with range [low, high]
  /// (pass NaN bounds when the range is unknown).
  [[nodiscard]] double apply(double price, Side side, double low, double high) const noexcept {
    double filled = side == Side::buy ? price * (1.0 + fraction) + fixed
                                      : price * (1.0 - fraction) - fixed;
    if (clamp_to_bar) {
      if (side == Side::buy && filled > high) {
        filled = std::max(price, high);
      } else if (side == Side::sell && filled < low) {
        filled = std::min(price, low);
      }
    }
    return filled;
  }

  /// Throw UserInputError when a value is negative, not finite, or the fraction is >= 1.
  void validate() const;
};

}  // namespace qbt::exec
