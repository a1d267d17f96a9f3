#include "qbt/indicators/trend/dema.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "DEMA";
}  // namespace

Dema::Dema(std::int32_t period) : ema1_(check_period(k_name, period)), ema2_(period) {}

void dema(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  Dema state(period);
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = state.update(in[i]);
  }
}

void register_dema(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"DoubleExponentialMovingAverage", "MovingAverageDoubleExponential"},
      .doc = "Double exponential moving average: 2*EMA - EMA(EMA).",
      .reference = "backtrader DoubleExponentialMovingAverage (backtrader/indicators/dema.py)",
      .inputs = {Field::close},
      .outputs = {"dema"},
      .params = {period_param(30)},
      .lookback = [](const ParamValues& p) { return dema_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { dema(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Dema(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
