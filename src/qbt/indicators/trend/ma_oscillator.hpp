#pragma once
/// Moving-average oscillators: the input minus a moving average of it, x - MA(x). One per
/// average in backtrader's catalogue (trend/moving_average.hpp): SMAOscillator, EMAOscillator,
/// SMMAOscillator, WMAOscillator, DEMAOscillator, TEMAOscillator, KAMAOscillator,
/// ZLEMAOscillator, HMAOscillator, ZLIndicatorOscillator, DMAOscillator, each also under
/// backtrader's other names (SMAOsc, MovingAverageSimpleOscillator, MovingAverageSimpleOsc,
/// SimpleMovingAverageOscillator, SimpleMovingAverageOsc, ...), with the average's parameters
/// and warm-up. Follows backtrader OscillatorMixIn, whose classes are generated for every
/// registered moving average (backtrader/indicators/oscillator.py). The single output line keeps
/// the average's line name (e.g. `sma`), as in backtrader, where the oscillator overwrites line
/// 0 of the average it derives from (plotted as "sma_osc"). backtrader's two-input
/// `Oscillator(data0, data1)` = data0 - data1 is plain arithmetic on two series and is not
/// registered; its one-input form on an average is the matching oscillator here.

#include <span>
#include <utility>

#include "qbt/indicators/indicator.hpp"
#include "qbt/indicators/trend/moving_average.hpp"

namespace qbt::indicators {

class IndicatorRegistry;

/// Streaming oscillator of x around moving average `Kind` (a moving_average::*Kind).
template <class Kind>
class MaOscillator {
public:
  /// Oscillate around `average` (an already validated state).
  explicit MaOscillator(typename Kind::State average) : average_(std::move(average)) {}

  /// Push x; return x - MA, NaN while the average is.
  double update(double x) noexcept { return x - average_.update(x); }

private:
  typename Kind::State average_;
};

using SmaOscillator = MaOscillator<moving_average::SmaKind>;
using EmaOscillator = MaOscillator<moving_average::EmaKind>;
using SmmaOscillator = MaOscillator<moving_average::SmmaKind>;
using WmaOscillator = MaOscillator<moving_average::WmaKind>;
using DemaOscillator = MaOscillator<moving_average::DemaKind>;
using TemaOscillator = MaOscillator<moving_average::TemaKind>;
using KamaOscillator = MaOscillator<moving_average::KamaKind>;
using ZlemaOscillator = MaOscillator<moving_average::ZlemaKind>;
using HmaOscillator = MaOscillator<moving_average::HmaKind>;
using ZeroLagIndicatorOscillator = MaOscillator<moving_average::ZeroLagIndicatorKind>;
using DmaOscillator = MaOscillator<moving_average::DmaKind>;

/// Turn a moving average into its oscillator in place: average[i] = in[i] - average[i].
void oscillate(std::span<const double> in, std::span<double> average) noexcept;

/// Register every moving-average oscillator under backtrader's names.
void register_ma_oscillators(IndicatorRegistry& registry);

}  // namespace qbt::indicators
