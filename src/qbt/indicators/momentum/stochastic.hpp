#pragma once
/// Stochastic oscillators (Lane): where the close sits in the range of the last `period` bars,
///   k = 100 * (close - lowest(low)) / (highest(high) - lowest(low)),
/// then smoothed with simple moving averages. Follows backtrader (backtrader/indicators/
/// stochastic.py), three classes on one base:
/// - StochasticFast: percK = k, percD = SMA(k, period_dfast);
/// - Stochastic (alias StochasticSlow): percK = SMA(k, period_dfast),
///   percD = SMA(percK, period_dslow) — the default Stochastic(14, 3, 3) is the slow one;
/// - StochasticFull: percK = k, percD = SMA(k, period_dfast), percDSlow = SMA(percD,
///   period_dslow).
///
/// Division by zero (a flat range, highest == lowest):
/// - safediv = false (backtrader's default): backtrader raises ZeroDivisionError; qbt keeps IEEE
///   arithmetic (k = +-inf, or NaN for 0/0), and the averages are NaN while it is in their window.
/// - safediv = true: backtrader's quirk, kept: k = 100 * DivByZero(num, den, safezero), so the
///   replacement is `safezero` scaled by 100 like any other ratio (safezero = 0.5 gives k = 50).
/// backtrader's `upperband`/`lowerband` only place plot lines and are not declared here; its
/// `movav` is fixed to the simple moving average.

#include <cstdint>
#include <span>
#include <string_view>

#include "qbt/indicators/detail/rolling_extreme.hpp"
#include "qbt/indicators/trend/sma.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// backtrader's `safediv` and `safezero` parameters.
struct StochasticSafeDivision {
  bool enabled = false;  ///< replace num / 0 by `zero` (before the factor 100)
  double zero = 0.0;     ///< the ratio used for a flat range
};

/// One raw %K from the window's highest high and lowest low, rounded as backtrader rounds it.
[[nodiscard]] inline double stochastic_k_of(double highest, double lowest, double close,
                                            const StochasticSafeDivision& safe) noexcept {
  const double den = highest - lowest;
  if (safe.enabled && den == 0.0) {
    return 100.0 * safe.zero;
  }
  return 100.0 * ((close - lowest) / den);
}

/// The raw %K shared by the three stochastics: 100 * (c - LL) / (HH - LL) over `period` bars.
class StochasticK {
public:
  /// Throws UserInputError (naming `indicator`) unless 1 <= period <= k_max_period.
  StochasticK(std::string_view indicator, std::int32_t period, StochasticSafeDivision safe);

  /// Push one bar; return k, NaN for the first period - 1 bars and while a NaN is in the window.
  double update(double high, double low, double close) noexcept {
    const double highest = highest_.update(high);
    return stochastic_k_of(highest, lowest_.update(low), close, safe_);
  }

private:
  detail::RollingMax highest_;
  detail::RollingMin lowest_;
  StochasticSafeDivision safe_;
};

/// Lines of Stochastic and StochasticFast (backtrader's percK, percD).
struct StochasticLines {
  double perc_k;
  double perc_d;
};

/// Lines of StochasticFull (backtrader's percK, percD, percDSlow).
struct StochasticFullLines {
  double perc_k;
  double perc_d;
  double perc_d_slow;
};

/// Streaming slow Stochastic (backtrader's Stochastic): O(1) amortised per bar.
class Stochastic {
public:
  /// Throws UserInputError unless every period is in [1, k_max_period].
  explicit Stochastic(std::int32_t period = 14, std::int32_t period_dfast = 3,
                      std::int32_t period_dslow = 3, StochasticSafeDivision safe = {});

  /// Push one bar; percK = SMA(k, period_dfast), percD = SMA(percK, period_dslow).
  StochasticLines update(double high, double low, double close) noexcept {
    const double k = dfast_.update(k_.update(high, low, close));
    return {k, dslow_.update(k)};
  }

private:
  StochasticK k_;
  Sma dfast_;
  Sma dslow_;
};

/// Streaming StochasticFast: O(1) amortised per bar.
class StochasticFast {
public:
  /// Throws UserInputError unless every period is in [1, k_max_period].
  explicit StochasticFast(std::int32_t period = 14, std::int32_t period_dfast = 3,
                          StochasticSafeDivision safe = {});

  /// Push one bar; percK = k, percD = SMA(k, period_dfast).
  StochasticLines update(double high, double low, double close) noexcept {
    const double k = k_.update(high, low, close);
    return {k, dfast_.update(k)};
  }

private:
  StochasticK k_;
  Sma dfast_;
};

/// Streaming StochasticFull: O(1) amortised per bar.
class StochasticFull {
public:
  /// Throws UserInputError unless every period is in [1, k_max_period].
  explicit StochasticFull(std::int32_t period = 14, std::int32_t period_dfast = 3,
                          std::int32_t period_dslow = 3, StochasticSafeDivision safe = {});

  /// Push one bar; percK = k, percD = SMA(k, period_dfast), percDSlow = SMA(percD, period_dslow).
  StochasticFullLines update(double high, double low, double close) noexcept {
    const double k = k_.update(high, low, close);
    const double d = dfast_.update(k);
    return {k, d, dslow_.update(d)};
  }

private:
  StochasticK k_;
  Sma dfast_;
  Sma dslow_;
};

/// Undefined leading outputs of Stochastic and StochasticFull (their last line):
/// period + period_dfast + period_dslow - 3.
[[nodiscard]] constexpr std::int32_t stochastic_lookback(std::int32_t period,
                                                         std::int32_t period_dfast,
                                                         std::int32_t period_dslow) noexcept {
  return period + period_dfast + period_dslow - 3;
}
/// Undefined leading outputs of StochasticFast (percD): period + period_dfast - 2.
[[nodiscard]] constexpr std::int32_t stochastic_fast_lookback(std::int32_t period,
                                                              std::int32_t period_dfast) noexcept {
  return period + period_dfast - 2;
}

/// Batch slow Stochastic; all spans the same length. Identical to Stochastic::update per bar.
void stochastic(std::span<const double> high, std::span<const double> low,
                std::span<const double> close, std::int32_t period, std::int32_t period_dfast,
                std::int32_t period_dslow, std::span<double> perc_k, std::span<double> perc_d,
                StochasticSafeDivision safe = {});
/// Batch StochasticFast; identical to StochasticFast::update per bar.
void stochastic_fast(std::span<const double> high, std::span<const double> low,
                     std::span<const double> close, std::int32_t period, std::int32_t period_dfast,
                     std::span<double> perc_k, std::span<double> perc_d,
                     StochasticSafeDivision safe = {});
/// Batch StochasticFull; identical to StochasticFull::update per bar.
void stochastic_full(std::span<const double> high, std::span<const double> low,
                     std::span<const double> close, std::int32_t period, std::int32_t period_dfast,
                     std::int32_t period_dslow, std::span<double> perc_k, std::span<double> perc_d,
                     std::span<double> perc_d_slow, StochasticSafeDivision safe = {});

/// Register "Stochastic" (alias StochasticSlow), "StochasticFast" and "StochasticFull".
void register_stochastic(IndicatorRegistry& registry);

}  // namespace qbt::indicators
