#include "qbt/indicators/basic/lowest.hpp"

#include "qbt/core/check.hpp"
#include "qbt/indicators/registry.hpp"

namespace qbt::indicators {

namespace {
constexpr const char* k_name = "Lowest";
}  // namespace

Lowest::Lowest(std::int32_t period) : extreme_(check_period(k_name, period)) {}

void lowest(std::span<const double> in, std::int32_t period, std::span<double> out) {
  check_period(k_name, period);
  QBT_CHECK_OP(in.size(), ==, out.size());
  detail::sliding_extreme<detail::Extreme::min>(in, period, out);
}

void register_lowest(IndicatorRegistry& registry) {
  registry.add({
      .name = k_name,
      .aliases = {"MinN"},
      .doc = "Lowest of the last `period` values.",
      .reference = "backtrader Lowest (backtrader/indicators/basicops.py)",
      .inputs = {Field::close},
      .outputs = {"lowest"},
      .params = {period_param(14)},
      .lookback = [](const ParamValues& p) { return lowest_lookback(p.integer("period")); },
      .batch = [](const ParamValues& p, BatchInputs in,
                  BatchOutputs out) { lowest(in[0], p.integer("period"), out[0]); },
      .make_stream = [](const ParamValues& p) { return make_stream(Lowest(p.integer("period"))); },
  });
}

}  // namespace qbt::indicators
