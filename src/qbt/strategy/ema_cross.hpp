#pragma once
/// Moving-average crossover on exponential averages: enter long when EMA(close, fast) crosses
/// above EMA(close, slow), exit when it crosses below. The averages follow backtrader
/// ExponentialMovingAverage (backtrader/indicators/ema.py) and the crossings backtrader
/// CrossOver (backtrader/indicators/crossover.py, see indicators/basic/crossover.hpp): +1 is an
/// entry, -1 an exit, and touching without going through is neither.

#include <memory>
#include <string_view>
#include <vector>

#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {

class EmaCross final : public SignalStrategy {
public:
  EmaCross();

  [[nodiscard]] std::string_view name() const noexcept override { return "ema_cross"; }
  [[nodiscard]] std::string_view doc() const noexcept override;
  [[nodiscard]] const std::vector<ParamSpec>& params() const noexcept override { return params_; }
  /// fast < slow.
  void validate(const ParamSet& params) const override;
  /// EMA(close, fast), EMA(close, slow).
  void series(const ParamSet& params, std::vector<SeriesKey>& out) const override;
  void next_signals(const ParamSet& params, const data::BarFrame& bars,
                    std::span<const std::span<const double>> series, SignalSpans out,
                    SignalCarry& carry) const override;

private:
  std::vector<ParamSpec> params_;
};

/// A new ema_cross strategy, for a StrategyRegistry.
[[nodiscard]] std::unique_ptr<SignalStrategy> make_ema_cross();

}  // namespace qbt::strategy
