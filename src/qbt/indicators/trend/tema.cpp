#include "qbt/indicators/trend/tema.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "TEMA";
}  // namespace

Tema::Tema(std::int32_t period)
    : ema1_(check_period(k_name, period)), ema2_(period), ema3_(period) {}

void tema(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  Tema state(period);
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = state.update(in[i]);
  }
}

void register_tema(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"TripleExponentialMovingAverage", "MovingAverageTripleExponential"},
      .doc = "Triple exponential moving average: 3*e1 - 3*e2 + e3 of nested EMAs.",
      .reference = "backtrader TripleExponentialMovingAverage (backtrader/indicators/dema.py)",
      .inputs = {Field::close},
      .outputs = {"tema"},
      .params = {period_param(30)},
      .lookback = [](const ParamValues& p) { return tema_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { tema(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Tema(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
