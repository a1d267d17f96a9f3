#pragma once
/// Moving average convergence/divergence (Appel): macd = EMA(x, period_me1) - EMA(x, period_me2),
/// signal = EMA(macd, period_signal), and for MACDHisto histo = macd - signal. Follows backtrader
/// MACD and MACDHisto (alias MACDHistogram; backtrader/indicators/macd.py) with its seeded EMAs
/// (each starts at the SMA of its first `period` inputs), so MACD(12, 26, 9) has `macd` from bar
/// 25 and `signal`/`histo` from bar 33. qbt also requires period_me1 < period_me2 (backtrader
/// accepts any pair); its `movav` is fixed to the EMA.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/exp_smoothing.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Lines of MACD.
struct MacdLines {
  double macd;
  double signal;
};

/// Lines of MACDHisto.
struct MacdHistoLines {
  double macd;
  double signal;
  double histo;
};

/// Streaming MACD: O(1) per value.
class Macd {
public:
  /// Throws UserInputError unless every period is in [1, k_max_period] and
  /// period_me1 < period_me2.
  explicit Macd(std::int32_t period_me1 = 12, std::int32_t period_me2 = 26,
                std::int32_t period_signal = 9);

  /// Push x; return macd (NaN for period_me2 - 1 values after leading NaNs) and signal (NaN for
  /// period_signal - 1 more). A later NaN makes every following value NaN, as in backtrader.
  MacdLines update(double x) noexcept {
    const double macd = fast_.update(x) - slow_.update(x);
    return {macd, signal_.update(macd)};
  }

private:
  detail::ExpSmoothing fast_;
  detail::ExpSmoothing slow_;
  detail::ExpSmoothing signal_;
};

/// Streaming MACDHisto: MACD plus histo = macd - signal.
class MacdHisto {
public:
  /// Throws UserInputError like Macd (naming MACDHisto).
  explicit MacdHisto(std::int32_t period_me1 = 12, std::int32_t period_me2 = 26,
                     std::int32_t period_signal = 9);

  MacdHistoLines update(double x) noexcept {
    const MacdLines lines = macd_.update(x);
    return {lines.macd, lines.signal, lines.macd - lines.signal};
  }

private:
  Macd macd_;
};

/// Undefined leading outputs (of `signal`, the later line): period_me2 + period_signal - 2.
/// `macd` alone is defined after period_me2 - 1 values.
[[nodiscard]] constexpr std::int32_t macd_lookback(std::int32_t period_me2,
                                                   std::int32_t period_signal) noexcept {
  return period_me2 + period_signal - 2;
}

/// Batch MACD of `in` into `macd` and `signal` (all the same length, not aliased), identical to
/// Macd::update per value.
void macd(std::span<const double> in, std::int32_t period_me1, std::int32_t period_me2,
          std::int32_t period_signal, std::span<double> macd, std::span<double> signal);

/// Batch MACDHisto, identical to MacdHisto::update per value.
void macd_histo(std::span<const double> in, std::int32_t period_me1, std::int32_t period_me2,
                std::int32_t period_signal, std::span<double> macd, std::span<double> signal,
                std::span<double> histo);

/// Register "MACD" and "MACDHisto" (alias MACDHistogram).
void register_macd(IndicatorRegistry& registry);

}  // namespace qbt::indicators
