#pragma once
/// Aroon (Tushar Chande, 1995): how recently the window's highest high and lowest low occurred,
/// and the five ways backtrader registers it (AroonUp, AroonDown, AroonUpDown, AroonOscillator,
/// AroonUpDownOscillator). Follows backtrader's aroon.py (backtrader/indicators/aroon.py):
///
///   aroonup   = (100 / period) * (period - bars since the highest high of the last period+1 highs)
///   aroondown = (100 / period) * (period - bars since the lowest low of the last period+1 lows)
///   aroonosc  = aroonup - aroondown
///
/// The window holds period + 1 bars (so the distance runs from 0 to period and the lines from 100
/// to 0); the first value is at bar `period`. On ties the most recent extreme counts
/// (backtrader's FindFirstIndexHighest/Lowest scan backwards from the current bar). A NaN inside
/// the window makes the value NaN. backtrader's `upperband`/`lowerband` parameters only draw
/// lines on plots and are not offered.

#include <cstdint>
#include <span>

#include "qbt/indicators/detail/rolling_extreme.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

namespace detail {

/// Aroon of one side: the age of the newest extreme in a window of period + 1 values.
template <Extreme kind>
class AroonSide {
public:
  explicit AroonSide(std::int32_t period)
      : extreme_(period + 1), scale_(100.0 / period), period_(period) {}

  double update(double x) noexcept {
    extreme_.update(x);
    const std::int32_t age = extreme_.age();
    return age < 0 ? k_nan : scale_ * static_cast<double>(period_ - age);
  }

private:
  RollingExtreme<kind> extreme_;
  double scale_;
  std::int32_t period_;
};

}  // namespace detail

/// Streaming AroonUp of the highs: amortised O(1) per bar.
class AroonUp {
public:
  /// Throws UserInputError unless 1 <= period < k_max_period.
  explicit AroonUp(std::int32_t period);
  /// Push a high; return aroonup, NaN for the first `period` bars and while a NaN is in the window.
  double update(double high) noexcept { return up_.update(high); }

private:
  detail::AroonSide<detail::Extreme::max> up_;
};

/// Streaming AroonDown of the lows: amortised O(1) per bar.
class AroonDown {
public:
  explicit AroonDown(std::int32_t period);
  /// Push a low; return aroondown (NaN as for AroonUp).
  double update(double low) noexcept { return down_.update(low); }

private:
  detail::AroonSide<detail::Extreme::min> down_;
};

/// Both lines, in backtrader AroonUpDown's order.
struct AroonLines {
  double aroonup;
  double aroondown;
};

/// Streaming AroonUpDown (alias AroonIndicator).
class AroonUpDown {
public:
  explicit AroonUpDown(std::int32_t period);
  AroonLines update(double high, double low) noexcept {
    return {up_.update(high), down_.update(low)};
  }

private:
  detail::AroonSide<detail::Extreme::max> up_;
  detail::AroonSide<detail::Extreme::min> down_;
};

/// Streaming AroonOscillator (alias AroonOsc): aroonup - aroondown.
class AroonOscillator {
public:
  explicit AroonOscillator(std::int32_t period);
  double update(double high, double low) noexcept {
    const AroonLines lines = both_.update(high, low);
    return lines.aroonup - lines.aroondown;
  }

private:
  AroonUpDown both_;
};

/// The three lines of backtrader AroonUpDownOscillator, in its order.
struct AroonOscillatorLines {
  double aroonup;
  double aroondown;
  double aroonosc;
};

/// Streaming AroonUpDownOscillator (alias AroonUpDownOsc): both lines and their difference.
class AroonUpDownOscillator {
public:
  explicit AroonUpDownOscillator(std::int32_t period);
  AroonOscillatorLines update(double high, double low) noexcept {
    const AroonLines lines = both_.update(high, low);
    return {lines.aroonup, lines.aroondown, lines.aroonup - lines.aroondown};
  }

private:
  AroonUpDown both_;
};

/// Undefined leading outputs of every Aroon line: period (the window holds period + 1 bars).
[[nodiscard]] constexpr std::int32_t aroon_lookback(std::int32_t period) noexcept {
  return period;
}

/// Batch AroonUp of `high` into `out`; identical to AroonUp::update per bar.
void aroon_up(std::span<const double> high, std::int32_t period, std::span<double> out);
/// Batch AroonDown of `low` into `out`; identical to AroonDown::update per bar.
void aroon_down(std::span<const double> low, std::int32_t period, std::span<double> out);
/// Batch Aroon lines; an empty output span skips that line. Identical to the streaming classes.
void aroon(std::span<const double> high, std::span<const double> low, std::int32_t period,
           std::span<double> aroonup, std::span<double> aroondown, std::span<double> aroonosc);

/// Register AroonUp, AroonDown, AroonUpDown (AroonIndicator), AroonOscillator (AroonOsc) and
/// AroonUpDownOscillator (AroonUpDownOsc).
void register_aroon(IndicatorRegistry& registry);

}  // namespace qbt::indicators
