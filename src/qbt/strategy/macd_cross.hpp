#pragma once
/// MACD signal-line crossover: enter long when the MACD line crosses above its signal line,
/// exit when it crosses below. MACD follows backtrader MACD (backtrader/indicators/macd.py):
/// macd = EMA(close, fast) - EMA(close, slow), signal = EMA(macd, signal); the crossings follow
/// backtrader CrossOver (backtrader/indicators/crossover.py, see
/// indicators/basic/crossover.hpp).

#include <memory>
#include <string_view>
#include <vector>

#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {

class MacdCross final : public SignalStrategy {
public:
  MacdCross();

  [[nodiscard]] std::string_view name() const noexcept override { return "macd_cross"; }
  [[nodiscard]] std::string_view doc() const noexcept override;
  [[nodiscard]] const std::vector<ParamSpec>& params() const noexcept override { return params_; }
  /// fast < slow.
  void validate(const ParamSet& params) const override;
  /// MACD's `macd` line, then its `signal` line.
  void series(const ParamSet& params, std::vector<SeriesKey>& out) const override;
  void next_signals(const ParamSet& params, const data::BarFrame& bars,
                    std::span<const std::span<const double>> series, SignalSpans out,
                    SignalCarry& carry) const override;

private:
  std::vector<ParamSpec> params_;
};

/// A new macd_cross strategy, for a StrategyRegistry.
[[nodiscard]] std::unique_ptr<SignalStrategy> make_macd_cross();

}  // namespace qbt::strategy
