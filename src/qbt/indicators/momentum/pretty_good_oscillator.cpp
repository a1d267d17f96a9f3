#include "qbt/indicators/momentum/pretty_good_oscillator.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "PGO";
}  // namespace

PrettyGoodOscillator::PrettyGoodOscillator(std::int32_t period)
    : sma_(check_period(k_name, period)), atr_(period) {}

void pretty_good_oscillator(std::span<const double> high, std::span<const double> low,
                            std::span<const double> close, std::int32_t period,
                            std::span<double> out) {
  PrettyGoodOscillator state(period);
  const std::size_t n = close.size();
  QBT_CHECK(high.size() == n && low.size() == n && out.size() == n);
  const std::array<std::span<const double>, 3> inputs{high, low, close};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_pretty_good_oscillator(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"PrettyGoodOscillator", "PrettyGoodOsc"},
      .doc = "Pretty good oscillator: (close - SMA) / ATR, the distance in average true ranges.",
      .reference =
          "backtrader PrettyGoodOscillator (backtrader/indicators/prettygoodoscillator.py)",
      .inputs = {Field::high, Field::low, Field::close},
      .outputs = {"pgo"},
      .params = {period_param(14, "SMA and ATR period")},
      .lookback =
          [](const ParamValues& p) { return pretty_good_oscillator_lookback(p.integer("period")); },
      .batch =
          [](const ParamValues& p, BatchInputs in, BatchOutputs out) {
            pretty_good_oscillator(in[0], in[1], in[2], p.integer("period"), out[0]);
          },
      .make_stream =
          [](const ParamValues& p) {
            return make_stream(PrettyGoodOscillator(p.integer("period")));
          },
  });
}

}  // namespace qbt::indicators
