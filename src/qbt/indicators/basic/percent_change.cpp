#include "qbt/indicators/basic/percent_change.hpp"

#include "qbt/indicators/detail/lag_transform.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "PercentChange";
}  // namespace

PercentChange::PercentChange(std::int32_t period) : ring_(check_period(k_name, period)) {}

void percent_change(std::span<const double> in, std::int32_t period, std::span<double> out) {
  detail::lag_transform(k_name, in, period, out,
                        [](double now, double then) { return now / then - 1.0; });
}

void register_percent_change(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"PctChange"},
      .doc = "Change over `period` bars as a fraction: x / x[-period] - 1.",
      .reference = "backtrader PercentChange (backtrader/indicators/percentchange.py)",
      .inputs = {Field::close},
      .outputs = {"pctchange"},
      .params = {period_param(30)},
      .lookback = [](const ParamValues& p) { return percent_change_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { percent_change(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(PercentChange(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
