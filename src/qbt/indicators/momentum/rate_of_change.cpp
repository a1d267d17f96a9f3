#include "qbt/indicators/momentum/rate_of_change.hpp"

#include "qbt/indicators/detail/lag_transform.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "ROC";
}  // namespace

RateOfChange::RateOfChange(std::int32_t period) : ring_(check_period(k_name, period)) {}

void rate_of_change(std::span<const double> in, std::int32_t period, std::span<double> out) {
  detail::lag_transform(k_name, in, period, out,
                        [](double now, double then) { return rate_of_change_of(now, then); });
}

void register_rate_of_change(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"RateOfChange"},
      .doc = "Change over `period` bars as a fraction of the earlier value.",
      .reference = "backtrader RateOfChange (backtrader/indicators/momentum.py)",
      .inputs = {Field::close},
      .outputs = {"roc"},
      .params = {period_param(12)},
      .lookback = [](const ParamValues& p) { return rate_of_change_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { rate_of_change(in[0], p.integer("period"), out[0]); },
      .make_stream =
          [](const ParamValues& p) { return make_stream(RateOfChange(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
