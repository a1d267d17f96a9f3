#pragma once
/// Up move: x - x[-1], positive when the series rose (Wilder's directional-movement building
/// block). Follows backtrader UpMove (backtrader/indicators/directionalmove.py); on a data feed
/// it reads the close.

#include <cstdint>
#include <span>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming UpMove.
class UpMove {
public:
  /// Push x; return x - x[-1], NaN on the first value (after leading NaNs).
  double update(double x) noexcept {
    const double move = x - previous_;
    previous_ = x;
    return move;
  }

private:
  double previous_ = k_nan;
};

/// Undefined leading outputs: 1.
[[nodiscard]] constexpr std::int32_t up_move_lookback() noexcept { return 1; }

/// Batch UpMove of `in` into `out` (same length), identical to UpMove::update per value.
void up_move(std::span<const double> in, std::span<double> out);

/// Register "UpMove".
void register_up_move(IndicatorRegistry& registry);

}  // namespace qbt::indicators
