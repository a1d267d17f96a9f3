#include "qbt/indicators/momentum/dpo.hpp"

#include <array>

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "DPO";
}  // namespace

Dpo::Dpo(std::int32_t period)
    : sma_(check_period(k_name, period)), averages_(dpo_lag(period) + 1), lag_(dpo_lag(period)) {}

void dpo(std::span<const double> in, std::int32_t period, std::span<double> out) {
  Dpo state(period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  const std::array<std::span<const double>, 1> inputs{in};
  const std::array<std::span<double>, 1> outputs{out};
  run_streaming(state, inputs, outputs);
}

void register_dpo(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"DetrendedPriceOscillator"},
      .doc = "Detrended price oscillator: value minus its SMA from (period-1)/2 bars ago.",
      .reference = "backtrader DetrendedPriceOscillator (backtrader/indicators/dpo.py)",
      .inputs = {Field::close},
      .outputs = {"dpo"},
      .params = {period_param(20, "SMA period (the shift is (period-1)/2)")},
      .lookback = [](const ParamValues& p) { return dpo_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { dpo(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Dpo(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
