#include "qbt/indicators/momentum/rate_of_change_100.hpp"

#include "qbt/indicators/detail/lag_transform.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "ROC100";
}  // namespace

RateOfChange100::RateOfChange100(std::int32_t period) : roc_(check_period(k_name, period)) {}

void rate_of_change_100(std::span<const double> in, std::int32_t period, std::span<double> out) {
  detail::lag_transform(k_name, in, period, out, [](double now, double then) {
    return 100.0 * rate_of_change_of(now, then);
  });
}

void register_rate_of_change_100(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"RateOfChange100"},
      .doc = "Change over `period` bars in percent of the earlier value.",
      .reference = "backtrader RateOfChange100 (backtrader/indicators/momentum.py)",
      .inputs = {Field::close},
      .outputs = {"roc100"},
      .params = {period_param(12)},
      .lookback =
          [](const ParamValues& p) { return rate_of_change_100_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { rate_of_change_100(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(RateOfChange100(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
