#pragma once
/// TRIX (Hutson): the one-bar rate of change, in percent, of a triple EMA:
///   e3 = EMA(EMA(EMA(x, period), period), period), trix = 100 * (e3 / e3[-_rocperiod] - 1),
/// and TrixSignal adds signal = EMA(trix, sigperiod). Follows backtrader Trix (alias TRIX) and
/// TrixSignal (backtrader/indicators/trix.py), with its seeded EMAs: TRIX(15) is first defined at
/// bar 3 * 14 + 1 = 43. `_movav` is fixed to the EMA; `_rocperiod` (backtrader's private
/// parameter, default 1) is kept.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/ring_buffer.hpp"
#include "qbt/indicators/trend/ema.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Lines of TrixSignal.
struct TrixSignalLines {
  double trix;
  double signal;
};

/// Streaming TRIX: O(1) per value.
class Trix {
public:
  /// Throws UserInputError unless period and rocperiod are in [1, k_max_period].
  explicit Trix(std::int32_t period = 15, std::int32_t rocperiod = 1);

  /// Push x; return TRIX, NaN for the first 3 * (period - 1) + rocperiod values (after leading
  /// NaNs); a later NaN makes every following value NaN.
  double update(double x) noexcept {
    const double e3 = ema3_.update(ema2_.update(ema1_.update(x)));
    return 100.0 * (e3 / ring_.push(e3) - 1.0);
  }

private:
  Ema ema1_;
  Ema ema2_;
  Ema ema3_;
  detail::RingBuffer ring_;  ///< capacity rocperiod: push() returns e3[-rocperiod]
};

/// Streaming TrixSignal: TRIX and its EMA.
class TrixSignal {
public:
  /// Throws UserInputError unless every period is in [1, k_max_period].
  explicit TrixSignal(std::int32_t period = 15, std::int32_t sigperiod = 9,
                      std::int32_t rocperiod = 1);

  TrixSignalLines update(double x) noexcept {
    const double trix = trix_.update(x);
    return {trix, signal_.update(trix)};
  }

private:
  Trix trix_;
  Ema signal_;
};

/// Undefined leading outputs of TRIX: 3 * (period - 1) + rocperiod.
[[nodiscard]] constexpr std::int32_t trix_lookback(std::int32_t period,
                                                   std::int32_t rocperiod = 1) noexcept {
  return 3 * (period - 1) + rocperiod;
}
/// Undefined leading outputs of TrixSignal (its signal line): TRIX's + sigperiod - 1.
[[nodiscard]] constexpr std::int32_t trix_signal_lookback(std::int32_t period,
                                                          std::int32_t sigperiod,
                                                          std::int32_t rocperiod = 1) noexcept {
  return trix_lookback(period, rocperiod) + sigperiod - 1;
}

/// Batch TRIX of `in` into `out` (same length), identical to Trix::update per value.
void trix(std::span<const double> in, std::int32_t period, std::span<double> out,
          std::int32_t rocperiod = 1);
/// Batch TrixSignal, identical to TrixSignal::update per value.
void trix_signal(std::span<const double> in, std::int32_t period, std::int32_t sigperiod,
                 std::span<double> trix, std::span<double> signal, std::int32_t rocperiod = 1);

/// Register "Trix" (alias TRIX: the same name ignoring case) and "TrixSignal".
void register_trix(IndicatorRegistry& registry);

}  // namespace qbt::indicators
