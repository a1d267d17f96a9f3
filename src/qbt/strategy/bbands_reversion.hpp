#pragma once
/// Bollinger Band mean reversion: enter long when the close crosses below the bottom band, exit
/// when it crosses above the top band. The bands follow backtrader BollingerBands
/// (backtrader/indicators/bollinger.py): mid = SMA(close, period), top/bot = mid +/- devfactor
/// * StdDev(close, period); the crossings are backtrader CrossDown(close, bot) and
/// CrossUp(close, top) (backtrader/indicators/crossover.py, see
/// indicators/basic/crossover.hpp), so touching a band without going through it is no signal.

#include <memory>
#include <string_view>
#include <vector>

#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {

class BbandsReversion final : public SignalStrategy {
public:
  BbandsReversion();

  [[nodiscard]] std::string_view name() const noexcept override { return "bbands_reversion"; }
  [[nodiscard]] std::string_view doc() const noexcept override;
  [[nodiscard]] const std::vector<ParamSpec>& params() const noexcept override { return params_; }
  /// BBands' `bot` line, then its `top` line.
  void series(const ParamSet& params, std::vector<SeriesKey>& out) const override;
  void next_signals(const ParamSet& params, const data::BarFrame& bars,
                    std::span<const std::span<const double>> series, SignalSpans out,
                    SignalCarry& carry) const override;

private:
  std::vector<ParamSpec> params_;
};

/// A new bbands_reversion strategy, for a StrategyRegistry.
[[nodiscard]] std::unique_ptr<SignalStrategy> make_bbands_reversion();

}  // namespace qbt::strategy
