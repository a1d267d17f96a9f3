#include "qbt/indicators/momentum/momentum_oscillator.hpp"

#include "qbt/indicators/detail/lag_transform.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "MomentumOscillator";
}  // namespace

MomentumOscillator::MomentumOscillator(std::int32_t period) : ring_(check_period(k_name, period)) {}

void momentum_oscillator(std::span<const double> in, std::int32_t period, std::span<double> out) {
  detail::lag_transform(k_name, in, period, out,
                        [](double now, double then) { return momentum_oscillator_of(now, then); });
}

void register_momentum_oscillator(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"MomentumOsc"},
      .doc = "The value as a percentage of the value `period` bars earlier (100 = unchanged).",
      .reference = "backtrader MomentumOscillator (backtrader/indicators/momentum.py)",
      .inputs = {Field::close},
      .outputs = {"momosc"},
      .params = {period_param(12)},
      .lookback =
          [](const ParamValues& p) { return momentum_oscillator_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { momentum_oscillator(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(MomentumOscillator(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
