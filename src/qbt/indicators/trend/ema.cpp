#include "qbt/indicators/trend/ema.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "EMA";
}  // namespace

Ema::Ema(std::int32_t period) : smoothing_(detail::ExpSmoothing::ema(check_period(k_name, period))) {}

void ema(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  auto state = detail::ExpSmoothing::ema(period);
  detail::smooth(state, in, out);
}

void register_ema(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"ExponentialMovingAverage", "MovingAverageExponential"},
      .doc = "Exponential moving average, alpha = 2/(period+1), seeded with the SMA.",
      .reference = "backtrader ExponentialMovingAverage (backtrader/indicators/ema.py)",
      .inputs = {Field::close},
      .outputs = {"ema"},
      .params = {period_param(30)},
      .lookback = [](const ParamValues& p) { return ema_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { ema(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Ema(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
