#pragma once
/// Moving-average crossover on simple averages: enter long when SMA(close, fast) crosses above
/// SMA(close, slow), exit when it crosses below. Crossings follow backtrader CrossOver
/// (backtrader/indicators/crossover.py, see indicators/basic/crossover.hpp): +1 is an entry,
/// -1 an exit, and touching without going through is neither. backtrader's test strategy
/// CrossOver(close, SMA(close, 15)) (tests/test_strategy_unoptimized.py) is sma_cross(fast=1,
/// slow=15): an average of one bar is read as the close itself, since the compensated SMA(1)
/// only agrees with it to the last bit while prices stay within a factor of two bar to bar.

#include <memory>
#include <string_view>
#include <vector>

#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {

class SmaCross final : public SignalStrategy {
public:
  SmaCross();

  [[nodiscard]] std::string_view name() const noexcept override { return "sma_cross"; }
  [[nodiscard]] std::string_view doc() const noexcept override;
  [[nodiscard]] const std::vector<ParamSpec>& params() const noexcept override { return params_; }
  /// fast < slow.
  void validate(const ParamSet& params) const override;
  /// SMA(close, fast), unless fast is 1 (then the close is read from the bars), and
  /// SMA(close, slow).
  void series(const ParamSet& params, std::vector<SeriesKey>& out) const override;
  void next_signals(const ParamSet& params, const data::BarFrame& bars,
                    std::span<const std::span<const double>> series, SignalSpans out,
                    SignalCarry& carry) const override;

private:
  std::vector<ParamSpec> params_;
};

/// A new sma_cross strategy, for a StrategyRegistry.
[[nodiscard]] std::unique_ptr<SignalStrategy> make_sma_cross();

}  // namespace qbt::strategy
