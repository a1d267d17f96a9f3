#include "qbt/indicators/momentum/momentum.hpp"

#include "qbt/indicators/detail/lag_transform.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "Momentum";
}  // namespace

Momentum::Momentum(std::int32_t period) : ring_(check_period(k_name, period)) {}

void momentum(std::span<const double> in, std::int32_t period, std::span<double> out) {
  detail::lag_transform(k_name, in, period, out,
                        [](double now, double then) { return now - then; });
}

void register_momentum(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {},
      .doc = "Difference between the value and the value `period` bars earlier.",
      .reference = "backtrader Momentum (backtrader/indicators/momentum.py)",
      .inputs = {Field::close},
      .outputs = {"momentum"},
      .params = {period_param(12)},
      .lookback = [](const ParamValues& p) { return momentum_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { momentum(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(Momentum(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
