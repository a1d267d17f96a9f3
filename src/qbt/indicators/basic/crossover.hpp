#pragma once
/// Crossings of one series over another: CrossOver (+1 up, -1 down, else 0), CrossUp and
/// CrossDown (1 or 0). Follows backtrader CrossOver, CrossUp and CrossDown
/// (backtrader/indicators/crossover.py) with their NonZeroDifference: nzd is a - b, except that
/// a difference of exactly 0 keeps the previous nzd, seeded with a - b on the first bar where
/// both series are defined. Then
///   up[t]   = nzd[t-1] < 0 and a[t] > b[t]
///   down[t] = nzd[t-1] > 0 and a[t] < b[t]
/// so touching (a == b) and moving away on the same side is no cross, while touching and then
/// going through is a cross on the bar it goes through. The first signal can come one bar
/// after both series are defined. After that a NaN input gives 0 (every comparison is false),
/// and a NaN difference becomes nzd, so the bar after it cannot cross either: backtrader's
/// outcome, not NaN. On a BarFrame the inputs are close (a) and open (b); generic callers pass
/// any two series, e.g. close and an SMA.

#include <cmath>
#include <cstdint>
#include <span>

#include "qbt/indicators/indicator.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// backtrader's NonZeroDifference with the crossing tests on top, shared by the three
/// indicators.
class CrossState {
public:
  /// Which crossings a bar has.
  struct Crossing {
    bool up;
    bool down;
    bool defined;  ///< false until both series have a previous defined bar
  };

  /// Push one bar of both series.
  Crossing update(double a, double b) noexcept {
    if (!started_) [[unlikely]] {
      if (std::isnan(a) || std::isnan(b)) {
        return {false, false, false};
      }
      started_ = true;
      nzd_ = a - b;
      return {false, false, false};
    }
    const Crossing crossing{nzd_ < 0.0 && a > b, nzd_ > 0.0 && a < b, true};
    const double difference = a - b;
    nzd_ = difference != 0.0 ? difference : nzd_;  // NaN != 0: a NaN difference is kept
    return crossing;
  }

private:
  double nzd_ = k_nan;
  bool started_ = false;
};

/// Streaming CrossOver: +1 when a crosses b upwards, -1 downwards, else 0.
class CrossOver {
public:
  /// Push one bar; NaN until both series have been defined for one bar.
  double update(double a, double b) noexcept {
    const CrossState::Crossing crossing = state_.update(a, b);
    if (!crossing.defined) {
      return k_nan;
    }
    return static_cast<double>(crossing.up) - static_cast<double>(crossing.down);
  }

private:
  CrossState state_;
};

/// Streaming CrossUp: 1 when a crosses b upwards, else 0.
class CrossUp {
public:
  double update(double a, double b) noexcept {
    const CrossState::Crossing crossing = state_.update(a, b);
    return crossing.defined ? static_cast<double>(crossing.up) : k_nan;
  }

private:
  CrossState state_;
};

/// Streaming CrossDown: 1 when a crosses b downwards, else 0.
class CrossDown {
public:
  double update(double a, double b) noexcept {
    const CrossState::Crossing crossing = state_.update(a, b);
    return crossing.defined ? static_cast<double>(crossing.down) : k_nan;
  }

private:
  CrossState state_;
};

/// Undefined leading outputs: 1 (a crossing compares with the previous bar).
[[nodiscard]] constexpr std::int32_t crossover_lookback() noexcept { return 1; }

/// Batch CrossOver of a over b into `out`; all spans the same length.
void cross_over(std::span<const double> a, std::span<const double> b, std::span<double> out);
/// Batch CrossUp of a over b into `out`.
void cross_up(std::span<const double> a, std::span<const double> b, std::span<double> out);
/// Batch CrossDown of a under b into `out`.
void cross_down(std::span<const double> a, std::span<const double> b, std::span<double> out);

/// Register "CrossOver", "CrossUp" and "CrossDown".
void register_crossover(IndicatorRegistry& registry);

}  // namespace qbt::indicators
