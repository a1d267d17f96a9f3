#pragma once
/// Relative momentum index: an RSI whose up and down moves are taken over `lookback` bars
/// (x - x[-lookback]) instead of one, which smooths it. Follows backtrader RelativeMomentumIndex
/// (alias RMI, backtrader/indicators/rmi.py), a subclass of RSI with period = 20 and
/// lookback = 5; every RSI rule applies (Wilder's smoothing, safediv; see rsi.hpp). The output
/// line is backtrader's `rsi` (which backtrader also aliases as `rmi`).

#include <cstdint>
#include <span>

#include "qbt/indicators/momentum/rsi.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming RMI: O(1) per value.
class Rmi {
public:
  /// Throws UserInputError unless 1 <= period, lookback <= k_max_period.
  explicit Rmi(std::int32_t period = 20, std::int32_t lookback = 5, RsiSafeDivision safe = {});

  /// Push x; return the RMI, NaN for the first period + lookback - 1 values (after leading NaNs).
  double update(double x) noexcept { return rsi_.update(x); }
  [[nodiscard]] std::int32_t period() const noexcept { return rsi_.period(); }
  [[nodiscard]] std::int32_t lookback() const noexcept { return rsi_.lookback(); }

private:
  Rsi rsi_;
};

/// Undefined leading outputs: period + lookback - 1.
[[nodiscard]] constexpr std::int32_t rmi_lookback(std::int32_t period,
                                                  std::int32_t lookback) noexcept {
  return rsi_lookback(period, lookback);
}

/// Batch RMI of `in` into `out` (same length), identical to Rmi::update per value.
void rmi(std::span<const double> in, std::int32_t period, std::int32_t lookback,
         std::span<double> out, RsiSafeDivision safe = {});

/// Register "RMI" (alias RelativeMomentumIndex).
void register_rmi(IndicatorRegistry& registry);

}  // namespace qbt::indicators
