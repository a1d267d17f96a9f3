#pragma once
/// Down move: x[-1] - x, positive when the series fell (Wilder's directional-movement building
/// block). Follows backtrader DownMove (backtrader/indicators/directionalmove.py); on a data
/// feed it reads the close.

#include <cstdint>
#include <span>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming DownMove.
class DownMove {
public:
  /// Push x; return x[-1] - x, NaN on the first value (after leading NaNs).
  double update(double x) noexcept {
    const double move = previous_ - x;
    previous_ = x;
    return move;
  }

private:
  double previous_ = k_nan;
};

/// Undefined leading outputs: 1.
[[nodiscard]] constexpr std::int32_t down_move_lookback() noexcept { return 1; }

/// Batch DownMove of `in` into `out` (same length), identical to DownMove::update per value.
void down_move(std::span<const double> in, std::span<double> out);

/// Register "DownMove".
void register_down_move(IndicatorRegistry& registry);

}  // namespace qbt::indicators
