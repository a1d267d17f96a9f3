#pragma once
/// Donchian channel breakout (the Turtle rule): enter long when the close rises above the
/// highest high of the previous `entry` bars, exit when it falls below the lowest low of the
/// previous `exit` bars. The channel excludes the current bar, so a bar never breaks out of a
/// channel it is part of and nothing is read ahead: entry[t] = close[t] > Highest(high,
/// entry)[t-1], exit[t] = close[t] < Lowest(low, exit)[t-1], with Highest and Lowest as in
/// backtrader (backtrader/indicators/basicops.py). No signal while the channel is undefined.

#include <memory>
#include <string_view>
#include <vector>

#include "qbt/strategy/signal_strategy.hpp"

namespace qbt::strategy {

class DonchianBreakout final : public SignalStrategy {
public:
  DonchianBreakout();

  [[nodiscard]] std::string_view name() const noexcept override { return "donchian_breakout"; }
  [[nodiscard]] std::string_view doc() const noexcept override;
  [[nodiscard]] const std::vector<ParamSpec>& params() const noexcept override { return params_; }
  /// Highest(high, entry), then Lowest(low, exit).
  void series(const ParamSet& params, std::vector<SeriesKey>& out) const override;
  void next_signals(const ParamSet& params, const data::BarFrame& bars,
                    std::span<const std::span<const double>> series, SignalSpans out,
                    SignalCarry& carry) const override;

private:
  std::vector<ParamSpec> params_;
};

/// A new donchian_breakout strategy, for a StrategyRegistry.
[[nodiscard]] std::unique_ptr<SignalStrategy> make_donchian_breakout();

}  // namespace qbt::strategy
