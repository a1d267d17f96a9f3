#pragma once
/// RSI mean reversion: enter long when RSI(close, period) crosses below `lower` (into oversold),
/// exit when it crosses above `upper` (into overbought). RSI follows backtrader
/// RelativeStrengthIndex (backtrader/indicators/rsi.py, Wilder's smoothing, no safe division);
/// the crossings are backtrader CrossDown(rsi, lower) and CrossUp(rsi, upper)
/// (backtrader/indicators/crossover.py, see indicators/basic/crossover.hpp), so touching a
/// threshold without going through it is no signal.

#include <memory>
#include <string_view>
#include <vector>

#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {

class RsiThreshold final : public SignalStrategy {
public:
  RsiThreshold();

  [[nodiscard]] std::string_view name() const noexcept override { return "rsi_threshold"; }
  [[nodiscard]] std::string_view doc() const noexcept override;
  [[nodiscard]] const std::vector<ParamSpec>& params() const noexcept override { return params_; }
  /// 0 < lower < upper < 100: a threshold at 0 or 100 could never be crossed.
  void validate(const ParamSet& params) const override;
  /// RSI(close, period).
  void series(const ParamSet& params, std::vector<SeriesKey>& out) const override;
  void next_signals(const ParamSet& params, const data::BarFrame& bars,
                    std::span<const std::span<const double>> series, SignalSpans out,
                    SignalCarry& carry) const override;

private:
  std::vector<ParamSpec> params_;
};

/// A new rsi_threshold strategy, for a StrategyRegistry.
[[nodiscard]] std::unique_ptr<SignalStrategy> make_rsi_threshold();

}  // namespace qbt::strategy
