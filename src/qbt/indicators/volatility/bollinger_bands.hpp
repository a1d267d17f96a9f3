#pragma once
/// Bollinger Bands: mid = SMA(x, period), top/bot = mid +/- devfactor * StdDev(x, period), with
/// backtrader's population deviation sqrt(|SMA(x^2) - mid^2|) (basic/standard_deviation.hpp).
/// Follows backtrader BollingerBands (alias BBands, backtrader/indicators/bollinger.py), which
/// forms `devfactor * stddev` first and then adds it to and subtracts it from mid.
/// BollingerBandsPct adds pctb = (x - bot) / (top - bot) (backtrader BollingerBandsPct, same
/// file); a window of identical values has top == bot, so pctb is 0 / 0 = NaN there.

#include <cstdint>
#include <span>

#include "qbt/indicators/basic/standard_deviation.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// The three band lines, in backtrader's order.
struct BollingerLines {
  double mid;
  double top;
  double bot;
};

/// The four lines of BollingerBandsPct.
struct BollingerPctLines {
  double mid;
  double top;
  double bot;
  double pctb;
};

/// The bands around a window's mean and deviation.
[[nodiscard]] inline BollingerLines bollinger_of(const MeanStdDev& window,
                                                 double devfactor) noexcept {
  const double width = devfactor * window.stddev;
  return {window.mean, window.mean + width, window.mean - width};
}

/// %B: where x sits between the bands (0 at bot, 1 at top).
[[nodiscard]] inline double percent_b(double x, const BollingerLines& bands) noexcept {
  return (x - bands.bot) / (bands.top - bands.bot);
}

/// Streaming BollingerBands: O(1) per value.
class BollingerBands {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period and devfactor is finite and >= 0.
  BollingerBands(std::int32_t period, double devfactor);

  /// Push x; return the bands, all NaN for the first period-1 values (after leading NaNs) and
  /// while a non-finite value is inside the window.
  BollingerLines update(double x) noexcept {
    return bollinger_of(window_.slide(x, ring_.push(x)), devfactor_);
  }
  [[nodiscard]] std::int32_t period() const noexcept { return window_.period(); }

private:
  StdDevWindow window_;
  detail::RingBuffer ring_;
  double devfactor_;
};

/// Streaming BollingerBandsPct: the bands plus %B.
class BollingerBandsPct {
public:
  /// Throws UserInputError unless 1 <= period <= k_max_period and devfactor is finite and >= 0.
  BollingerBandsPct(std::int32_t period, double devfactor);

  BollingerPctLines update(double x) noexcept {
    const BollingerLines bands = bands_.update(x);
    return {bands.mid, bands.top, bands.bot, percent_b(x, bands)};
  }

private:
  BollingerBands bands_;
};

/// Undefined leading outputs: period - 1.
[[nodiscard]] constexpr std::int32_t bollinger_lookback(std::int32_t period) noexcept {
  return period - 1;
}

/// Batch BollingerBands into mid/top/bot (each as long as `in`), identical to the stream.
void bollinger_bands(std::span<const double> in, std::int32_t period, double devfactor,
                     std::span<double> mid, std::span<double> top, std::span<double> bot);

/// Batch BollingerBandsPct: the bands plus %B into `pctb`.
void bollinger_bands_pct(std::span<const double> in, std::int32_t period, double devfactor,
                         std::span<double> mid, std::span<double> top, std::span<double> bot,
                         std::span<double> pctb);

/// Register "BBands" (alias BollingerBands) and "BollingerBandsPct".
void register_bollinger_bands(IndicatorRegistry& registry);

}  // namespace qbt::indicators
